#!/usr/bin/env python3
"""Speed and memory benchmark of `causal check` against the bare Lark parse.

    python bench/run.py                          # sizes 1k, 10k, 100k, 300k; best of 3
    python bench/run.py --sizes 1000,10000 --repeat 5
    python bench/run.py --profile                # also cProfile the check at the largest size
    python bench/run.py --strict                 # exit 1 when a target fails

For each size the case file is generated (bench/generate.py, into bench/out/),
then every measurement runs in a fresh Python process, so that one
measurement's garbage and caches do not affect the next and peak memory is
the measured work's own:

- parse: the bare Lark LALR(1) parse with the project's grammar, contextual
  lexer, building Lark's default parse tree (no transformer): read the file,
  parse it. The yardstick: no checker can be faster than the parser alone.
- check: `causal.inputs.case_files.read_case` + `causal.pipeline.check_text`, which is
  `causal check` without rendering the report.
- cli: `causal check --format json FILE`, end to end (interpreter start,
  imports, grammar, check, JSON rendering), for reference; stdout goes to a
  file in bench/out/ and its size is recorded.
- phases (one extra run): where the check's time goes, by pipeline stage
  (parser, value checks, model, each rule family, allows, expectations).

Time is the best of --repeat runs, measured inside the child (process CPU
time by default, wall time with --clock wall; grammar construction and
imports are done before the clock starts). Peak memory is `ru_maxrss` of the
child after the work minus `ru_maxrss` after the imports and a warm-up on a
tiny case (the largest of the repeats), i.e. how much the peak resident set
grew because of the file. --tracemalloc adds one more run per size measuring
the traced Python allocations' peak instead. Results are printed as a table
with PASS/FAIL per target and written as JSON. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sizes import growth_per_10x, parse_size

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
DEFAULT_SIZES = (1_000, 10_000, 100_000, 300_000)

# The targets.
MAX_CHECK_OVER_PARSE = 1.3  # check time / bare parse time
MAX_GROWTH_PER_10X = 11.0  # time growth for 10x the statements
MAX_MEMORY_OVER_FILE = 15.0  # peak memory growth / file size

# Process CPU time is the default clock: this work is single-threaded, so on an idle
# machine it equals wall time, and unlike wall time it does not count the time
# other processes hold the CPU.
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}

TINY_CASE = """case "warm-up"
source s "S" reliability B
event a "A" at 2015
event b "B" at 2016-03
evidence e from s credibility 2 supports a
link a -> b because e
chain t: a -> b
expect chain t is weak
"""


# --- children: one measurement each, in a fresh interpreter ---------------------------------


def _maxrss_bytes() -> int:
    """This process's peak resident set.

    On Linux, ru_maxrss survives fork and exec: a child started by a large
    parent (this script, holding a generated case) reports the parent's peak
    until it exceeds it, which understates the child's growth. The kernel's
    VmHWM is the high-water mark of the process's own memory, so use it there.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    # Linux reports kilobytes, macOS bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _child(mode: str, path: Path, tracemalloc_on: bool, clock: str, collector: bool = True) -> dict:
    """Run one measurement in this (fresh) process; return what was measured."""
    if mode == "parse":
        from lark import Lark

        from causal.language.parser import grammar_text

        lark = Lark(grammar_text(), parser="lalr", lexer="contextual")
        lark.parse(TINY_CASE)

        def work():
            return lark.parse(path.read_text(encoding="utf-8"))

    elif mode in ("check", "phases"):
        from causal.inputs.case_files import read_case
        from causal.pipeline import check_text

        check_text(TINY_CASE, "<warm-up>", path.parent)
        gc.collect()
        phases = _install_phase_timers(CLOCKS[clock]) if mode == "phases" else None

        def work():
            text, error = read_case(path)
            if error is not None:
                raise SystemExit(f"cannot read {path}: {error.message}")
            return check_text(text, str(path), path.parent)

    else:
        raise SystemExit(f"unknown child mode {mode}")

    gc.collect()
    if not collector:
        gc.disable()
    collections = _watch_garbage_collector()
    if tracemalloc_on:
        import tracemalloc

        tracemalloc.start()
    baseline = _maxrss_bytes()
    start, start_cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    peak = _maxrss_bytes()
    measured = {
        "mode": mode,
        "wall": wall,
        "cpu": cpu,
        "gc_seconds": collections["seconds"],
        "gc_collections": collections["count"],
        "rss_baseline": baseline,
        "rss_peak": peak,
        "rss_delta": peak - baseline,
    }
    if tracemalloc_on:
        import tracemalloc

        measured["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if mode in ("check", "phases"):
        measured["findings"] = _finding_summary(result)
    if mode == "phases":
        measured["phases"] = phases
    return measured


def _watch_garbage_collector() -> dict:
    """Time spent in Python's cyclic garbage collector from now on (wall clock)."""
    state = {"seconds": 0.0, "count": 0, "started": 0.0}

    def callback(phase, info):
        if phase == "start":
            state["started"] = time.perf_counter()
        else:
            state["seconds"] += time.perf_counter() - state["started"]
            state["count"] += 1

    gc.callbacks.append(callback)
    return state


def _finding_summary(report) -> dict:
    by_rule: dict[str, int] = {}
    for finding in report.findings:
        key = f"{finding.rule} ({finding.severity.name.lower()}{', expected' if finding.expected else ''})"
        by_rule[key] = by_rule.get(key, 0) + 1
    verdicts: dict[str, int] = {}
    for chain in report.chains:
        verdicts[chain.verdict] = verdicts.get(chain.verdict, 0) + 1
    return {
        "total": len(report.findings),
        "unexpected": sum(1 for f in report.findings if not f.expected),
        "by_rule": dict(sorted(by_rule.items())),
        "chain_verdicts": dict(sorted(verdicts.items())),
    }


def _install_phase_timers(now) -> dict[str, float]:
    """Wrap the stages `check_text` calls (as names in causal.pipeline) with timers.

    Stages returning iterators are consumed inside the timer, so a rule
    family's time is its own. Names that a later checker no longer uses are
    skipped; whatever is not wrapped shows up as "other".
    """
    from causal import pipeline as checker

    phases: dict[str, float] = {}
    # Garbage collections run whenever allocations reach a threshold, so whichever
    # stage is running pays for them; each stage's share is recorded apart.
    current = ["other"]
    collecting = {"started": 0.0}

    def on_collection(phase, info):
        if phase == "start":
            collecting["started"] = time.perf_counter()
        else:
            key = f"gc in {current[0]}"
            phases[key] = phases.get(key, 0.0) + time.perf_counter() - collecting["started"]

    gc.callbacks.append(on_collection)

    def timed(label, function, consume):
        def wrapper(*args, **kwargs):
            outer, current[0] = current[0], label
            start = now()
            try:
                value = function(*args, **kwargs)
                if consume:
                    value = list(value)
            finally:
                phases[label] = phases.get(label, 0.0) + now() - start
                current[0] = outer
            return value

        return wrapper

    stages = {
        "parse": ("parser (lark + transformer)", False),
        "build_model": ("model.build_model", False),
        "analyse_case": ("analysis.labels", False),
        "assess_chains": ("chains.assess_chains", False),
    }
    for name, (label, consume) in stages.items():
        if hasattr(checker, name):
            setattr(checker, name, timed(label, getattr(checker, name), consume))
    # Every phase's checks come from the rule table; each is timed under its family's name.
    from causal.rules.base import Phase
    from causal.rules.registry import CHECKS

    meta_labels = {
        "report_unknown_rules": "meta.check_rule_references",
        "settle_allows": "meta.apply_allows",
        "settle_expectations": "meta.match_expectations",
    }
    for phase, checks in list(CHECKS.items()):
        if phase is Phase.VALUES:
            CHECKS[phase] = tuple(timed("input.check_values", check, True) for check in checks)
        elif phase is Phase.SETTLE:
            CHECKS[phase] = tuple(
                timed(meta_labels.get(check.__name__, f"meta.{check.__name__}"), check, False) for check in checks
            )
        else:
            CHECKS[phase] = tuple(
                timed(f"rules.{check.__module__.rsplit('.', 1)[-1]}", check, True) for check in checks
            )
    return phases


def _profile_child(path: Path, output: Path, top: int) -> None:
    import cProfile
    import io
    import pstats

    from causal.inputs.case_files import read_case
    from causal.pipeline import check_text

    check_text(TINY_CASE, "<warm-up>", path.parent)
    profiler = cProfile.Profile()
    profiler.enable()
    text, _ = read_case(path)
    check_text(text, str(path), path.parent)
    profiler.disable()
    profiler.dump_stats(output)
    for order in ("tottime", "cumulative"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order).print_stats(top)
        print(f"--- cProfile of the check, {path.name}, by {order} (top {top}) ---")
        print(_trim_profile(stream.getvalue()))


def _trim_profile(text: str) -> str:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.lstrip().startswith("ncalls"):
            return "\n".join(lines[index:])
    return text


# --- the parent: generate, run children, judge ---------------------------------------------


def _run_child(mode: str, path: Path, tracemalloc_on: bool = False, clock: str = "cpu", collector: str = "on") -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(path), "--clock", clock, "--gc", collector]
    if tracemalloc_on:
        command.append("--tracemalloc")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child {mode} failed on {path}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _causal_command() -> list[str] | None:
    script = Path(sys.executable).parent / "causal"
    if script.exists():
        return [str(script)]
    found = shutil.which("causal")
    return [found] if found else None


