#!/usr/bin/env python3
"""Hard semantics: `causal af solve` on its SAT engine, on its labelling search, and clingo with ASPARTIX.

    python bench/af_hard.py --setup-peer        # once: bench/out/clingo-venv with clingo
    python bench/af_hard.py                     # every family, size and task; 60 s a run
    python bench/af_hard.py --sizes 100,500 --densities 3 --tasks DC-PR,DS-PR --timeout 20

Families of frameworks, written as APX (seeded, so the same options give the same files):

- `random-D`: n arguments, each attacking D random arguments on average
  (D from --densities; 1.5 is a sparse case, 6 the dense one of the issue);
- `even-cycles`: n/2 two-cycles in a row, each attacking the next: many even
  cycles, so exponentially many preferred and stable extensions;
- `grid`: a square grid whose neighbours attack each other both ways.

First, start-up alone: every solver answers SE-CO and SE-ST on a framework
of one argument, --startup-repeat times each, interleaved; the median counts.
Then, for each framework and task, each solver runs in a fresh process with a
timeout (--timeout): `causal af solve --engine sat`, `--engine search`, and
bench/af_clingo.py under the clingo environment. `--causal` names the
`causal` console script to run (by default the one beside this Python, an
editable install in a development environment, whose import hook costs every
start some milliseconds that an installed wheel does not). CPU time is the child's
user + system time (os.wait4). DC and DS ask about the argument in the middle.
Answers are compared: YES/NO exactly, EE as sets of sets, SE only on whether
an extension exists (several may be right). The goal (issue 8): every run
clingo finishes within the timeout, the SAT engine finishes in at most
clingo's time, with the same answer. Results: a table, and JSON in
bench/out/af-hard.json. See bench/README.md, "Hard semantics".
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import venv
from pathlib import Path

from af_run import run_process

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
CLINGO_VENV = OUT / "clingo-venv"
CLINGO_REQUIREMENT = "clingo==5.8.3"
DEFAULT_TASKS = ("SE-PR", "EE-PR", "DC-PR", "DS-PR", "SE-ST", "DC-ST", "DS-ST", "DC-CO")
SOLVERS = ("sat", "search", "clingo")


def random_framework(arguments: int, density: float, seed: int) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    return sorted({(rng.randrange(arguments), rng.randrange(arguments)) for _ in range(int(arguments * density))})


def even_cycles(arguments: int) -> list[tuple[int, int]]:
    attacks = []
    for start in range(0, arguments - 1, 2):
        attacks += [(start, start + 1), (start + 1, start)]
        if start + 2 < arguments:
            attacks.append((start + 1, start + 2))
    return attacks


def grid(arguments: int) -> list[tuple[int, int]]:
    side = max(1, int(arguments**0.5))
    attacks = []
    for row in range(side):
        for column in range(side):
            here = row * side + column
            for there in ((row + 1) * side + column if row + 1 < side else None,
                          here + 1 if column + 1 < side else None):
                if there is not None:
                    attacks += [(here, there), (there, here)]
    return attacks


def write_apx(path: Path, arguments: int, attacks: list[tuple[int, int]]) -> None:
    with path.open("w", encoding="ascii") as file:
        file.writelines(f"arg(a{k}).\n" for k in range(arguments))
        file.writelines(f"att(a{a},a{b}).\n" for a, b in attacks)


def run(command: list[str], timeout: float) -> dict:
    """af_run's timed child process, with the answer it printed."""
    answer_path = OUT / "af-hard-answer.txt"
    measured = run_process(command, answer_path, timeout)
    measured["answer"] = answer_path.read_text(encoding="utf-8", errors="replace").strip()
    return measured


def _extensions(answer: str) -> set[frozenset[str]] | None:
    text = answer.strip()
    if not (text.startswith("[[") or text == "[]"):
        return None
    inner = text[1:-1]
    found = set()
    for part in inner.split("]"):
        part = part.strip(",[")
        found.add(frozenset(part.split(",")) if part else frozenset())
    return found if inner else set()


def same_answer(task: str, ours: str, theirs: str) -> bool:
    problem = task.split("-")[0]
    if problem in ("DC", "DS"):
        return ours.split()[:1] == theirs.split()[:1]
    if problem == "SE":
        return (ours == "NO") == (theirs == "NO")
    return _extensions(ours) == _extensions(theirs)


def commands(
    task: str, path: Path, argument: str, clingo_python: Path, timeout: float, causal_script: str
) -> dict[str, list[str]]:
    causal = [causal_script, "af", "solve", "-p", task, "-f", str(path), "-fo", "apx"]
    if task.startswith("D"):
        causal += ["-a", argument]
    limit = ["--time-limit", f"{timeout * 2:g}"]  # the benchmark's timeout stops the run first
    clingo = [str(clingo_python), str(HERE / "af_clingo.py"), task, str(path)] + ([argument] if task.startswith("D") else [])
    return {
        "sat": causal + ["--engine", "sat"] + limit,
        "search": causal + ["--engine", "search"] + limit,
        "clingo": clingo,
    }


