#!/usr/bin/env python3
"""Growth of `causal import aif`, `causal export --format aif` and `causal import argdown` with the map's size.

    python bench/interchange.py                 # maps of 5,000 and 50,000 claims, best of 3
    python bench/interchange.py --sizes 2000 20000 200000 --repeat 5

Each map is generated in memory, AIFdb-shaped: per claim an I-node, its
locution (L) and the YA-node between them, and every other claim an RA-node
from it to the next and a CA-node on the one after, with timestamps, so that a
fifth of the nodes go to the case header's note as real maps' dialogue layers
do; the Argdown map has the same claims as statements in relation trees of
five. Times are CPU times of the library calls (decode, convert, print;
parse for the export), the best of --repeat runs. The conversions are meant to
grow linearly: the last column is the time per claim against the smallest
size's, which stays near 1 when they do.
"""

from __future__ import annotations

import argparse
import json
import time


def aif_map(claims: int) -> bytes:
    nodes, edges = [], []
    stamp = "2016-03-01 20:00:00"
    for n in range(claims):
        nodes.append({"nodeID": str(n), "text": f"Claim number {n} says something", "type": "I", "timestamp": stamp})
        nodes.append({"nodeID": f"L{n}", "text": f"Speaker : claim {n}", "type": "L", "timestamp": stamp})
        nodes.append({"nodeID": f"Y{n}", "text": "Asserting", "type": "YA", "timestamp": stamp})
        edges += [{"edgeID": f"e{n}a", "fromID": f"L{n}", "toID": f"Y{n}"},
                  {"edgeID": f"e{n}b", "fromID": f"Y{n}", "toID": str(n)}]
        if n % 2 == 0 and n + 2 < claims:
            nodes.append({"nodeID": f"R{n}", "text": "Default Inference", "type": "RA", "timestamp": stamp})
            nodes.append({"nodeID": f"C{n}", "text": "Default Conflict", "type": "CA", "timestamp": stamp})
            edges += [{"edgeID": f"e{n}c", "fromID": str(n), "toID": f"R{n}"},
                      {"edgeID": f"e{n}d", "fromID": f"R{n}", "toID": str(n + 1)},
                      {"edgeID": f"e{n}e", "fromID": str(n), "toID": f"C{n}"},
                      {"edgeID": f"e{n}f", "fromID": f"C{n}", "toID": str(n + 2)}]
    return json.dumps({"nodes": nodes, "edges": edges, "locutions": []}).encode()


def argdown_map(claims: int) -> bytes:
    lines = []
    for n in range(0, claims, 5):
        lines.append(f"[Claim {n}]: Claim number {n} says something.")
        for k in range(1, 5):
            symbol = "+" if k % 2 else "-"
            lines.append(f"  {symbol} [Claim {n + k}]: Claim number {n + k} says something.")
        lines.append("")
    return "\n".join(lines).encode()


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    from causal.interchange.aif import export_aif, import_aif
    from causal.interchange.argdown import import_argdown
    from causal.language.parser import parse

    print(f"{'task':<22}{'claims':>9}{'MB in':>8}{'seconds':>10}{'per claim vs first':>20}")
    for task in ("import aif", "export aif", "import argdown"):
        first = None
        for claims in options.sizes:
            if task == "import argdown":
                data = argdown_map(claims)
                seconds = best(lambda: import_argdown(data, "bench"), options.repeat)
            else:
                data = aif_map(claims)
                if task == "import aif":
                    seconds = best(lambda: import_aif(data, "bench"), options.repeat)
                else:
                    case = parse(import_aif(data, "bench").text)[0]
                    seconds = best(lambda: export_aif(case), options.repeat)
            per_claim = seconds / claims
            first = first or per_claim
            print(f"{task:<22}{claims:>9}{len(data) / 2**20:>8.1f}{seconds:>10.2f}{per_claim / first:>20.2f}")


if __name__ == "__main__":
    main()
