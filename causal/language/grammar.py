"""The case language's grammar: grammar/causal.lark, installed inside the package as `causal.grammar`."""

from __future__ import annotations

from importlib import resources


def grammar_text() -> str:
    return resources.files("causal.grammar").joinpath("causal.lark").read_text(encoding="utf-8")
