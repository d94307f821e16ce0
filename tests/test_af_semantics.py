"""Grounded, complete, preferred and stable semantics: classic frameworks, a brute-force oracle, deep inputs.

Both engines (the SAT engine and the labelling search) answer to the same oracle.
"""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from causal.argumentation import Framework, Semantics, credulous, extensions, grounded, sceptical, some_extension
from causal.argumentation.labelling_search import (
    _Components,
    _grow_to_preferred,
    _strongly_connected_components,
    extensions_by_search,
)
from causal.argumentation.iccma_tasks import Problem, witness
from causal.argumentation.semantics import ENGINES, IN, OUT, UNDEC, acceptance_statuses, grounded_labelling

GR, CO, PR, ST = Semantics.GR, Semantics.CO, Semantics.PR, Semantics.ST


def framework(text: str) -> Framework:
    """`a>b b>a c` -> arguments in order of appearance, attacks a->b, b->a."""
    names: list[str] = []
    attacks: list[tuple[str, str]] = []
    for word in text.split():
        parts = word.split(">")
        for part in parts:
            if part not in names:
                names.append(part)
        if len(parts) == 2:
            attacks.append((parts[0], parts[1]))
    return Framework.build(names, [(names.index(a), names.index(b)) for a, b in attacks])


def named(af: Framework, found: list[tuple[int, ...]]) -> list[set[str]]:
    return sorted(({af.names[k] for k in extension} for extension in found), key=sorted)


def as_sets(*extensions: str) -> list[set[str]]:
    return sorted((set(extension) for extension in extensions), key=sorted)


# --- classic frameworks ----------------------------------------------------------------

# (framework, grounded, complete, preferred, stable), extensions written as strings of names.
CLASSICS = {
    "empty": ("", "", [""], [""], [""]),
    "lonely argument": ("a", "a", ["a"], ["a"], ["a"]),
    "odd cycle": ("a>b b>c c>a", "", [""], [""], []),
    "even cycle": ("a>b b>a", "", ["", "a", "b"], ["a", "b"], ["a", "b"]),
    "self-attack": ("a>a", "", [""], [""], []),
    "self-attack attacking": ("a>a a>b", "", [""], [""], []),
    "self-attack attacked": ("b>a a>a", "b", ["b"], ["b"], ["b"]),
    "reinstatement": ("a>b b>c", "ac", ["ac"], ["ac"], ["ac"]),
    "floating arguments": ("a>b b>a a>c b>c c>d", "", ["", "ad", "bd"], ["ad", "bd"], ["ad", "bd"]),
    "odd cycle broken by floating arguments": (
        "a>b b>a a>c b>c c>d d>e e>c", "", ["", "ad", "bd"], ["ad", "bd"], ["ad", "bd"],
    ),
    "even cycle beside an odd cycle": ("a>b b>a c>d d>e e>c", "", ["", "a", "b"], ["a", "b"], []),
    "four cycle": ("a>b b>c c>d d>a", "", ["", "ac", "bd"], ["ac", "bd"], ["ac", "bd"]),
    "odd cycle attacking out": ("a>b b>c c>a c>d", "", [""], [""], []),
    "stable rescued from an odd cycle": ("a>b b>c c>a d>a", "db", ["bd"], ["bd"], ["bd"]),
}


@pytest.mark.parametrize("name", CLASSICS)
def test_classic_frameworks_have_their_known_extensions(name: str) -> None:
    text, expected_grounded, complete, preferred, stable = CLASSICS[name]
    af = framework(text)
    assert {af.names[k] for k in grounded(af)} == set(expected_grounded)
    assert named(af, extensions(af, GR)) == as_sets(expected_grounded)
    assert named(af, extensions(af, CO)) == as_sets(*complete)
    assert named(af, extensions(af, PR)) == as_sets(*preferred)
    assert named(af, extensions(af, ST)) == as_sets(*stable)


def test_stable_semantics_of_an_odd_cycle_has_no_extension_to_show() -> None:
    af = framework("a>b b>c c>a")
    assert some_extension(af, ST) is None
    assert all(sceptical(af, ST, k) for k in range(3))  # vacuously
    assert not any(credulous(af, ST, k) for k in range(3))


