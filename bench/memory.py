#!/usr/bin/env python3
"""Peak memory of each reader of user input, as a multiple of the input's size.

    python bench/memory.py                       # every reader, two sizes each
    python bench/memory.py --readers case,apx    # some of them
    python bench/memory.py --scale 0.1           # inputs a tenth the size, quicker
    python bench/memory.py --stages read,check   # only these stages
    python bench/memory.py --tracemalloc         # also the peak of traced Python allocations

A benchmark, not a test: run by hand, never by pytest. For each reader and
size the input is generated into bench/out/memory/, then every measurement
runs in a fresh Python process: imports and a warm-up on a tiny input of the
same kind first, then the work on the real input. Peak memory is how much the
process's peak resident set (`ru_maxrss`) grew during the work; divided by the
input's size it is the multiple docs/cli.md ("Memory") gives. Results are
printed as a table and written to bench/out/memory.json.

Readers and the stages measured for each (every stage includes the ones
before it):

- case (`causal check`'s case files), two shapes: `synthetic`, the
  benchmark's realistic case (bench/generate.py), and `findings`, one unused
  event a line, so one finding a statement. Stages: `read` (file to text:
  `causal.inputs.case_files.read_case`), `parse` (the AST), `check` (`check_text`: model,
  rules, findings), `cli-text` and `cli-json` (`causal check` with its report
  rendered, written to /dev/null).
- document (a source's `document`): `read` (`causal.model.case_model.read_document`),
  `check` (a case quoting it, with one quote missing, so that the document is
  normalised and split into passages to name the closest one).
- pyproject (`pyproject.toml` beside a case): `read`
  (`causal.model.settings.settings_from_pyproject`: bytes, text, TOML tables).
- apx, tgf, i23 (`causal af solve -f`): `read` (the file's text and the
  framework parsed from it, as `causal af solve` reads them), six attacks per
  argument.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "memory"
MB = 2**20

# (reader, shape): the stages measured, and the two input sizes in bytes, below each reader's cap
# (case files 40 MB, documents 16 MB, pyproject.toml 1 MB, framework files 1 GB).
READERS = {
    ("case", "synthetic"): (("read", "parse", "check", "cli-text", "cli-json"), (2 * MB, 20 * MB)),
    ("case", "findings"): (("read", "parse", "check", "cli-text", "cli-json"), (2 * MB, 20 * MB)),
    ("document", "prose"): (("read", "check"), (1.6 * MB, 15.9 * MB)),
    ("pyproject", "keys"): (("read",), (0.1 * MB, 0.99 * MB)),
    ("apx", "random"): (("read",), (10 * MB, 100 * MB)),
    ("tgf", "random"): (("read",), (10 * MB, 100 * MB)),
    ("i23", "random"): (("read",), (10 * MB, 100 * MB)),
}
ATTACKS_PER_ARGUMENT = 6


def _peak_kb() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB elsewhere


# --- inputs ---------------------------------------------------------------------------


def _words(rng: random.Random, count: int) -> str:
    vocabulary = "the pier ferry council storm harbour repairs budget minutes said would could after before".split()
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def make_input(reader: str, shape: str, size: int, folder: Path) -> Path:
    """An input of about ``size`` bytes for ``reader``; the file a stage is given."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(size)
    if reader == "case" and shape == "synthetic":
        path = folder / "case.cx"
        statements = max(100, int(size / 97))  # bench/generate.py writes about 97 bytes a statement
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--statements", str(statements), "--seed", "1", "-o", str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return path
    if reader == "case":
        path = folder / "case.cx"
        with path.open("w", encoding="utf-8") as out:
            out.write('case "Many unused events"\n')
            written, number = 0, 0
            while written < size:
                line = f'event e{number} "Event number {number}"\n'
                out.write(line)
                written += len(line)
                number += 1
        return path
    if reader == "document":
        document = folder / "document.txt"
        with document.open("w", encoding="utf-8") as out:
            written = 0
            while True:
                sentence = _words(rng, rng.randint(8, 30)).capitalize() + ". "
                if rng.random() < 0.1:
                    sentence += "\n\n"
                if written + len(sentence) > size:
                    break
                out.write(sentence)
                written += len(sentence)
        path = folder / "case.cx"
        path.write_text(
            'source s "The source" reliability B document "document.txt"\n'
            'event halt "The ferry stops running"\n'
            'evidence found from s credibility 2 quote "the pier" supports halt\n'
            'evidence missing from s credibility 2 quote "the pier ferry council said the storm" supports halt\n',
            encoding="utf-8",
        )
        return document
    if reader == "pyproject":
        path = folder / "pyproject.toml"
        with path.open("w", encoding="utf-8") as out:
            out.write('[project]\nname = "x"\n\n[tool.causal]\nsemantics = "preferred"\n\n[tool.other]\n')
            written, number = 100, 0
            while True:
                line = f'key_{number} = "{_words(rng, 3)}"\n'
                if written + len(line) > size:
                    break
                out.write(line)
                written += len(line)
                number += 1
        return path
    # Frameworks: n arguments, six attacks each, written as the format has them.
    per_argument = {"apx": 10 + ATTACKS_PER_ARGUMENT * 18, "tgf": 6 + ATTACKS_PER_ARGUMENT * 12, "i23": ATTACKS_PER_ARGUMENT * 12}
    count = max(10, size // per_argument[reader])
    path = folder / f"framework.{reader}"
    with path.open("w", encoding="utf-8") as out:
        if reader == "i23":
            out.write(f"p af {count}\n")
        elif reader == "apx":
            out.writelines(f"arg(a{i}).\n" for i in range(1, count + 1))
        else:
            out.writelines(f"{i}\n" for i in range(1, count + 1))
            out.write("#\n")
        for _ in range(count * ATTACKS_PER_ARGUMENT):
            i, j = rng.randint(1, count), rng.randint(1, count)
            out.write(f"att(a{i},a{j}).\n" if reader == "apx" else f"{i} {j}\n")
    return path


# --- the child: one stage on one input ----------------------------------------------------


def _stage(reader: str, stage: str, path: Path):
    """A function that does ``stage`` of ``reader`` on ``path``, keeping what it made alive until it returns."""
    if reader == "case":
        from causal.inputs.case_files import read_case
        from causal.language.parser import parse
        from causal.pipeline import check_text

        if stage == "read":
            return lambda: read_case(path)
        if stage == "parse":
            return lambda: parse(read_case(path)[0])
        if stage == "check":
            return lambda: check_text(read_case(path)[0], path=str(path), base_dir=path.parent)
        from causal.cli.commands import cli as causal_cli

        def cli():
            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.suppress(SystemExit):
                causal_cli.main(["check", "--format", stage.removeprefix("cli-"), str(path)], standalone_mode=False)

        return cli
    if reader == "document":
        from causal.language import ast
        from causal.model.case_model import read_document
        from causal.pipeline import check_text

        if stage == "read":
            return lambda: read_document("s", ast.Text(path.name), path.parent)
        case = path.with_name("case.cx")
        return lambda: check_text(case.read_text(encoding="utf-8"), path=str(case), base_dir=path.parent)
    if reader == "pyproject":
        from causal.model.settings import settings_from_pyproject

        return lambda: settings_from_pyproject(path)
    from causal.argumentation.formats import parse as parse_framework
    from causal.cli.af import DEFAULT_MAX_BYTES, read_framework_text

    return lambda: parse_framework(read_framework_text(str(path), DEFAULT_MAX_BYTES), reader)


def child(reader: str, shape: str, stage: str, path: Path, warm_up: Path, traced: bool) -> dict:
    _stage(reader, stage, warm_up)()
    gc.collect()
    work = _stage(reader, stage, path)
    if traced:
        import tracemalloc

        tracemalloc.start()
    before = _peak_kb()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    after = _peak_kb()
    peak_traced = None
    if traced:
        import tracemalloc

        peak_traced = tracemalloc.get_traced_memory()[1]
    del result
    return {"rss_growth": (after - before) * 1024, "traced_peak": peak_traced, "seconds": seconds}


# --- the parent ---------------------------------------------------------------------------


def measure(reader: str, shape: str, stage: str, path: Path, warm_up: Path, traced: bool) -> dict:
    command = [sys.executable, __file__, "--child", reader, shape, stage, str(path), str(warm_up)]
    if traced:
        command.append("--tracemalloc")
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Peak memory of each reader of user input (see docs/cli.md, Memory).")
    parser.add_argument("--readers", default=",".join(sorted({reader for reader, _ in READERS})))
    parser.add_argument("--stages", default=None, help="only these stages (read,parse,check,cli-text,cli-json)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every input size by this")
    parser.add_argument("--tracemalloc", action="store_true", help="measure traced Python allocations too (slower)")
    parser.add_argument("--json", type=Path, default=HERE / "out" / "memory.json")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        reader, shape, stage, path, warm_up = args.child
        print(json.dumps(child(reader, shape, stage, Path(path), Path(warm_up), args.tracemalloc)))
        return 0
    wanted = set(args.readers.split(","))
    rows = []
    header = f"{'reader':<10} {'shape':<10} {'stage':<9} {'input MB':>9} {'peak MB':>9} {'peak/input':>10} {'seconds':>8}"
    if args.tracemalloc:
        header += f" {'traced/input':>12}"
    print(header)
    for (reader, shape), (stages, sizes) in READERS.items():
        if reader not in wanted:
            continue
        warm_up = make_input(reader, shape, 2_000, OUT / f"{reader}-{shape}-warm-up")
        for size in sizes:
            size = int(size * args.scale)
            path = make_input(reader, shape, size, OUT / f"{reader}-{shape}-{size}")
            input_bytes = path.stat().st_size
            for stage in stages:
                if args.stages and stage not in args.stages.split(","):
                    continue
                result = measure(reader, shape, stage, path, warm_up, args.tracemalloc)
                row = {"reader": reader, "shape": shape, "stage": stage, "input_bytes": input_bytes, **result}
                row["multiple"] = result["rss_growth"] / input_bytes
                rows.append(row)
                line = (
                    f"{reader:<10} {shape:<10} {stage:<9} {input_bytes / MB:>9.1f} {result['rss_growth'] / MB:>9.0f}"
                    f" {row['multiple']:>10.1f} {result['seconds']:>8.1f}"
                )
                if args.tracemalloc:
                    line += f" {result['traced_peak'] / input_bytes:>12.1f}"
                print(line, flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"python": sys.version, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
