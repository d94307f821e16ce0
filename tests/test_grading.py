"""Confidences: evidence, items, links and chains (docs/language.md, "Grading")."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings

from causal.checker import check_text
from causal.analysis.confidence import evidence_confidence, item_confidence, link_confidence
from tests.strategies import sensible_cases
from causal.printer import format_case


def model_of(text: str, **overrides):
    return check_text(textwrap.dedent(text), path="case.cx", overrides=overrides or None).analysis


GRADED = """
    source tass "TASS" reliability B
    source irna "IRNA" reliability C
    source anon "Anonymous officials" reliability D
    source paper "A paper" reliability A via anon
    event a "A" at 2015
    event b "B" at 2016
    evidence from_tass from tass credibility 2
    evidence from_irna from irna credibility 3
    evidence second_tass from tass credibility 4
    evidence relayed from paper credibility 1
    link ab: a -> b because from_tass, from_irna, second_tass
"""


def test_evidence_confidence_is_reliability_weight_times_credibility_weight():
    model = model_of(GRADED)
    assert evidence_confidence(model, model.model.evidence["from_tass"]) == pytest.approx(0.8 * 0.8)
    assert evidence_confidence(model, model.model.evidence["from_irna"]) == pytest.approx(0.6 * 0.6)


def test_reliability_is_the_worst_along_the_reporting_path():
    model = model_of(GRADED)
    # paper is graded A, but it only relays anon (D).
    assert evidence_confidence(model, model.model.evidence["relayed"]) == pytest.approx(0.4 * 1.0)


def test_a_link_combines_independent_origins_and_takes_the_best_item_of_each():
    model = model_of(GRADED)
    tass, irna = 0.8 * 0.8, 0.6 * 0.6  # second_tass (0.8 * 0.4) shares tass's origin: only the best counts
    assert link_confidence(model, 0) == pytest.approx(1 - (1 - tass) * (1 - irna))


def test_weights_and_thresholds_can_be_set_in_the_case():
    model = model_of(GRADED + "    set reliability-weight B 0.5\n    set credibility-weight 2 1\n")
    assert evidence_confidence(model, model.model.evidence["from_tass"]) == pytest.approx(0.5)


def test_an_assumed_link_has_the_assumed_confidence_and_an_unsupported_one_none():
    model = model_of(
        """
        event a "A" at 2015
        event b "B" at 2016
        link a -> b assumed "the analyst's judgement"
        link b -> a
        set assumed-confidence 0.25
        """
    )
    assert link_confidence(model, 0) == pytest.approx(0.25)
    assert link_confidence(model, 1) == 0


def test_undecided_items_are_discounted_and_rejected_ones_count_for_nothing():
    model = model_of(
        """
        source tass "TASS" reliability B
        claim x "X"
        claim y "Y"
        evidence for_x from tass credibility 2 supports x
        evidence for_y from tass credibility 2 supports y
        evidence against from tass credibility 1 undermines for_y
        contradiction xy: x vs y
        set undecided-weight 0.4
        """
    )
    # x's contradiction with y is answered: y's only support is rejected, but y still attacks x.
    assert model.labels.label("x").value == "undecided"
    assert item_confidence(model, "x") == pytest.approx(0.8 * 0.8 * 0.4)
    assert evidence_confidence(model, model.model.evidence["for_y"]) == 0
    assert item_confidence(model, "y") == 0  # its only support is rejected, and it is undecided


def test_a_chain_is_as_confident_as_its_weakest_step():
    report = check_text(
        textwrap.dedent(
            """
            source tass "TASS" reliability B
            source irna "IRNA" reliability C
            event a "A" at 2015
            event b "B" at 2016
            event c "C" at 2017
            evidence e1 from tass credibility 2
            evidence e2 from irna credibility 3
            link a -> b because e1
            link b -> c because e2
            chain t: a -> b -> c
            """
        ),
        path="case.cx",
    )
    (verdict,) = report.chains
    assert verdict.confidence == pytest.approx(0.36)
    assert [step.text for step in verdict.weakest_first] == ["b -> c", "a -> b"]


def test_a_chain_below_the_low_confidence_threshold_is_weak():
    text = """
        source tass "TASS" reliability D
        source irna "IRNA" reliability D
        event a "A" at 2015
        event b "B" at 2016
        evidence e1 from tass credibility 3
        evidence e2 from irna credibility 3
        link a -> b because e1, e2
        chain t: a -> b
        """
    (strong,) = check_text(textwrap.dedent(text) + "set low-confidence 0.3\n", path="c.cx").chains
    assert strong.verdict == "supported"  # 1 - (1 - 0.24)^2 = 0.42
    (weak,) = check_text(textwrap.dedent(text) + "set low-confidence 0.5\n", path="c.cx").chains
    assert weak.verdict == "weak"
    assert "below the low-confidence threshold 0.5" in weak.weakest_reason


@settings(max_examples=50, deadline=None)
@given(sensible_cases())
def test_every_confidence_lies_between_0_and_1_and_a_chain_takes_its_weakest_step(generated):
    report = check_text(format_case(generated.case), path="case.cx")
    model = report.analysis
    for index in range(len(model.model.links)):
        assert 0 <= link_confidence(model, index) <= 1
    for item in model.model.evidence.values():
        assert 0 <= evidence_confidence(model, item) <= 1
    for verdict in report.chains:
        if verdict.assessments:
            assert verdict.confidence == min(step.confidence for step in verdict.assessments)
