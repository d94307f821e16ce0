"""The case language's grammar: grammar/causal.lark, installed inside the package as `causal.grammar`."""

from __future__ import annotations

from pathlib import Path

GRAMMAR_FILE = "causal.lark"


def grammar_text() -> str:
    import causal.grammar

    # Read beside the package's own file, as it is in a wheel and an editable install alike; importlib.resources
    # (for a package that is not plain files, such as one inside a zip) costs more to load than a small check.
    location = getattr(causal.grammar, "__file__", None)
    if location:
        try:
            return Path(location).with_name(GRAMMAR_FILE).read_text(encoding="utf-8")
        except OSError:
            pass
    from importlib import resources

    return resources.files("causal.grammar").joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")
