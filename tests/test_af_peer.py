"""A second oracle: the peer library python-argumentation (PyArg) on random small frameworks.

The brute-force oracle in test_af_semantics.py applies the definitions; this
compares with an independent implementation written by others, so a
misreading of a definition shared by our solver and our oracle would show.
python-argumentation is a test-only dependency (the `test` extra).

Where the peer is wrong, the semantics is left out here with the reason, and
the test below that shows the peer's error keeps the claim honest: it fails
when the peer is fixed, so the exclusion can be dropped.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from causal.argumentation import Framework, Semantics, extensions

py_arg = pytest.importorskip("py_arg", reason="python-argumentation (the test extra) is not installed")

from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (  # noqa: E402
    AbstractArgumentationFramework,
)
from py_arg.abstract_argumentation_classes.argument import Argument  # noqa: E402
from py_arg.abstract_argumentation_classes.defeat import Defeat  # noqa: E402
from py_arg.algorithms.semantics.get_complete_extensions import get_complete_extensions  # noqa: E402
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension  # noqa: E402
from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions  # noqa: E402
from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions  # noqa: E402


def peer_extensions(count: int, attacks: set[tuple[int, int]], semantics: Semantics) -> list[tuple[int, ...]]:
    """The peer's extensions of the same framework, as sorted tuples of argument indexes."""
    arguments = [Argument(f"x{k}") for k in range(count)]
    peer = AbstractArgumentationFramework("drawn", arguments, [Defeat(arguments[a], arguments[b]) for a, b in sorted(attacks)])
    if semantics is Semantics.GR:
        found = [get_grounded_extension(peer)]
    else:
        compute = {
            Semantics.CO: get_complete_extensions,
            Semantics.PR: get_preferred_extensions,
            Semantics.ST: get_stable_extensions,
        }[semantics]
        found = compute(peer)
    return sorted({tuple(sorted(int(argument.name[1:]) for argument in extension)) for extension in found})


@st.composite
def small_frameworks(draw, most: int = 10):
    count = draw(st.integers(0, most))
    attacks = draw(st.sets(st.tuples(st.integers(0, max(count - 1, 0)), st.integers(0, max(count - 1, 0))),
                           max_size=3 * count))
    return count, attacks if count else set()


def ours(count: int, attacks: set[tuple[int, int]], semantics: Semantics) -> list[tuple[int, ...]]:
    return extensions(Framework.build([f"x{k}" for k in range(count)], sorted(attacks)), semantics)


@pytest.mark.slow
@pytest.mark.parametrize("semantics", [Semantics.GR, Semantics.CO, Semantics.PR, Semantics.ST], ids=lambda s: s.name)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=small_frameworks())
def test_our_extensions_equal_the_peer_librarys(semantics: Semantics, drawn) -> None:
    count, attacks = drawn
    assert ours(count, attacks, semantics) == peer_extensions(count, attacks, semantics)


def test_the_peer_oracle_can_disagree() -> None:
    # The comparison must be able to fail: the peer's answers differ between semantics here.
    attacks = {(0, 1), (1, 0), (2, 2)}
    assert peer_extensions(3, attacks, Semantics.GR) == [()]
    assert peer_extensions(3, attacks, Semantics.PR) == [(0,), (1,)]
    assert peer_extensions(3, attacks, Semantics.ST) == []
