#!/usr/bin/env python3
"""Start-up cost of `causal`: small commands as editors and pre-commit hooks run them, each a fresh process.

    python bench/startup.py                       # the causal of this Python, 20 runs of each command
    python bench/startup.py --repeat 50
    python bench/startup.py --instructions        # also count instructions under valgrind (slow; load-independent)
    python bench/startup.py --setup-wheel         # build a wheel, install it into bench/out/startup-venv, measure it
    python bench/startup.py --python bench/out/startup-venv/bin/python --strict
    git archive main | tar -x -C /tmp/main && python bench/startup.py --setup-wheel --wheel-from /tmp/main \
        --venv bench/out/startup-venv-main        # the same, for another version (a baseline)

Each command runs --repeat times, interleaved (one run of each in turn, so a
busy spell of the machine falls on all of them alike), every run a fresh
process started from here. Time is the child's CPU time (user + system, from
os.wait4); the table shows the best and the median of the runs, and the best
over a bare `python -c pass` (interpreter start-up, which no command can save).
The commands:

- `python -c pass`, `python -c "import click"`, `python -c "import lark"` and
  `python -c "import click, lark, attrs"`: the interpreter, and the libraries
  every check loads (the floor under `causal check`);
- `causal --version`, `causal rules`;
- `causal check FILE` on the three-line case of docs/cli.md (written to
  bench/out/startup.cx) and on docs/examples/bridge.cx, text output, with the
  parser's tables read from a warm cache;
- the same check with the cache turned off (`CAUSAL_NO_CACHE=1`: the tables are
  built from the grammar at every start, as before the cache), and with a cold
  cache (an empty cache folder every run: built and written);
- `causal check --format json` on the three-line case.

The `causal` script beside the Python is run, as a user would (`python -m
causal` when there is none). Every run but the cache-off ones uses
bench/out/startup-cache as its cache folder (`CAUSAL_CACHE_DIR`), warmed by
one run first, so the user's own cache is neither read nor written; and
without PYTHONDONTWRITEBYTECODE, which would make an editable install compile
every module from source at every start. Results:
a table on standard output, JSON in bench/out/startup-results.json. See
bench/README.md, "Start-up".

With --instructions each command also runs once under valgrind's callgrind,
which counts the instructions it executes: a figure that, unlike time, a busy
machine does not change.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
WHEEL_VENV = OUT / "startup-venv"
WHEEL_DIST = OUT / "startup-dist"
CACHE = OUT / "startup-cache"

# The target: a small check (text output, warm cache) under this much CPU time.
MAX_SMALL_CHECK_CPU = 0.15

# docs/cli.md, "Text output": the three-line example.
SMALL_CASE = 'event a "A"\nevent b "B"\nlink a -> b kind enables\n'


def run_once(command: list[str], environment: dict[str, str]) -> dict:
    """One fresh process to its end: CPU seconds (user + system), wall seconds, exit status."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment, cwd=OUT)
    # Read standard error before reaping, so a child that writes much cannot block on a full pipe.
    error = child.stderr.read() if child.stderr is not None else b""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if child.stderr is not None:
        child.stderr.close()
    return {
        "cpu": usage.ru_utime + usage.ru_stime,
        "user": usage.ru_utime,
        "system": usage.ru_stime,
        "wall": wall,
        "exit": child.returncode,
        "stderr": error.decode("utf-8", "replace")[-2000:],
    }


def causal_command(python: Path) -> list[str]:
    script = python.parent / ("causal.exe" if os.name == "nt" else "causal")
    return [str(script)] if script.exists() else [str(python), "-m", "causal"]


def commands(python: Path) -> list[dict]:
    """What is measured: a name, the command, its environment's changes, and the exit statuses that are success."""
    causal = causal_command(python)
    small = str(OUT / "startup.cx")
    bridge = str(ROOT / "docs" / "examples" / "bridge.cx")
    warm = {"CAUSAL_CACHE_DIR": str(CACHE)}
    # `causal check` exits 1 on these cases: both have an error finding (the bridge's is expected by the tour).
    checked = (0, 1)
    return [
        {"name": "python -c pass", "argv": [str(python), "-c", "pass"], "env": {}, "ok": (0,)},
        {"name": "python -c 'import click'", "argv": [str(python), "-c", "import click"], "env": {}, "ok": (0,)},
        {"name": "python -c 'import lark'", "argv": [str(python), "-c", "import lark"], "env": {}, "ok": (0,)},
        {"name": "python -c 'import click, lark, attrs'", "argv": [str(python), "-c", "import click, lark, attrs"],
         "env": {}, "ok": (0,)},
        {"name": "causal --version", "argv": [*causal, "--version"], "env": warm, "ok": (0,)},
        {"name": "causal rules", "argv": [*causal, "rules"], "env": warm, "ok": (0,)},
        {"name": "causal check small", "argv": [*causal, "check", small], "env": warm, "ok": checked, "judged": True},
        {"name": "causal check bridge.cx", "argv": [*causal, "check", bridge], "env": warm, "ok": checked},
        {"name": "causal check --format json small", "argv": [*causal, "check", "--format", "json", small],
         "env": warm, "ok": checked},
        {"name": "causal check small, cache off", "argv": [*causal, "check", small], "env": {"CAUSAL_NO_CACHE": "1"},
         "ok": checked},
        {"name": "causal check small, cold cache", "argv": [*causal, "check", small], "env": {"CAUSAL_CACHE_DIR": None},
         "ok": checked, "cold": True},
    ]


