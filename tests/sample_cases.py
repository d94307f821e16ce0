"""Small cases that several test modules share."""

from __future__ import annotations

import textwrap

# A three-event chain whose second link is undercut by better-graded evidence.
ATTACKED_CHAIN = textwrap.dedent(
    """
    source tass "TASS" reliability B
    source debka "DEBKA" reliability E
    event promise "Iran promises troops" at 2015-08
    event rift "The rift" at 2016-01
    event withdrawal "Putin withdraws" at 2016-03
    evidence e1 from debka credibility 3 supports promise
    evidence e2 from tass credibility 2 undercuts l2
    evidence e3 from debka credibility 3 supports l2
    link l1: promise -> rift because e1
    link l2: rift -> withdrawal
    chain thesis: promise -> rift -> withdrawal
    """
)
