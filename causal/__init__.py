"""causal: check the causal claims of a text, written as a case file, like a compiler checks code.

The Python API (docs/api.md) is `causal.check(path)` and `causal.check_text(text)`, returning a `causal.Report`.
Its names are imported from causal.api when first used, so that `import causal` (and with it `causal --version`
and `causal af solve`) loads nothing but this module.
"""

from causal.version import __version__

# typing.TYPE_CHECKING without importing typing (milliseconds of every `import causal`): type checkers take any
# name TYPE_CHECKING for theirs.
TYPE_CHECKING = False

# The public names of causal.api, which module-level __getattr__ (PEP 562) imports on first use.
_API = (
    "Chain",
    "EvidenceRow",
    "Finding",
    "Hypothesis",
    "Item",
    "Outcome",
    "Report",
    "Step",
    "check",
    "check_text",
)

__all__ = ["__version__", *_API]

# Type checkers see the names statically (`X as X` re-exports them); at run time __getattr__ imports them.
if TYPE_CHECKING:
    from causal.api import Chain as Chain
    from causal.api import EvidenceRow as EvidenceRow
    from causal.api import Finding as Finding
    from causal.api import Hypothesis as Hypothesis
    from causal.api import Item as Item
    from causal.api import Outcome as Outcome
    from causal.api import Report as Report
    from causal.api import Step as Step
    from causal.api import check as check
    from causal.api import check_text as check_text


if not TYPE_CHECKING:  # hidden from type checkers, which would otherwise take any misspelt name for this

    def __getattr__(name: str) -> object:
        if name in _API:
            from causal import api

            value = getattr(api, name)
            globals()[name] = value  # found here from now on, without calling this again
            return value
        raise AttributeError(f"module 'causal' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