def _environment_for(changes: dict[str, str | None], cold_folder: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CAUSAL_")}
    # A terminal's colour settings must not change what is measured.
    environment.pop("NO_COLOR", None)
    # Python as it normally runs, keeping the bytecode it compiles: with this set, an editable install compiles
    # every module of causal from source at every start (a wheel's bytecode is compiled when it is installed).
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    for key, value in changes.items():
        environment[key] = str(cold_folder) if value is None else value
    return environment


def measure(python: Path, repeat: int) -> list[dict]:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "startup.cx").write_text(SMALL_CASE, encoding="utf-8")
    shutil.rmtree(CACHE, ignore_errors=True)
    measured = commands(python)
    cold_root = Path(tempfile.mkdtemp(prefix="startup-cold-", dir=OUT))
    try:
        # Warm-up: fills the cache, and lets the system's file cache hold the interpreter and the packages.
        for command in measured:
            result = run_once(command["argv"], _environment_for(command["env"], cold_root / "warm-up"))
            if result["exit"] not in command["ok"]:
                raise SystemExit(f"{command['name']}: exit status {result['exit']}\n{result['stderr']}")
        runs: dict[str, list[dict]] = {command["name"]: [] for command in measured}
        for attempt in range(repeat):
            print(f"run {attempt + 1}/{repeat}", file=sys.stderr, flush=True)
            for command in measured:
                cold_folder = cold_root / f"run-{attempt}"
                result = run_once(command["argv"], _environment_for(command["env"], cold_folder))
                if command.get("cold"):
                    shutil.rmtree(cold_folder, ignore_errors=True)
                if result["exit"] not in command["ok"]:
                    raise SystemExit(f"{command['name']}: exit status {result['exit']}\n{result['stderr']}")
                del result["stderr"]
                runs[command["name"]].append(result)
    finally:
        shutil.rmtree(cold_root, ignore_errors=True)
    rows = []
    for command in measured:
        own = runs[command["name"]]
        cpu = [run["cpu"] for run in own]
        rows.append({
            "name": command["name"],
            "argv": command["argv"],
            "env": {key: value for key, value in command["env"].items() if value is not None},
            "judged": bool(command.get("judged")),
            "best": min(cpu),
            "median": statistics.median(cpu),
            "best_wall": min(run["wall"] for run in own),
            "median_wall": statistics.median(run["wall"] for run in own),
            "runs": own,
        })
    return rows


def count_instructions(python: Path, rows: list[dict]) -> None:
    """Each command once more under valgrind's callgrind: the instructions it executes, in millions, into its row.

    Unlike time, the count does not depend on what else the machine is doing, so versions measured on a busy machine
    can be compared by it (instructions are not time: a cache miss costs more than an addition)."""
    cold_root = Path(tempfile.mkdtemp(prefix="startup-cold-", dir=OUT))
    try:
        for command, row in zip(commands(python), rows):
            print(f"callgrind: {row['name']}", file=sys.stderr, flush=True)
            environment = _environment_for(command["env"], cold_root / row["name"].replace(" ", "-"))
            done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command["argv"]],
                                  capture_output=True, text=True, env=environment, cwd=OUT)
            counts = [line.split()[-1] for line in done.stderr.splitlines() if "Collected :" in line]
            row["instructions"] = int(counts[-1]) / 1e6 if counts else None
    finally:
        shutil.rmtree(cold_root, ignore_errors=True)


def render(rows: list[dict], installation: str) -> str:
    floor = rows[0]["best"]
    counted = any(row.get("instructions") is not None for row in rows)
    lines = [
        f"causal from {installation}; {len(rows[0]['runs'])} runs each; CPU seconds (user + system)"
        + ("; instructions in millions (callgrind, one run)" if counted else ""),
        "",
        f"{'command':<38} {'best':>6} {'median':>7} {'best - python':>14} {'wall best':>10}"
        + (f" {'instructions':>13}" if counted else ""),
    ]
    for row in rows:
        line = (f"{row['name']:<38} {row['best']:>6.3f} {row['median']:>7.3f} {row['best'] - floor:>14.3f} "
                f"{row['best_wall']:>10.3f}")
        if counted:
            line += f" {row['instructions']:>13.0f}" if row.get("instructions") is not None else f" {'-':>13}"
        lines.append(line)
    return "\n".join(lines)


