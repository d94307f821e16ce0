"""Confidences: evidence, items, links and chains (docs/language.md, "Grades and confidence", "Chain verdicts")."""

from __future__ import annotations

import math
import textwrap

import pytest
from hypothesis import given, settings

from causal.analysis.confidence import evidence_confidence, item_confidence, link_confidence
from causal.language.printer import format_case
from causal.model.grades import DEFAULT_GRADE_CONFIDENCE as TABLE
from causal.pipeline import check_text
from tests.strategies import sensible_cases


def analysis_of(text: str, **overrides):
    return check_text(textwrap.dedent(text), path="case.cx", overrides=overrides or None).analysis


GRADED = """
    source tass "TASS" reliability B
    source irna "IRNA" reliability C
    source paper "A paper" reliability A
    source anon "Anonymous officials, as the paper reports them" reliability D via paper
    event a "A" at 2015
    event b "B" at 2016
    evidence from_tass from tass credibility 2
    evidence from_irna from irna credibility 3
    evidence second_tass from tass credibility 4
    evidence relayed from anon credibility 2
    link ab: a -> b because from_tass, from_irna, second_tass
"""


def test_evidence_confidence_is_the_cell_of_its_pair_of_grades():
    analysis = analysis_of(GRADED)
    evidence = analysis.model.evidence
    assert evidence_confidence(analysis, evidence["from_tass"]) == TABLE["B2"]
    assert evidence_confidence(analysis, evidence["from_irna"]) == TABLE["C3"]


def test_the_weakest_reliability_on_the_reporting_path_decides():
    analysis = analysis_of(GRADED)
    relayed = analysis.model.evidence["relayed"]
    # anon (D) via paper (A): the anonymous officials are the weakest link.
    assert analysis.model.grades_of(relayed) == "D2"
    assert evidence_confidence(analysis, relayed) == TABLE["D2"]


def test_a_link_combines_independent_reports_and_takes_the_best_of_each_group():
    analysis = analysis_of(GRADED)
    tass, irna = TABLE["B2"], TABLE["C3"]  # second_tass (B4) shares tass with from_tass
    assert link_confidence(analysis, 0) == pytest.approx(1 - (1 - tass) * (1 - irna))


def test_a5_and_e1_are_different_judgements():
    """A reliable source passing on improbable information is not an unreliable source with confirmed information."""
    assert TABLE["A5"] < TABLE["E1"]


def test_cannot_be_judged_is_unknown_not_the_worst_grade():
    # Credibility 6 (cannot be judged) above 4 (doubtful) and 5 (improbable), for every reliability.
    for reliability in "ABCDEF":
        assert TABLE[f"{reliability}6"] > TABLE[f"{reliability}4"] > TABLE[f"{reliability}5"]
    # Reliability F (cannot be judged) above D (not usually reliable) and E (unreliable).
    for credibility in range(1, 7):
        assert TABLE[f"F{credibility}"] > TABLE[f"D{credibility}"] > TABLE[f"E{credibility}"]


def test_confirmed_by_other_sources_is_not_counted_twice():
    """Corroboration is counted from the independent sources the case holds, not again from grade 1."""
    for reliability in "ABCDEF":
        assert TABLE[f"{reliability}1"] == TABLE[f"{reliability}2"]


def test_the_table_can_be_set_in_the_case():
    analysis = analysis_of(GRADED + "    set grade-confidence B2 0.5\n")
    assert evidence_confidence(analysis, analysis.model.evidence["from_tass"]) == 0.5


def test_an_assumed_link_has_the_assumed_confidence_and_an_unsupported_one_none():
    analysis = analysis_of(
        """
        event a "A" at 2015
        event b "B" at 2016
        link a -> b assumed "the analyst's judgement"
        link b -> a
        set assumed-confidence 0.25
        """
    )
    assert link_confidence(analysis, 0) == pytest.approx(0.25)
    assert link_confidence(analysis, 1) == 0


def test_undecided_items_are_discounted_and_rejected_ones_count_for_nothing():
    analysis = analysis_of(
        """
        source tass "TASS" reliability B
        claim x "X"
        claim y "Y"
        evidence for_x from tass credibility 2 supports x
        evidence for_y from tass credibility 2 supports y
        evidence against from tass credibility 1 undermines for_y
        contradiction xy: x vs y
        set preferences none
        set undecided-weight 0.4
        """
    )
    # Without preferences, y still attacks x although y's only support is rejected.
    assert analysis.labels.label("x").value == "undecided"
    assert item_confidence(analysis, "x") == pytest.approx(TABLE["B2"] * 0.4)
    assert evidence_confidence(analysis, analysis.model.evidence["for_y"]) == 0
    assert analysis.labels.label("y").value == "unsupported"
    assert item_confidence(analysis, "y") == 0