def test_floating_argument_is_sceptically_but_not_groundedly_accepted() -> None:
    af = framework("a>b b>a a>c b>c c>d")
    d = af.index("d")
    assert sceptical(af, PR, d) and sceptical(af, ST, d)
    assert not sceptical(af, GR, d) and not sceptical(af, CO, d)
    assert credulous(af, PR, af.index("a")) and not sceptical(af, PR, af.index("a"))
    assert not credulous(af, PR, af.index("c"))


def test_grounded_labelling_labels_out_exactly_what_an_in_argument_attacks() -> None:
    af = framework("a>b b>c c>d e>e e>f")
    labels = dict(zip(af.names, grounded_labelling(af)))
    assert labels == {"a": IN, "b": OUT, "c": IN, "d": OUT, "e": UNDEC, "f": UNDEC}


# --- the brute-force oracle -----------------------------------------------------------


class Oracle:
    """The definitions, applied to every subset (bitmasks); only for small frameworks."""

    def __init__(self, count: int, attacks: set[tuple[int, int]]) -> None:
        self.count = count
        self.attacked_by = [sum(1 << b for a, b in attacks if a == x) for x in range(count)]
        self.attackers = [[a for a, b in attacks if b == x] for x in range(count)]

    def attacked(self, subset: int) -> int:
        hit = 0
        for x in range(self.count):
            if subset >> x & 1:
                hit |= self.attacked_by[x]
        return hit

    def defended(self, subset: int) -> int:
        hit = self.attacked(subset)
        return sum(1 << x for x in range(self.count) if all(hit >> y & 1 for y in self.attackers[x]))

    def conflict_free(self, subset: int) -> bool:
        return not self.attacked(subset) & subset

    def subsets(self):
        return range(1 << self.count)

    def grounded(self) -> int:
        current = 0
        while (following := self.defended(current)) != current:
            current = following
        return current

    def complete(self) -> list[int]:
        return [s for s in self.subsets() if self.conflict_free(s) and self.defended(s) == s]

    def preferred(self) -> list[int]:
        admissible = [s for s in self.subsets() if self.conflict_free(s) and s & ~self.defended(s) == 0]
        return [s for s in admissible if not any(s != t and s & t == s for t in admissible)]

    def stable(self) -> list[int]:
        everything = (1 << self.count) - 1
        return [s for s in self.subsets() if self.conflict_free(s) and self.attacked(s) | s == everything]

    def extensions(self, semantics: Semantics) -> list[tuple[int, ...]]:
        found = {GR: lambda: [self.grounded()], CO: self.complete, PR: self.preferred, ST: self.stable}[semantics]()
        return sorted(tuple(x for x in range(self.count) if s >> x & 1) for s in found)