def _run_cli(path: Path) -> dict:
    command = _causal_command()
    if command is None:
        return {"available": False, "why": "no `causal` command next to this Python or on PATH"}
    output = path.with_suffix(".json")
    with output.open("wb") as stdout:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([*command, "check", "--format", "json", str(path)], stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    size = output.stat().st_size
    # 0: no problems, 1: findings; anything else is a usage error or a crash.
    if done.returncode not in (0, 1) or size == 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return {"available": False, "why": f"exit {done.returncode}, {size} bytes of output: {why[0]}"}
    return {"available": True, "wall": wall, "cpu": cpu, "exit": done.returncode, "output_bytes": size}


def _summary(runs: list[dict], clock: str) -> dict:
    """Best time of the runs on the judging clock (and on each clock), the largest memory growth."""
    best = min(runs, key=lambda run: run[clock])
    summary = {
        "seconds": best[clock],
        "wall": min(run["wall"] for run in runs),
        "cpu": min(run["cpu"] for run in runs),
        "runs": [{"wall": round(run["wall"], 4), "cpu": round(run["cpu"], 4)} for run in runs],
    }
    if "rss_delta" in best:
        summary["gc_seconds"] = best["gc_seconds"]
        summary["gc_collections"] = best["gc_collections"]
        summary["rss_delta"] = max(run["rss_delta"] for run in runs)
        summary["rss_baseline"] = best["rss_baseline"]
    return summary


def _git_state() -> dict:
    def git(*args):
        try:
            done = subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(status) if status is not None else None}