CHAIN = """
    source tass "TASS" reliability B
    source irna "IRNA" reliability C
    event a "A" at 2015
    event b "B" at 2016
    event c "C" at 2017
    evidence e1 from tass credibility 2 supports a, b
    evidence e2 from irna credibility 3 supports c
    link a -> b because e1
    link b -> c because e2
    chain t: a -> b -> c
"""


def test_a_chain_is_a_conjunction_of_its_steps():
    (verdict,) = check_text(textwrap.dedent(CHAIN), path="case.cx").chains
    assert verdict.confidence == pytest.approx(TABLE["B2"] * TABLE["C3"])
    assert [step.text for step in verdict.weakest_first] == ["b -> c", "a -> b"]
    assert verdict.weakest.text == "b -> c"


def test_five_steps_of_0_64_are_not_a_chain_of_0_64():
    steps = "\n".join(f'event n{i} "N{i}" at {2010 + i}' for i in range(6))
    links = "\n".join(f"evidence e{i} from s credibility 2 supports n{i}, n{i + 1}\nlink n{i} -> n{i + 1} because e{i}" for i in range(5))
    text = f'source s "S" reliability C\n{steps}\n{links}\nchain long: n0 -> n1 -> n2 -> n3 -> n4 -> n5\n'
    (verdict,) = check_text(text, path="case.cx").chains
    assert TABLE["C2"] == 0.64
    assert verdict.confidence == pytest.approx(0.64**5)
    assert verdict.verdict == "weak"


def test_a_chain_through_an_unsupported_event_is_not_supported():
    text = textwrap.dedent(CHAIN).replace("supports a, b", "supports a")
    (verdict,) = check_text(text, path="case.cx").chains
    assert verdict.verdict == "weak"
    assert verdict.weak_nodes == (("b", "unsupported"),)


def test_header_step_list_and_json_name_the_same_weakest_step():
    """The issue's reproduction: one source graded E, credibility 4 for a -> b and 5 for b -> c."""
    text = """
        source s "S" reliability E
        event a "A" at 2015
        event b "B" at 2016
        event c "C" at 2017
        evidence e1 from s credibility 4 supports a, b
        evidence e2 from s credibility 5 supports c
        link a -> b because e1
        link b -> c because e2
        chain t: a -> b -> c
        """
    (verdict,) = check_text(textwrap.dedent(text), path="case.cx").chains
    assert verdict.weakest is verdict.weakest_first[0]
    assert verdict.weakest.text == "b -> c"


def test_a_chain_below_the_low_confidence_threshold_is_weak():
    text = """
        source tass "TASS" reliability D
        source irna "IRNA" reliability D
        event a "A" at 2015
        event b "B" at 2016
        evidence e1 from tass credibility 3 supports a, b
        evidence e2 from irna credibility 3 supports a, b
        link a -> b because e1, e2
        chain t: a -> b
        """
    both = 1 - (1 - TABLE["D3"]) ** 2
    low, high = round(both - 0.01, 2), round(both + 0.01, 2)
    (strong,) = check_text(textwrap.dedent(text) + f"set low-confidence {low}\n", path="c.cx").chains
    assert strong.verdict == "supported"
    (weak,) = check_text(textwrap.dedent(text) + f"set low-confidence {high}\n", path="c.cx").chains
    assert weak.verdict == "weak"
    assert f"below the low-confidence threshold {high:g}" in weak.weakest_reason


@pytest.mark.slow
@settings(max_examples=50, deadline=None)
@given(sensible_cases())
def test_every_confidence_lies_between_0_and_1_and_a_chain_multiplies_its_steps(generated):
    report = check_text(format_case(generated.case), path="case.cx")
    analysis = report.analysis
    for index in range(len(analysis.model.links)):
        assert 0 <= link_confidence(analysis, index) <= 1
    for item in analysis.model.evidence.values():
        assert 0 <= evidence_confidence(analysis, item) <= 1
    for verdict in report.chains:
        if verdict.assessments:
            assert verdict.confidence <= math.prod(step.confidence for step in verdict.assessments) + 1e-12
            assert verdict.weakest is verdict.weakest_first[0]
