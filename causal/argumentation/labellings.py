"""The semantics, the labels of a labelling, and the grounded labelling.

Shared by both engines (the SAT engine and the labelling search) and by the
dispatch in `causal.argumentation.semantics`. The grounded labelling lives here
because every method starts from it: it is what all complete labellings agree on.
The ICCMA tasks asked of these (SE, EE, DC, DS) are `causal.argumentation.iccma_tasks`.
"""

from __future__ import annotations

import enum
from array import array
from itertools import compress, islice
from operator import not_, sub

from causal.argumentation.framework import INDEX, Framework

IN, OUT, UNDEC = 1, 2, 4
ANY = IN | OUT | UNDEC

Extension = tuple[int, ...]


class Semantics(enum.Enum):
    GR = "grounded"
    CO = "complete"
    PR = "preferred"
    ST = "stable"


def grounded_labelling(af: Framework) -> bytearray:
    """The grounded labelling: one of IN, OUT, UNDEC per argument, in O(n + m).

    The standard counter-based propagation: every argument keeps a count of
    its attackers not yet OUT; one with no such attacker is IN, and everything
    an IN argument attacks is OUT.
    """
    out_offsets, out_targets, in_offsets = af.forward_rows()
    count = len(af)
    labels = bytearray([UNDEC]) * count
    live_attackers = list(map(sub, islice(in_offsets, 1, None), in_offsets))
    # An array, not a list: a framework whose header declares a million arguments in no attack has a
    # million unattacked ones, and a list would hold a Python int object for each (36 bytes, not 8).
    ready = array(INDEX, compress(range(count), map(not_, live_attackers)))
    for k in ready:
        labels[k] = IN
    while ready:
        accepted = ready.pop()
        for defeated in out_targets[out_offsets[accepted] : out_offsets[accepted + 1]]:
            if labels[defeated] != UNDEC:
                continue
            labels[defeated] = OUT
            for freed in out_targets[out_offsets[defeated] : out_offsets[defeated + 1]]:
                left = live_attackers[freed] - 1
                live_attackers[freed] = left
                if not left and labels[freed] == UNDEC:
                    labels[freed] = IN
                    ready.append(freed)
    return labels


def grounded(af: Framework) -> Extension:
    """The grounded extension: the arguments IN in the grounded labelling, in index order."""
    labels = grounded_labelling(af)
    return tuple(compress(range(len(labels)), map(IN.__eq__, labels)))