def _cell(run: dict, timeout: float) -> str:
    if run["timed_out"]:
        return ">" + format(timeout, "g")
    return f"exit {run['exit']}" if run["exit"] else format(run["cpu"], ".2f")


def report(family: str, arguments: int, attacks: int, task: str, runs: dict[str, dict], timeout: float) -> dict:
    """Print one row of the table (CPU seconds per solver, whether the answers agree) and return it for the JSON."""
    finished = {s: r for s, r in runs.items() if not r["timed_out"] and r["exit"] == 0}
    answers = [r["answer"] for r in finished.values()]
    agree = all(same_answer(task, answers[0], other) for other in answers[1:]) if answers else True
    cells = " ".join(f"{_cell(r, timeout):>9}" for r in runs.values())
    print(f"{family:<12} {arguments:>5} {task:<6} {cells}  {'same' if agree else 'DIFFER'}", flush=True)
    return {"family": family, "arguments": arguments, "attacks": attacks, "task": task, "agree": agree,
            "runs": {s: {k: v for k, v in r.items() if k != "answer"} for s, r in runs.items()}}


def setup_peer() -> Path:
    python = CLINGO_VENV / "bin" / "python"
    if not python.exists():
        venv.create(CLINGO_VENV, with_pip=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", CLINGO_REQUIREMENT], check=True)
    return python


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup-peer", action="store_true", help="create the clingo environment and exit")
    parser.add_argument("--sizes", default="100,200,500,1000,2000,5000")
    parser.add_argument("--densities", default="1.5,3,6")
    parser.add_argument("--families", default="random,even-cycles,grid")
    parser.add_argument("--tasks", default=",".join(DEFAULT_TASKS))
    parser.add_argument("--solvers", default=",".join(SOLVERS))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=OUT / "af-hard.json")
    parser.add_argument("--causal", default=str(Path(sys.executable).parent / "causal"),
                        help="the causal console script (default: the one beside this Python)")
    parser.add_argument("--startup-repeat", type=int, default=5, help="runs of each start-up task (0: none)")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.setup_peer:
        print(setup_peer())
        return 0
    clingo_python = CLINGO_VENV / "bin" / "python"
    solvers = args.solvers.split(",")
    if "clingo" in solvers and not clingo_python.exists():
        print("no clingo environment: run with --setup-peer first", file=sys.stderr)
        return 2
    print(f"{'family':<12} {'n':>5} {'task':<6} " + " ".join(f"{s:>9}" for s in solvers) + "  answers")
    rows = []
    if args.startup_repeat:
        path = OUT / "hard-one-argument.apx"
        write_apx(path, 1, [])
        for task in ("SE-CO", "SE-ST"):
            every = commands(task, path, "a0", clingo_python, args.timeout, args.causal)
            measured: dict[str, list[dict]] = {solver: [] for solver in solvers}
            for _ in range(args.startup_repeat):
                for solver in solvers:
                    measured[solver].append(run(every[solver], args.timeout))
            runs = {solver: sorted(found, key=lambda r: r["cpu"])[len(found) // 2]
                    for solver, found in measured.items()}
            rows.append(report("one-argument", 1, 0, task, runs, args.timeout))
    instances = []
    for size in (int(float(s)) for s in args.sizes.split(",")):
        for family in args.families.split(","):
            if family == "random":
                for density in (float(d) for d in args.densities.split(",")):
                    instances.append((f"random-{density:g}", size, random_framework(size, density, args.seed)))
            elif family == "even-cycles":
                instances.append(("even-cycles", size, even_cycles(size)))
            elif family == "grid":
                instances.append(("grid", size, grid(size)))
    for family, size, attacks in instances:
        arguments = size if family != "grid" else int(size**0.5) ** 2
        path = OUT / f"hard-{family}-{arguments}.apx"
        write_apx(path, arguments, attacks)
        for task in args.tasks.split(","):
            every = commands(task, path, f"a{arguments // 2}", clingo_python, args.timeout, args.causal)
            runs = {solver: run(every[solver], args.timeout) for solver in solvers}
            rows.append(report(family, arguments, len(attacks), task, runs, args.timeout))
    goal = [row for row in rows if "clingo" in row["runs"] and "sat" in row["runs"]
            and not row["runs"]["clingo"]["timed_out"]]
    missed = [row for row in goal if row["runs"]["sat"]["timed_out"] or not row["agree"]
              or row["runs"]["sat"]["cpu"] > row["runs"]["clingo"]["cpu"]]
    print(f"\nclingo finished {len(goal)} runs; the SAT engine was as fast with the same answer in "
          f"{len(goal) - len(missed)}, slower or different in {len(missed)}:")
    for row in missed:
        sat, clingo = row["runs"]["sat"], row["runs"]["clingo"]
        print(f"  {row['family']} {row['arguments']} {row['task']}: sat "
              f"{'timeout' if sat['timed_out'] else format(sat['cpu'], '.2f')} s, clingo {clingo['cpu']:.2f} s"
              f"{'' if row['agree'] else ', answers differ'}")
    args.json.write_text(json.dumps({"timeout": args.timeout, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
