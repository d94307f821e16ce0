"""Certificates of DC and DS answers (ICCMA 2023): the extension `witness` gives shows the answer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from causal.argumentation import Framework, Problem, Semantics, credulous, sceptical, witness

DC, DS = Problem.DC, Problem.DS


def extensions_by_definition(count: int, attacks: set[tuple[int, int]], semantics: Semantics) -> list[set[int]]:
    """Every extension, from the definitions applied to every subset (small frameworks only)."""

    def attacked(subset: set[int]) -> set[int]:
        return {b for a, b in attacks if a in subset}

    def defended(subset: set[int]) -> set[int]:
        hit = attacked(subset)
        return {x for x in range(count) if all(a in hit for a, b in attacks if b == x)}

    subsets = [{x for x in range(count) if mask >> x & 1} for mask in range(1 << count)]
    free = [s for s in subsets if not attacked(s) & s]
    if semantics is Semantics.GR:
        current: set[int] = set()
        while (following := defended(current)) != current:
            current = following
        return [current]
    if semantics is Semantics.ST:
        return [s for s in free if attacked(s) | s == set(range(count))]
    complete = [s for s in free if defended(s) == s]
    if semantics is Semantics.CO:
        return complete
    admissible = [s for s in free if s <= defended(s)]
    return [s for s in admissible if not any(s < t for t in admissible)]


@st.composite
def small_frameworks(draw):
    count = draw(st.integers(1, 8))
    attacks = draw(st.sets(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=2 * count))
    return count, attacks


@pytest.mark.slow
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_frameworks())
def test_a_certificate_exists_exactly_when_the_answer_needs_one_and_is_an_extension_showing_it(drawn) -> None:
    count, attacks = drawn
    af = Framework.build([f"x{k}" for k in range(count)], sorted(attacks))
    for semantics in Semantics:
        expected = extensions_by_definition(count, attacks, semantics)
        for argument in range(count):
            holding = witness(af, DC, semantics, argument)
            if any(argument in extension for extension in expected):
                assert holding is not None and set(holding) in expected and argument in holding, (semantics, argument)
            else:
                assert holding is None, (semantics, argument)
            missing = witness(af, DS, semantics, argument)
            if all(argument in extension for extension in expected):
                assert missing is None, (semantics, argument)
            else:
                assert missing is not None, (semantics, argument)
                assert set(missing) in expected and argument not in missing, (semantics, argument)
            # The command prints a certificate when the answer asks for one: they must agree.
            assert (holding is not None) == credulous(af, semantics, argument)
            assert (missing is None) == sceptical(af, semantics, argument)


def build(text: str) -> Framework:
    """`a>b b>a c` -> arguments in order of appearance, attacks a->b, b->a."""
    names: list[str] = []
    pairs: list[tuple[str, str]] = []
    for word in text.split():
        parts = word.split(">")
        names += [part for part in parts if part not in names]
        if len(parts) == 2:
            pairs.append((parts[0], parts[1]))
    return Framework.build(names, [(names.index(a), names.index(b)) for a, b in pairs])


def names_of(af: Framework, extension) -> set[str]:
    return {af.names[k] for k in extension}


# x and y attack each other; y defeats c, which sits in the odd cycle c>d>e>c and attacks a.
# Preferred extensions: {y, d, a} and {x}. In {x} the argument a is undecided, never OUT,
# since its only attacker is never IN: a preferred extension without it attacks nothing of it.
UNDECIDED_ONLY = "x>y y>x y>c c>d d>e e>c c>a"


def test_sceptical_preferred_certificate_can_leave_the_argument_undecided_rather_than_attacked() -> None:
    af = build(UNDECIDED_ONLY)
    a = af.index("a")
    assert names_of(af, witness(af, DS, Semantics.PR, a)) == {"x"}
    assert names_of(af, witness(af, DC, Semantics.PR, a)) == {"y", "d", "a"}


def test_sceptical_preferred_certificate_attacks_the_argument_when_it_can() -> None:
    af = build("a>b b>a a>c b>c c>d")
    for name, other in (("a", "b"), ("b", "a")):
        assert names_of(af, witness(af, DS, Semantics.PR, af.index(name))) == {other, "d"}
    assert witness(af, DS, Semantics.PR, af.index("d")) is None


@pytest.mark.parametrize("semantics", [Semantics.CO, Semantics.PR, Semantics.ST], ids=lambda s: s.name)
def test_credulous_certificate_in_a_long_chain_of_even_cycles_holds_the_argument(semantics: Semantics) -> None:
    # 300 two-cycles, each attacking the next: the gadget joins what is upstream, which must stay cheap.
    words = []
    for k in range(300):
        words += [f"a{k}>b{k}", f"b{k}>a{k}"]
        if k:
            words.append(f"a{k - 1}>a{k}")
    af = build(" ".join(words))
    last = af.index("b299")
    found = witness(af, DC, semantics, last)
    assert found is not None and last in found


def test_numbered_frameworks_get_a_certificate_in_their_own_numbers() -> None:
    from causal.argumentation import parse

    af = parse("p af 3\n1 2\n2 1\n2 3\n", "i23")
    assert witness(af, DC, Semantics.ST, af.index("3")) == (0, 2)
    assert witness(af, DS, Semantics.ST, af.index("3")) == (1,)


def test_only_decision_problems_have_certificates() -> None:
    with pytest.raises(ValueError, match="no certificate"):
        witness(build("a"), Problem.SE, Semantics.GR, 0)
