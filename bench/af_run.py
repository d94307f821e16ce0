#!/usr/bin/env python3
"""Speed and memory of `causal af solve` against a peer library, whole processes from file to answer.

    python bench/af_run.py --setup-peer          # once: a separate venv with formal-argumentation 0.3.0
    python bench/af_run.py                       # 10^3 .. 10^6 arguments, best of 3
    python bench/af_run.py --sizes 1k,100k --repeat 5 --timeout 60

For each size a random framework is written as APX (bench/af_generate.py: n
arguments, each attacking two random arguments, seeded). Then, side by side
and interleaved, `--repeat` times each:

- ours, grounded: `causal af solve -p SE-GR -f FILE -fo apx`
- ours, preferred: `causal af solve -p SE-PR -f FILE -fo apx`
- the peer: bench/af_peer.py under the peer's Python, formal-argumentation's
  `parse_apx` + `grounded_extension`, printing the extension.

Every run is a fresh process, timed from start to exit (wall time, and the
child's user + system CPU time from os.wait4). Peak memory is the child's own
high-water mark, VmHWM, read from /proc/<pid>/status every few milliseconds
while it runs (ru_maxrss would not do: on Linux it carries the parent's peak
across fork and exec, see bench/run.py). The grounded answers of both solvers
are compared as sets. A run slower than --timeout is stopped and reported as
such. Results: a table on standard output, JSON in bench/out/af-results.json.
See bench/README.md, "Abstract argumentation".
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

from sizes import growth_per_10x, parse_size

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
PEER_VENV = OUT / "peer-venv"
PEER_REQUIREMENT = "formal-argumentation==0.3.0"

# The targets, judged from JUDGED_FROM arguments up.
MIN_SPEEDUP = 3.0  # peer time / our grounded time
MAX_MEMORY_RATIO = 0.5  # our grounded peak / the peer's peak
MAX_GROWTH_PER_10X = 11.0  # our grounded time for 10x the arguments; 10 is linear
JUDGED_FROM = 100_000

POLL_SECONDS = 0.002


def _vm_hwm(pid: int) -> int | None:
    """The process's peak resident set in bytes, or None once it has gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def run_process(command: list[str], stdout_path: Path, timeout: float) -> dict:
    """Run `command` to the end (or the timeout): wall and CPU seconds, peak memory, exit status."""
    with stdout_path.open("wb") as stdout, stdout_path.with_suffix(".stderr").open("wb") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        peak = 0
        timed_out = False
        while True:
            hwm = _vm_hwm(child.pid)
            if hwm is not None:
                peak = max(peak, hwm)
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.kill(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                timed_out = True
                break
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak": peak,
        "exit": child.returncode,
        "timed_out": timed_out,
        "ru_maxrss": usage.ru_maxrss * 1024,  # for reference only: may be the parent's peak
    }


def _members(output: str) -> set[str] | None:
    """The names in an ICCMA answer `[a,b]` (None when it is not one)."""
    text = output.strip()
    if not (text.startswith("[") and text.endswith("]")):
        return None
    inner = text[1:-1]
    return set(inner.split(",")) if inner else set()


def _causal_command() -> list[str]:
    script = Path(sys.executable).parent / "causal"
    if script.exists():
        return [str(script)]
    found = shutil.which("causal")
    return [found] if found else [sys.executable, "-m", "causal"]