def _environment() -> dict:
    import lark

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "lark": lark.__version__,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        **_git_state(),
    }


def measure(
    sizes: list[int], seed: int, repeat: int, clock: str, cli: bool, phases: bool, tracemalloc_on: bool,
    collector: str = "on",
) -> list[dict]:
    sys.path.insert(0, str(HERE))
    from generate import generate

    rows = []
    for size in sizes:
        path = OUT / f"case-{size}.cx"
        print(f"[{size:>7} statements] generating {path.relative_to(HERE.parent)} ...", file=sys.stderr, flush=True)
        generated = generate(size, seed, path)
        parse_runs, check_runs, cli_runs = [], [], []
        for attempt in range(repeat):
            print(f"[{size:>7} statements] run {attempt + 1}/{repeat}: parse, check" + (", cli" if cli else ""), file=sys.stderr, flush=True)
            parse_runs.append(_run_child("parse", path, clock=clock, collector=collector))
            check_runs.append(_run_child("check", path, clock=clock, collector=collector))
            if cli:
                cli_runs.append(_run_cli(path))
        row = {
            "statements": generated["statements"],
            "bytes": generated["bytes"],
            "lines": generated["lines"],
            "document_bytes": generated["document_bytes"],
            "counts": generated["counts"],
            "parse": _summary(parse_runs, clock),
            "check": _summary(check_runs, clock),
            "findings": check_runs[0]["findings"],
            "planted": generated["planted"],
        }
        available = [r for r in cli_runs if r.get("available")]
        if available:
            row["cli"] = {**_summary(available, clock), "output_bytes": available[0]["output_bytes"],
                          "exit": available[0]["exit"]}
        elif cli_runs:
            row["cli"] = {"available": False, "why": cli_runs[0]["why"]}
        if phases:
            print(f"[{size:>7} statements] phases run", file=sys.stderr, flush=True)
            run = _run_child("phases", path, clock=clock, collector=collector)
            timed = {k: v for k, v in run["phases"].items() if not k.startswith("gc in ")}
            collected = {k[len("gc in "):]: v for k, v in run["phases"].items() if k.startswith("gc in ")}
            timed["other"] = max(0.0, run[clock] - sum(timed.values()))
            stages = {
                name: {"seconds": seconds, "gc": collected.get(name, 0.0)}
                for name, seconds in sorted(timed.items(), key=lambda item: -item[1])
            }
            row["phases"] = {"seconds": run[clock], "stages": stages, "gc_seconds": run["gc_seconds"]}
        if tracemalloc_on:
            print(f"[{size:>7} statements] tracemalloc run", file=sys.stderr, flush=True)
            row["check"]["tracemalloc_peak"] = _run_child(
                "check", path, tracemalloc_on=True, clock=clock, collector=collector
            )["tracemalloc_peak"]
        rows.append(row)
    return rows


