"""The Admiralty grading scales (NATO AJP-2.1): a source's reliability and an item's credibility."""

from __future__ import annotations

# A completely reliable .. E unreliable, F reliability cannot be judged.
RELIABILITY_GRADES = "ABCDEF"
# 1 confirmed by other sources .. 5 improbable, 6 truth cannot be judged.
CREDIBILITY_GRADES = range(1, 7)

DEFAULT_RELIABILITY = "F"
DEFAULT_CREDIBILITY = 6