def setup_peer(where: Path) -> Path:
    """A venv at `where` with the peer library; its Python."""
    python = where / "bin" / "python"
    if not python.exists():
        print(f"creating {where} ...", file=sys.stderr, flush=True)
        venv.create(where, with_pip=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", PEER_REQUIREMENT], check=True)
    return python


def _summary(runs: list[dict], clock: str) -> dict:
    finished = [run for run in runs if not run["timed_out"] and run["exit"] == 0]
    if not finished:
        failed = runs[0]
        return {"ok": False, "why": "timeout" if failed["timed_out"] else f"exit {failed['exit']}",
                "wall": failed["wall"], "runs": runs}
    return {
        "ok": True,
        "seconds": min(run[clock] for run in finished),
        "wall": min(run["wall"] for run in finished),
        "cpu": min(run["cpu"] for run in finished),
        "peak": max(run["peak"] for run in finished),
        "runs": [{"wall": round(r["wall"], 4), "cpu": round(r["cpu"], 4), "peak": r["peak"]} for r in finished],
    }


def measure(sizes: list[int], seed: int, repeat: int, clock: str, timeout: float, peer_python: Path | None,
            preferred: bool, model: str = "attacks") -> list[dict]:
    sys.path.insert(0, str(HERE))
    from af_generate import generate

    causal = _causal_command()
    rows = []
    for size in sizes:
        path = OUT / (f"af-{size}.apx" if model == "attacks" else f"af-{model}-{size}.apx")
        print(f"[{size:>8} arguments] generating {path.relative_to(HERE.parent)} ...", file=sys.stderr, flush=True)
        generated = generate(size, seed, path, model)
        solvers = {"ours SE-GR": [*causal, "af", "solve", "-p", "SE-GR", "-f", str(path), "-fo", "apx"]}
        if preferred:
            solvers["ours SE-PR"] = [*causal, "af", "solve", "-p", "SE-PR", "-f", str(path), "-fo", "apx"]
        if peer_python is not None:
            solvers["peer GR"] = [str(peer_python), str(HERE / "af_peer.py"), str(path)]
        runs: dict[str, list[dict]] = {name: [] for name in solvers}
        answers: dict[str, set[str] | None] = {}
        for attempt in range(repeat):
            for name, command in solvers.items():
                # A solver that timed out once is not run again at this size.
                if runs[name] and runs[name][-1]["timed_out"]:
                    continue
                print(f"[{size:>8} arguments] run {attempt + 1}/{repeat}: {name}", file=sys.stderr, flush=True)
                output = path.with_suffix(f".{name.replace(' ', '-')}.out")
                runs[name].append(run_process(command, output, timeout))
                if name not in answers and not runs[name][-1]["timed_out"]:
                    answers[name] = _members(output.read_text(encoding="utf-8", errors="replace"))
        row = {**generated, "solvers": {name: _summary(found, clock) for name, found in runs.items()}}
        ours, peer = answers.get("ours SE-GR"), answers.get("peer GR")
        row["grounded_size"] = len(ours) if ours is not None else None
        if ours is not None and peer is not None:
            row["grounded_agree"] = ours == peer
        rows.append(row)
    return rows


def judge(rows: list[dict]) -> list[dict]:
    verdicts = []
    for row in rows:
        ours, peer = row["solvers"]["ours SE-GR"], row["solvers"].get("peer GR")
        if ours["ok"] and peer and peer["ok"]:
            row["speedup"] = peer["seconds"] / ours["seconds"]
            row["memory_ratio"] = ours["peak"] / peer["peak"]
            if row["arguments"] >= JUDGED_FROM:
                verdicts.append({"target": "peer time / ours", "where": str(row["arguments"]), "value": row["speedup"],
                                 "limit": f">= {MIN_SPEEDUP}", "pass": row["speedup"] >= MIN_SPEEDUP})
                verdicts.append({"target": "our peak / peer's", "where": str(row["arguments"]),
                                 "value": row["memory_ratio"], "limit": f"<= {MAX_MEMORY_RATIO}",
                                 "pass": row["memory_ratio"] <= MAX_MEMORY_RATIO})
        if "grounded_agree" in row:
            verdicts.append({"target": "same grounded answer", "where": str(row["arguments"]),
                             "value": float(row["grounded_agree"]), "limit": "== 1", "pass": row["grounded_agree"]})
    for small, large in zip(rows, rows[1:]):
        first, second = small["solvers"]["ours SE-GR"], large["solvers"]["ours SE-GR"]
        if not (first["ok"] and second["ok"]):
            continue
        growth = growth_per_10x((small["arguments"], first["seconds"]), (large["arguments"], second["seconds"]))
        large["growth_per_10x"] = growth
        if growth is not None and small["arguments"] >= JUDGED_FROM:
            verdicts.append({"target": "our growth per 10x", "where": f"{small['arguments']}->{large['arguments']}",
                             "value": growth, "limit": f"<= {MAX_GROWTH_PER_10X}", "pass": growth <= MAX_GROWTH_PER_10X})
    return verdicts


def _si(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    return f"{value / 1e3:g}k" if value >= 1e3 else f"{value:g}"


def _cell(summary: dict | None, key: str) -> str:
    if summary is None:
        return "-"
    if not summary["ok"]:
        return summary["why"] if key == "seconds" else "-"
    if key == "peak":
        return f"{summary['peak'] / 1e6:.0f}"
    return f"{summary[key]:.2f}"


def render(rows: list[dict], verdicts: list[dict], repeat: int, clock: str, timeout: float) -> str:
    header = ("args", "attacks", "MB", "GR s", "GR cpu", "GR peak MB", "peer s", "peer cpu", "peer peak MB",
              "peer/ours", "mem ours/peer", "growth/10x", "|grounded|", "agree", "PR s", "PR peak MB")
    table = []
    for row in rows:
        solvers = row["solvers"]
        ours, peer, pref = solvers["ours SE-GR"], solvers.get("peer GR"), solvers.get("ours SE-PR")
        table.append((
            _si(row["arguments"]), _si(row["attack_lines"]), f"{row['bytes'] / 1e6:.1f}",
            _cell(ours, "seconds"), _cell(ours, "cpu"), _cell(ours, "peak"),
            _cell(peer, "seconds"), _cell(peer, "cpu"), _cell(peer, "peak"),
            f"{row['speedup']:.1f}x" if "speedup" in row else "-",
            f"{row['memory_ratio']:.2f}" if "memory_ratio" in row else "-",
            f"{row['growth_per_10x']:.1f}" if row.get("growth_per_10x") else "-",
            str(row["grounded_size"]) if row.get("grounded_size") is not None else "-",
            {True: "yes", False: "NO"}.get(row.get("grounded_agree"), "-"),
            _cell(pref, "seconds"), _cell(pref, "peak"),
        ))
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in table]
    lines.append("")
    lines.append(f"s: best of {repeat} whole-process runs, {'wall' if clock == 'wall' else 'CPU'} seconds; cpu: best "
                 "user + system seconds; peak: the process's VmHWM (MB = 10^6 bytes); MB: APX file size")
    lines.append(f"GR = causal af solve -p SE-GR, PR = causal af solve -p SE-PR, peer = formal-argumentation "
                 f"parse_apx + grounded_extension; runs over {timeout:g} s are stopped ('timeout')")
    lines.append("")
    for verdict in verdicts:
        lines.append(f"{'PASS' if verdict['pass'] else 'FAIL'}  {verdict['target']:<22} {verdict['where']:>16}: "
                     f"{verdict['value']:.2f} (target {verdict['limit']})")
    return "\n".join(lines)


def _environment(peer_python: Path | None) -> dict:
    def output(command: list[str]) -> str | None:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30, cwd=HERE.parent)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    peer_version = None
    if peer_python is not None:
        peer_version = output([str(peer_python), "-c",
                               "import importlib.metadata as m; print(m.version('formal-argumentation'))"])
    status = output(["git", "status", "--porcelain", "--untracked-files=no"])
    return {
        "python": platform.python_version(),
        "peer_python": str(peer_python) if peer_python else None,
        "peer_version": peer_version,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": output(["git", "rev-parse", "HEAD"]),
        "dirty": bool(status) if status is not None else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="AF benchmark: causal af solve against formal-argumentation "
                                     "(see bench/README.md).")
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="comma-separated argument counts (default 1000,10000,100000,1000000); 10k, 1m work")
    parser.add_argument("--repeat", type=int, default=3, help="runs per solver and size; the best counts (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--model", choices=("attacks", "attacked"), default="attacks",
                        help="attacks: each argument attacks two random ones (default); attacked: each is attacked by "
                        "two (empty grounded extension, one giant component: the hard case for SE-PR)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="the time the table and the targets use (default wall: whole processes)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is stopped (default 120)")
    parser.add_argument("--no-preferred", action="store_true", help="skip our SE-PR runs")
    parser.add_argument("--peer-python", type=Path, default=None,
                        help=f"the Python with formal-argumentation installed (default {PEER_VENV.relative_to(HERE.parent)}/bin/python)")
    parser.add_argument("--setup-peer", action="store_true",
                        help=f"create {PEER_VENV.relative_to(HERE.parent)} and install {PEER_REQUIREMENT} into it, then run")
    parser.add_argument("--no-peer", action="store_true", help="measure ours only")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results (default bench/out/af-results.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    try:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError as error:
        parser.error(str(error))
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    OUT.mkdir(parents=True, exist_ok=True)

    peer_python = None
    if not args.no_peer:
        peer_python = setup_peer(PEER_VENV) if args.setup_peer else (args.peer_python or PEER_VENV / "bin" / "python")
        if not peer_python.exists():
            parser.error(f"no peer Python at {peer_python}: run with --setup-peer once, give --peer-python, "
                         "or --no-peer")

    started = datetime.datetime.now(datetime.timezone.utc)
    rows = measure(sizes, args.seed, args.repeat, args.clock, args.timeout, peer_python, not args.no_preferred,
                   args.model)
    verdicts = judge(rows)
    print(render(rows, verdicts, args.repeat, args.clock, args.timeout))
    result = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds(),
        "settings": {"sizes": sizes, "seed": args.seed, "model": args.model, "repeat": args.repeat,
                     "clock": args.clock, "timeout": args.timeout},
        "targets": {"min_speedup": MIN_SPEEDUP, "max_memory_ratio": MAX_MEMORY_RATIO,
                    "max_growth_per_10x": MAX_GROWTH_PER_10X, "judged_from": JUDGED_FROM},
        "environment": _environment(peer_python),
        "sizes": rows,
        "verdicts": verdicts,
        "pass": all(v["pass"] for v in verdicts),
    }
    json_path = args.json or OUT / "af-results.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {json_path}")
    return 1 if args.strict and not result["pass"] else 0


if __name__ == "__main__":
    sys.exit(main())
