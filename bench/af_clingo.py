#!/usr/bin/env python3
"""The clingo side of the hard-semantics benchmark: one ICCMA task on one APX file, with the ASPARTIX encodings.

    CLINGO_PYTHON bench/af_clingo.py TASK FILE.apx [ARGUMENT]

Runs in its own environment (bench/af_hard.py --setup-peer makes one), never
the project's: clingo is no dependency of causal. The encodings are the
standard ASPARTIX ones (Egly, Gaggl & Woltran 2010) in bench/aspartix/;
preferred extensions are the subset-maximal complete ones, found with
clingo's domain heuristic (`--heuristic=Domain --enum-mode=domRec`, as
ASPARTIX-V does). Prints the answer as `causal af solve` does for APX:
`[a,b]`, `[[a,b],[c]]`, `YES` or `NO`, or `NO` for SE-ST without an extension.
"""

import sys
from pathlib import Path

import clingo

HERE = Path(__file__).resolve().parent / "aspartix"
MAXIMAL = "#heuristic in(X) : arg(X). [1,true]\n"


def models(encoding: str, file: str, extra: str, maximal: bool, limit: int, stop=None) -> list[list[str]]:
    arguments = [f"--models={limit}"]
    if maximal:
        arguments += ["--heuristic=Domain", "--enum-mode=domRec"]
    control = clingo.Control(arguments)
    control.load(str(HERE / encoding))
    control.load(file)
    control.add("base", [], extra + (MAXIMAL if maximal else ""))
    control.ground([("base", [])])
    found: list[list[str]] = []

    def on_model(model):
        members = sorted(str(symbol.arguments[0]) for symbol in model.symbols(shown=True) if symbol.name == "in")
        found.append(members)
        return stop is None or not stop(members)

    control.configuration.solve.models = limit
    control.solve(on_model=on_model)
    return found


def main() -> int:
    task, file = sys.argv[1], sys.argv[2]
    argument = sys.argv[3] if len(sys.argv) > 3 else None
    problem, semantics = task.split("-")
    shown = "#show in/1.\n"
    encoding = {"CO": "complete.lp", "PR": "complete.lp", "ST": "stable.lp"}[semantics]
    maximal = semantics == "PR"
    if problem in ("SE", "EE"):
        found = models(encoding, file, shown, maximal, 1 if problem == "SE" else 0)
        if problem == "SE":
            print("[" + ",".join(found[0]) + "]" if found else "NO")
        else:
            print("[" + ",".join("[" + ",".join(members) + "]" for members in found) + "]")
        return 0
    if problem == "DC":
        # Credulous preferred = credulous admissible = credulous complete.
        found = models(encoding, file, shown + f":- not in({argument}).\n", False, 1)
        print("YES" if found else "NO")
        return 0
    if semantics == "ST":
        exists = models(encoding, file, shown, False, 1)
        found = models(encoding, file, shown + f":- in({argument}).\n", False, 1) if exists else []
        print("NO" if found else "YES")
        return 0
    # DS-PR: enumerate preferred extensions until one lacks the argument.
    found = models(encoding, file, shown, True, 0, stop=lambda members: argument not in members)
    print("NO" if any(argument not in members for members in found) else "YES")
    return 0


if __name__ == "__main__":
    sys.exit(main())