def judge(rows: list[dict]) -> list[dict]:
    """Each target, for each size (or pair of successive sizes): value, limit, PASS or FAIL."""
    verdicts = []
    for row in rows:
        ratio = row["check"]["seconds"] / row["parse"]["seconds"]
        row["check_over_parse"] = ratio
        verdicts.append({"target": "check/parse", "where": f"{row['statements']}", "value": ratio,
                         "limit": MAX_CHECK_OVER_PARSE, "pass": ratio <= MAX_CHECK_OVER_PARSE})
        memory = row["check"]["rss_delta"] / row["bytes"]
        row["memory_over_file"] = memory
        verdicts.append({"target": "peak memory/file", "where": f"{row['statements']}", "value": memory,
                         "limit": MAX_MEMORY_OVER_FILE, "pass": memory <= MAX_MEMORY_OVER_FILE})
    for small, large in zip(rows, rows[1:]):
        for what in ("check", "parse"):
            growth = growth_per_10x(
                (small["statements"], small[what]["seconds"]), (large["statements"], large[what]["seconds"])
            )
            large[f"{what}_growth_per_10x"] = growth
            if what == "check" and growth is not None:
                verdicts.append({"target": "check growth per 10x", "where": f"{small['statements']}->{large['statements']}",
                                 "value": growth, "limit": MAX_GROWTH_PER_10X, "pass": growth <= MAX_GROWTH_PER_10X})
    return verdicts


def _si(value: float) -> str:
    return f"{value / 1e6:.2f}M" if value >= 1e6 else f"{value / 1e3:.1f}k" if value >= 1e3 else f"{value:.0f}"


