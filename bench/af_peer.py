#!/usr/bin/env python3
"""The peer solver's side of the AF benchmark: formal-argumentation's grounded extension of an APX file.

    PEER_PYTHON bench/af_peer.py FILE.apx

Runs in its own environment (bench/af_run.py --setup-peer makes one), never in
the project's: formal-argumentation is no dependency of causal. Reads the file,
parses it with `argumentation.interop.iccma.parse_apx`, computes
`argumentation.core.dung.grounded_extension` and prints the extension as
ICCMA solvers do, `[a,b,...]` (members in no particular order: the benchmark
compares answers as sets). It does nothing else, so its time is the peer's own.
"""

import sys

from argumentation.core.dung import grounded_extension
from argumentation.interop.iccma import parse_apx


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as file:
        framework = parse_apx(file.read())
    print("[" + ",".join(grounded_extension(framework)) + "]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
