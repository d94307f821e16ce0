"""Helpers both benchmarks share: sizes as written on the command line, and growth per 10x."""

from __future__ import annotations

import math


def parse_size(text: str, least: int = 1) -> int:
    """`1000`, `10k`, `1.5M` or `100_000` as a count; ValueError below ``least``."""
    text = text.strip().lower().replace("_", "")
    scale = 1
    if text.endswith("k"):
        scale, text = 1_000, text[:-1]
    elif text.endswith("m"):
        scale, text = 1_000_000, text[:-1]
    value = int(float(text) * scale)
    if value < least:
        raise ValueError(f"size {value} is too small: at least {least}")
    return value


def growth_per_10x(small: tuple[int, float], large: tuple[int, float]) -> float | None:
    """How much the time grows for 10x the size, from two (size, seconds) points."""
    (n1, t1), (n2, t2) = small, large
    if n2 <= n1 or t1 <= 0 or t2 <= 0:
        return None
    return 10 ** (math.log(t2 / t1) / math.log(n2 / n1))