def render(rows: list[dict], verdicts: list[dict], repeat: int, clock: str) -> str:
    header = ("stmts", "MB", "parse s", "stmt/s", "MB/s", "check s", "stmt/s", "MB/s", "chk/prs",
              "growth/10x", "gc%", "peak MB", "peak/file", "parse peak/file", "cli s", "findings")
    table = []
    for row in rows:
        mb = row["bytes"] / 1e6
        parse, check = row["parse"]["seconds"], row["check"]["seconds"]
        growth = row.get("check_growth_per_10x")
        cli = row.get("cli", {})
        table.append((
            _si(row["statements"]), f"{mb:.2f}",
            f"{parse:.3f}", _si(row["statements"] / parse), f"{mb / parse:.2f}",
            f"{check:.3f}", _si(row["statements"] / check), f"{mb / check:.2f}",
            f"{row['check_over_parse']:.2f}",
            f"{growth:.1f}" if growth is not None else "-",
            f"{row['check']['gc_seconds'] / row['check']['wall']:.0%}",
            f"{row['check']['rss_delta'] / 1e6:.0f}", f"{row['memory_over_file']:.1f}",
            f"{row['parse']['rss_delta'] / row['bytes']:.1f}",
            f"{cli['seconds']:.2f}" if "seconds" in cli else "n/a",
            f"{row['findings']['total']} ({row['findings']['unexpected']} unexp.)",
        ))
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in table]
    lines.append("")
    lines.append(
        f"times: best of {repeat}, seconds of {'process CPU time' if clock == 'cpu' else 'wall time'}; "
        "MB = 10^6 bytes of case file; gc% = share of the check's wall time in the cyclic garbage collector;"
    )
    lines.append(
        "peak = growth of the process's peak resident set (ru_maxrss) over its state after imports and a warm-up "
        "(largest of the repeats); cli = `causal check --format json FILE` end to end, including interpreter start"
    )
    traced = [row for row in rows if "tracemalloc_peak" in row["check"]]
    if traced:
        lines.append("tracemalloc peak of the check / file size: " + ", ".join(
            f"{_si(row['statements'])} {row['check']['tracemalloc_peak'] / row['bytes']:.1f}" for row in traced))
    for row in rows:
        if "cli" in row and "seconds" not in row["cli"]:
            lines.append(f"cli not measured at {row['statements']}: {row['cli']['why']}")
            break
    lines.append("")
    for verdict in verdicts:
        lines.append(
            f"{'PASS' if verdict['pass'] else 'FAIL'}  {verdict['target']:<22} {verdict['where']:>16}: "
            f"{verdict['value']:.2f} (target <= {verdict['limit']})"
        )
    if any("phases" in row for row in rows):
        lines.append("")
        lines.append("where the check's time goes (one extra run; seconds, share, and the garbage collections that "
                     "ran during the stage; stages below 0.5% left out):")
        for row in rows:
            if "phases" not in row:
                continue
            total = row["phases"]["seconds"]
            parts = ", ".join(
                f"{name} {stage['seconds']:.2f} ({stage['seconds'] / total:.0%}"
                + (f", gc {stage['gc']:.2f}" if stage["gc"] >= 0.005 else "") + ")"
                for name, stage in row["phases"]["stages"].items()
                if stage["seconds"] / total >= 0.005
            )
            lines.append(f"  {_si(row['statements'])}: total {total:.2f}, of which garbage collection "
                         f"{row['phases']['gc_seconds']:.2f}: {parts}")
    if rows:
        lines.append("")
        lines.append("findings at the largest size: " + ", ".join(
            f"{name} {count}" for name, count in rows[-1]["findings"]["by_rule"].items()))
        lines.append("chain verdicts at the largest size: " + ", ".join(
            f"{name} {count}" for name, count in rows[-1]["findings"]["chain_verdicts"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Speed and memory benchmark of `causal check` (see bench/README.md).")
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="comma-separated statement counts (default 1000,10000,100000,300000); 10k or 1.5M also work")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best time counts (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="the clock the targets are judged on: process CPU time (default) or wall time")
    parser.add_argument("--gc", choices=("on", "off"), default="on",
                        help="off: disable Python's cyclic garbage collector in the parse and check runs, "
                        "to see the code's own cost (default on, as `causal check` runs)")
    parser.add_argument("--no-cli", action="store_true", help="skip the end-to-end `causal check` runs")
    parser.add_argument("--no-phases", action="store_true", help="skip the per-stage timing run")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure tracemalloc's peak (one slower extra run per size)")
    parser.add_argument("--profile", action="store_true", help="cProfile the check at the largest size and print the top functions")
    parser.add_argument("--profile-top", type=int, default=30, help="functions shown per profile listing (default 30)")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results (default bench/out/results.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any target fails")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        mode, file = args.child
        if mode == "profile":
            _profile_child(Path(file), Path(file).with_suffix(".prof"), args.profile_top)
            return 0
        print(json.dumps(_child(mode, Path(file), args.tracemalloc, args.clock, args.gc == "on")))
        sys.stdout.flush()
        os._exit(0)  # skip freeing the parse tree / report: not part of the measurement

    try:
        sizes = [parse_size(s, least=30) for s in args.sizes.split(",") if s.strip()]
    except ValueError as error:
        parser.error(str(error))
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    OUT.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    rows = measure(
        sizes, args.seed, args.repeat, args.clock, not args.no_cli, not args.no_phases, args.tracemalloc, args.gc
    )
    verdicts = judge(rows)
    print(render(rows, verdicts, args.repeat, args.clock))
    result = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds(),
        "settings": {"sizes": sizes, "seed": args.seed, "repeat": args.repeat, "clock": args.clock, "gc": args.gc},
        "targets": {"check_over_parse": MAX_CHECK_OVER_PARSE, "growth_per_10x": MAX_GROWTH_PER_10X,
                    "memory_over_file": MAX_MEMORY_OVER_FILE,
                    "memory_measure": "ru_maxrss growth of the check process over its state after imports and a warm-up"},
        "environment": _environment(),
        "sizes": rows,
        "verdicts": verdicts,
        "pass": all(v["pass"] for v in verdicts),
    }
    json_path = args.json or OUT / "results.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {json_path}")
    if args.profile:
        largest = OUT / f"case-{sizes[-1]}.cx"
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "profile", str(largest),
                        "--profile-top", str(args.profile_top)], check=False)
        print(f"profile data: {largest.with_suffix('.prof')} (open with `python -m pstats`)")
    return 1 if args.strict and not result["pass"] else 0


if __name__ == "__main__":
    sys.exit(main())