def judge(rows: list[dict], clock: str) -> list[dict]:
    verdicts = []
    for row in rows:
        if row["judged"]:
            value = row[clock]
            verdicts.append({"target": f"{row['name']}, {clock} CPU", "value": value, "limit": MAX_SMALL_CHECK_CPU,
                             "pass": value <= MAX_SMALL_CHECK_CPU})
    return verdicts


def installation_of(python: Path) -> str:
    """Where `causal` is imported from for this Python: the repository (an editable install) or a site-packages."""
    # From the output folder: run in the repository, `-c` would import the causal beside it.
    done = subprocess.run([str(python), "-c", "import causal; print(causal.__file__)"], capture_output=True, text=True,
                          check=True, cwd=OUT)
    location = Path(done.stdout.strip()).resolve()
    if location == ROOT / "causal" / "__init__.py":
        return f"the repository (editable install, {python})"
    return f"{location.parent.parent} (installed, {python})"


def setup_wheel(source: Path, where: Path) -> Path:
    """Build a wheel of the tree at ``source`` and install it, non-editable, into the venv ``where`` (created once);
    its Python."""
    python = where / "bin" / "python"
    if not python.exists():
        print(f"creating {where} ...", file=sys.stderr, flush=True)
        venv.create(where, with_pip=True)
    shutil.rmtree(WHEEL_DIST, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(WHEEL_DIST),
                    str(source)], check=True, cwd=OUT)
    shutil.rmtree(source / "build", ignore_errors=True)
    wheel = next(WHEEL_DIST.glob("causal-*.whl"))
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    # The dependencies stay; causal itself is replaced by this tree's.
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", str(wheel)],
                   check=True)
    return python


def _environment(python: Path) -> dict:
    def output(command: list[str]) -> str | None:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    versions = output([str(python), "-c", "import importlib.metadata as m, platform; print(platform.python_version(), "
                       "*(m.version(p) for p in ('causal', 'lark', 'click', 'attrs')))"])
    status = output(["git", "status", "--porcelain", "--untracked-files=no"])
    return {
        "versions": dict(zip(("python", "causal", "lark", "click", "attrs"), (versions or "").split())),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "commit": output(["git", "rev-parse", "HEAD"]),
        "dirty": bool(status) if status is not None else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up benchmark of `causal` (see bench/README.md).")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--python", type=Path, default=None,
                        help="the Python whose causal is measured (default: this one, or --venv's with --setup-wheel)")
    parser.add_argument("--setup-wheel", action="store_true",
                        help="build a wheel, install it non-editable into --venv and measure it")
    parser.add_argument("--wheel-from", type=Path, default=ROOT,
                        help="the source tree --setup-wheel builds (default: this repository)")
    parser.add_argument("--venv", type=Path, default=WHEEL_VENV,
                        help=f"the venv --setup-wheel installs into (default {WHEEL_VENV.relative_to(ROOT)})")
    parser.add_argument("--judge", choices=("best", "median"), default="best",
                        help="which of the runs the target is judged on (default best: the least disturbed by a "
                        "busy machine)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each command's instructions once under valgrind (callgrind; slow), a figure "
                        "a busy machine does not change")
    parser.add_argument("--json", type=Path, default=OUT / "startup-results.json", help="where the results go")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target fails")
    options = parser.parse_args(argv)
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    OUT.mkdir(parents=True, exist_ok=True)
    if options.python is not None:
        # Absolute, since the commands run in bench/out; not resolved, which would leave a venv for its base Python.
        python = options.python.absolute()
    elif options.setup_wheel:
        python = setup_wheel(options.wheel_from.resolve(), options.venv.resolve())
    else:
        python = Path(sys.executable)
    installation = installation_of(python)
    rows = measure(python, options.repeat)
    if options.instructions:
        if shutil.which("valgrind") is None:
            parser.error("--instructions needs valgrind")
        count_instructions(python, rows)
    verdicts = judge(rows, options.judge)
    print(render(rows, installation))
    print()
    for verdict in verdicts:
        print(f"{'PASS' if verdict['pass'] else 'FAIL'}  {verdict['target']}: {verdict['value']:.3f} s "
              f"(target <= {verdict['limit']})")
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps({
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "installation": installation,
        "repeat": options.repeat,
        "judged_on": options.judge,
        "environment": _environment(python),
        "rows": rows,
        "verdicts": verdicts,
    }, indent=2), encoding="utf-8")
    return 1 if options.strict and not all(verdict["pass"] for verdict in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
