"""The Admiralty grading scales (NATO AJP-2.1) and the table that turns a pair of grades into a confidence.

A report carries two grades on two independent axes: the **reliability** of
its source (A completely reliable .. E unreliable) and the **credibility** of
the information itself (1 confirmed by other sources .. 5 improbable). F and 6
say that the axis *cannot be judged*: they are unknown, not the worst grade,
and sit between the judged grades (docs/language.md, "Grades and confidence").

Confidence is read from a two-dimensional table, one cell per pair (`B2`),
never from one product of two weights: A5 (a reliable source passing on
improbable information) and E1 are opposite judgements. The default cells are
a documented heuristic for ranking, not probabilities; each cell is a setting
(`set grade-confidence B2 0.7`).
"""

from __future__ import annotations

from types import MappingProxyType

# A completely reliable .. E unreliable, F reliability cannot be judged.
RELIABILITY_GRADES = "ABCDEF"
# 1 confirmed by other sources .. 5 improbable, 6 truth cannot be judged.
CREDIBILITY_GRADES = range(1, 7)

DEFAULT_RELIABILITY = "F"
DEFAULT_CREDIBILITY = 6
UNKNOWN_RELIABILITY = "F"
UNKNOWN_CREDIBILITY = 6

# How the default table is made (a heuristic, stated so that it can be argued with):
# - Credibility judges the information itself, so it sets the scale: 2 "probably
#   true" 0.8, 3 "possibly true" 0.55, 4 "doubtful" 0.3, 5 "improbable" 0.1.
# - 1 "confirmed by other sources" counts as 2: corroboration is counted once,
#   from the independent sources the case itself holds (they combine as
#   independent witnesses), not a second time from the grade.
# - 6 "cannot be judged" is an even chance, 0.5: no evidence either way, so
#   above "doubtful" and just below "possibly true".
# - Reliability discounts that: A 1.0, B 0.9, C 0.8, D 0.65, E 0.5, and F
#   "cannot be judged" 0.75, between "fairly reliable" and "not usually reliable".
_CREDIBILITY_SCALE = {1: 0.8, 2: 0.8, 3: 0.55, 4: 0.3, 5: 0.1, 6: 0.5}
_RELIABILITY_DISCOUNT = {"A": 1.0, "B": 0.9, "C": 0.8, "D": 0.65, "E": 0.5, "F": 0.75}

DEFAULT_GRADE_CONFIDENCE = MappingProxyType(
    {
        f"{reliability}{credibility}": round(_RELIABILITY_DISCOUNT[reliability] * scale, 2)
        for reliability in RELIABILITY_GRADES
        for credibility, scale in _CREDIBILITY_SCALE.items()
    }
)


def grade_pair(reliability: str, credibility: int) -> str:
    """`B2`: how reports show a pair of grades."""
    return f"{reliability}{credibility}"


def is_grade_pair(text: str) -> bool:
    # Compared as text: `str.isdigit` also admits `²` and other digits `int` cannot read.
    return len(text) == 2 and text[0] in RELIABILITY_GRADES and text[1] in "".join(map(str, CREDIBILITY_GRADES))


def grade_table_markdown(table=DEFAULT_GRADE_CONFIDENCE) -> str:
    """The table as Markdown: reliability down, credibility across."""
    header = "| reliability \\ credibility | " + " | ".join(str(c) for c in CREDIBILITY_GRADES) + " |"
    rule = "| --- |" + " --- |" * len(CREDIBILITY_GRADES)
    rows = [
        f"| {r} | " + " | ".join(f"{table[grade_pair(r, c)]:.2f}" for c in CREDIBILITY_GRADES) + " |"
        for r in RELIABILITY_GRADES
    ]
    return "\n".join([header, rule, *rows])
