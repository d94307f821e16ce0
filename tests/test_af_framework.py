"""The compact framework: neighbours in both directions, repeated attacks, equality."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from causal.argumentation import Framework


def test_attackers_and_targets_are_kept_in_both_directions_in_index_order() -> None:
    af = Framework.build(["a", "b", "c"], [(2, 1), (0, 2), (1, 2), (2, 0), (0, 1), (0, 2)])
    assert len(af) == 3 and af.attack_count == 5
    assert list(af.targets(0)) == [1, 2]
    assert list(af.targets(2)) == [0, 1]
    assert list(af.attackers(2)) == [0, 1]
    assert list(af.attackers(1)) == [0, 2]
    assert list(af.targets(1)) == [2]
    assert list(af.attacks()) == [(0, 1), (0, 2), (1, 2), (2, 0), (2, 1)]
    assert af.index("c") == 2


def test_equal_frameworks_may_list_their_attacks_in_any_order() -> None:
    first = Framework.build("ab", [(0, 1), (1, 0)])
    assert first == Framework.build("ab", [(1, 0), (0, 1), (1, 0)])
    assert first != Framework.build("ab", [(0, 1)])
    assert first != Framework.build("ba", [(0, 1), (1, 0)])


@st.composite
def attack_lists(draw):
    count = draw(st.integers(1, 12))
    attacks = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=40))
    return count, attacks


@given(attack_lists())
def test_both_directions_hold_exactly_the_distinct_attacks_given(drawn) -> None:
    count, attacks = drawn
    af = Framework.build([str(k) for k in range(count)], attacks)
    by_attacker = {(a, b) for a in range(count) for b in af.targets(a)}
    by_target = {(a, b) for b in range(count) for a in af.attackers(b)}
    assert by_attacker == by_target == set(attacks)
    assert af.attack_count == len(set(attacks))
    for argument in range(count):
        assert list(af.targets(argument)) == sorted(af.targets(argument))
        assert list(af.attackers(argument)) == sorted(af.attackers(argument))