@st.composite
def small_frameworks(draw, most: int = 10):
    count = draw(st.integers(0, most))
    pairs = [(a, b) for a in range(count) for b in range(count)]
    density = draw(st.sampled_from([0.05, 0.15, 0.3, 0.5]))
    # A drawn density, so sparse and dense frameworks both appear.
    weights = draw(st.lists(st.floats(0, 1), min_size=len(pairs), max_size=len(pairs)))
    attacks = {pair for pair, weight in zip(pairs, weights) if weight < density}
    return count, attacks


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drawn=small_frameworks())
def test_every_semantics_enumerates_exactly_the_extensions_of_the_definitions(engine, drawn) -> None:
    count, attacks = drawn
    af = Framework.build([f"x{k}" for k in range(count)], sorted(attacks))
    oracle = Oracle(count, attacks)
    for semantics in Semantics:
        assert extensions(af, semantics, engine=engine) == oracle.extensions(semantics), semantics


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drawn=small_frameworks())
def test_acceptance_answers_and_some_extension_agree_with_the_definitions(engine, drawn) -> None:
    count, attacks = drawn
    af = Framework.build([f"x{k}" for k in range(count)], sorted(attacks))
    oracle = Oracle(count, attacks)
    for semantics in Semantics:
        expected = oracle.extensions(semantics)
        one = some_extension(af, semantics, engine=engine)
        assert (one in expected) if expected else one is None, semantics
        for argument in range(count):
            accepted = any(argument in e for e in expected)
            assert credulous(af, semantics, argument, engine=engine) == accepted, (semantics, argument)
            assert sceptical(af, semantics, argument, engine=engine) == all(argument in e for e in expected), (
                semantics,
                argument,
            )


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drawn=small_frameworks())
def test_acceptance_statuses_are_in_some_in_every_and_attacked_by_every_extension_of_the_definitions(engine, drawn) -> None:
    count, attacks = drawn
    af = Framework.build([f"x{k}" for k in range(count)], sorted(attacks))
    oracle = Oracle(count, attacks)
    for semantics in Semantics:
        expected = oracle.extensions(semantics)
        statuses = acceptance_statuses(af, semantics, engine=engine)
        if not expected:
            assert statuses is None, semantics
            continue
        some, every, attacked = statuses
        for argument in range(count):
            hit = [any((a, argument) in attacks for a in extension) for extension in expected]
            assert bool(some[argument]) == any(argument in e for e in expected), (semantics, argument)
            assert bool(every[argument]) == all(argument in e for e in expected), (semantics, argument)
            assert bool(attacked[argument]) == all(hit), (semantics, argument)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(small_frameworks())
def test_every_witness_is_an_extension_of_the_definitions_with_or_without_the_argument_as_asked(drawn) -> None:
    count, attacks = drawn
    af = Framework.build([f"x{k}" for k in range(count)], sorted(attacks))
    oracle = Oracle(count, attacks)
    for semantics in Semantics:
        expected = oracle.extensions(semantics)
        for argument in range(count):
            holding = witness(af, Problem.DC, semantics, argument)
            lacking = witness(af, Problem.DS, semantics, argument)
            if any(argument in e for e in expected):
                assert holding in expected and argument in holding, (semantics, argument)
            else:
                assert holding is None, (semantics, argument)
            if all(argument in e for e in expected):
                assert lacking is None, (semantics, argument)
            else:
                assert lacking in expected and argument not in lacking, (semantics, argument)


def test_oracle_can_tell_an_extension_from_a_non_extension() -> None:
    # The oracle itself must be able to fail: on the even cycle {a, b} is not complete.
    oracle = Oracle(2, {(0, 1), (1, 0)})
    assert oracle.extensions(CO) == [(), (0,), (1,)]
    assert (0, 1) not in oracle.extensions(PR)


# --- deep and large frameworks ------------------------------------------------------------


@pytest.mark.slow
def test_grounded_on_a_200k_argument_chain_needs_no_recursion() -> None:
    count = 200_000
    af = Framework.build([str(k) for k in range(count)], [(k, k + 1) for k in range(count - 1)])
    assert grounded(af) == tuple(range(0, count, 2))


@pytest.mark.slow
def test_complete_search_on_a_long_chain_behind_an_even_cycle_needs_no_recursion() -> None:
    # Each of the two choices on the cycle decides the 50k-argument chain by propagation alone.
    count = 50_000
    attacks = [(0, 1), (1, 0)] + [(k, k + 1) for k in range(1, count - 1)]
    af = Framework.build([str(k) for k in range(count)], attacks)
    found = extensions(af, PR)
    assert len(found) == 2
    assert found[0] == (0, *range(2, count, 2))
    assert found[1] == tuple(range(1, count, 2))


def test_many_independent_even_cycles_give_every_combination() -> None:
    pairs = 8
    af = Framework.build([str(k) for k in range(2 * pairs)], [(2 * k + s, 2 * k + 1 - s) for k in range(pairs) for s in (0, 1)])
    assert len(extensions(af, PR)) == 2**pairs
    assert len(extensions(af, ST)) == 2**pairs
    assert len(extensions(af, CO)) == 3**pairs


