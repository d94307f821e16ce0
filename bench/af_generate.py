#!/usr/bin/env python3
"""Random abstract argumentation frameworks for the AF benchmark, written as APX.

    python bench/af_generate.py --arguments 100000 --seed 1 -o bench/out/af-100000.apx

Arguments are named a0..a{n-1}, and the framework has 2n attack lines:

- model `attacks` (the default): each argument attacks two arguments drawn
  uniformly at random (itself included; both draws may hit the same one, which
  the solvers read as one attack). About e^-2 = 13.5% of the arguments are
  attacked by no one, so the grounded extension is not trivial (about 43% of
  the arguments), and it decides all but a handful of the rest.
- model `attacked`: each argument is attacked by two random arguments. No
  argument is unattacked, so the grounded extension is empty and one strongly
  connected component holds most of the framework: the hard case for
  preferred semantics.

The same model, arguments and seed always give the same file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ATTACKS_PER_ARGUMENT = 2
# Lines are written this many arguments at a time, so the generator holds little in memory.
BLOCK = 50_000


MODELS = ("attacks", "attacked")


def generate(arguments: int, seed: int, path: Path, model: str = "attacks") -> dict:
    """Write the framework to `path`; return a summary (arguments, attack lines, bytes)."""
    draw = random.Random(seed).randrange
    path.parent.mkdir(parents=True, exist_ok=True)
    attack_lines = 0
    with path.open("w", encoding="ascii", newline="\n") as out:
        for start in range(0, arguments, BLOCK):
            out.write("".join(f"arg(a{k}).\n" for k in range(start, min(start + BLOCK, arguments))))
        for start in range(0, arguments, BLOCK):
            block = range(start, min(start + BLOCK, arguments))
            if model == "attacks":
                lines = (f"att(a{k},a{draw(arguments)}).\n" for k in block for _ in range(ATTACKS_PER_ARGUMENT))
            else:
                lines = (f"att(a{draw(arguments)},a{k}).\n" for k in block for _ in range(ATTACKS_PER_ARGUMENT))
            out.write("".join(lines))
            attack_lines += len(block) * ATTACKS_PER_ARGUMENT
    return {"arguments": arguments, "attack_lines": attack_lines, "bytes": path.stat().st_size, "seed": seed,
            "model": model, "path": str(path)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a random APX framework (see bench/README.md).")
    parser.add_argument("--arguments", type=int, required=True, help="how many arguments")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--model", choices=MODELS, default="attacks",
                        help="attacks: each argument attacks two random ones (default); attacked: each is attacked by two")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .apx file to write")
    args = parser.parse_args(argv)
    if args.arguments < 1:
        parser.error("--arguments must be at least 1")
    print(json.dumps(generate(args.arguments, args.seed, args.output, args.model)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