@pytest.mark.parametrize("size", [3, 4])
def test_preferred_extensions_are_pairwise_incomparable(size: int) -> None:
    af = framework(" ".join(f"{a}>{b}" for a, b in combinations("abcdef"[:size], 2)) + " f>a")
    found = [set(e) for e in extensions(af, PR)]
    assert found
    assert all(not (x < y) for x in found for y in found)


# --- preferred by components against one search over the whole framework ----------------


@st.composite
def random_frameworks(draw, most: int = 14):
    """Frameworks up to 14 arguments, beyond what the brute-force oracle takes, with up to 3 attacks per argument.

    Sparse enough to fall apart into several components, with IN, OUT and
    UNDEC labels upstream of them, which is what the decomposition must handle.
    """
    count = draw(st.integers(1, most))
    attacks = draw(st.sets(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=3 * count))
    return Framework.build([f"x{k}" for k in range(count)], sorted(attacks))


def _reaches(af: Framework, start: int, goal: int) -> bool:
    seen, queue = {start}, [start]
    while queue:
        argument = queue.pop()
        if argument == goal:
            return True
        for target in af.targets(argument):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return False


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(random_frameworks())
def test_components_partition_the_arguments_into_mutually_reachable_sets_in_topological_order(af) -> None:
    everything = bytearray([1]) * len(af)
    components = _strongly_connected_components(af, everything)
    assert sorted(a for component in components for a in component) == list(range(len(af)))
    position = {a: k for k, component in enumerate(components) for a in component}
    for a in range(len(af)):
        for b in range(len(af)):
            same = position[a] == position[b]
            assert same == (_reaches(af, a, b) and _reaches(af, b, a)), (a, b)
    for attacker, target in af.attacks():
        assert position[attacker] <= position[target], "an attack goes back to an earlier component"


@pytest.mark.slow
@pytest.mark.parametrize("semantics", [CO, PR, ST], ids=lambda s: s.name)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(af=random_frameworks())
def test_extensions_by_components_equal_the_extensions_of_one_search_over_the_whole(semantics, af) -> None:
    assert extensions(af, semantics) == extensions_by_search(af, semantics)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_frameworks())
def test_credulous_over_the_upstream_arguments_agrees_with_one_search_over_the_whole(af) -> None:
    complete = extensions_by_search(af, CO)
    for argument in range(len(af)):
        accepted = any(argument in extension for extension in complete)
        assert credulous(af, PR, argument) == accepted, argument
        assert credulous(af, CO, argument) == accepted, argument


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_frameworks())
def test_some_preferred_by_components_is_one_of_the_preferred_extensions_by_one_search(af) -> None:
    expected = extensions_by_search(af, PR)
    assert some_extension(af, PR) in expected
    assert _grow_to_preferred(af) in expected


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_frameworks(most=10))
def test_sceptical_preferred_over_the_upstream_components_agrees_with_every_extension_by_one_search(af) -> None:
    expected = extensions_by_search(af, PR)
    for argument in range(len(af)):
        assert sceptical(af, PR, argument) == all(argument in extension for extension in expected), argument


def test_upstream_undecided_attacker_keeps_a_downstream_argument_out_of_every_preferred_extension() -> None:
    # c sits downstream of the odd cycle a>b>e>a only through d: d is UNDEC, so c cannot be IN,
    # though c's component alone (c with no attacker inside it) would take it.
    af = framework("a>b b>e e>a e>d d>c c>f")
    assert named(af, extensions(af, PR)) == as_sets("")
    components = _Components(af)
    assert len(components.components) == 4  # {a, b, e}, {d}, {c}, {f}
    assert named(af, [some_extension(af, PR)]) == as_sets("")


def test_even_cycles_in_a_chain_of_components_multiply_their_choices_only_where_free() -> None:
    # a<>b decides c<>d only when b is IN (b attacks c); when a is IN, c and d choose freely.
    af = framework("a>b b>a b>c c>d d>c")
    assert named(af, extensions(af, PR)) == as_sets("ac", "ad", "bd")
    assert named(af, extensions(af, PR)) == named(af, extensions_by_search(af, PR))
