"""Bayesian process tracing (causal.analysis.bayes): priors, likelihoods, posteriors, weights of evidence."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.analysis.ach import analyse
from causal.analysis.bayes import COMPATIBLE, INVALID_PRIORS, MISSING_PRIORS
from causal.cli.commands import cli
from causal.language.parser import parse
from causal.language.printer import format_case
from causal.pipeline import check_text
from causal.report.ach_text import render_ach_text
from tests.conftest import ROOT

HEAD = """\
source wire "A wire agency" reliability B
event o "The outcome" at 2020
"""


def posterior_of(text: str, outcome: str = "o"):
    report = check_text(text, path="case.cx")
    assert report.model is not None, report.findings
    return analyse(report.analysis).outcome(outcome).posterior


def invalid_values(text: str) -> list:
    return [f for f in check_text(text, path="case.cx").findings if f.rule == "invalid-value"]


# --- the verdict case, by hand ---------------------------------------------------------------------


def test_the_verdict_case_gives_the_posterior_computed_by_hand():
    text = (ROOT / "tests" / "data" / "verdicts" / "ach-bayes.cx").read_text(encoding="utf-8")
    bayes = posterior_of(text)
    assert bayes.computed
    assert bayes.priors == pytest.approx((0.5, 0.5))
    # Odds 1 x (0.8 / 0.2) x (0.5 / 0.25) = 8 : 1.
    assert bayes.posterior("h1") == pytest.approx(8 / 9)
    assert bayes.posterior("h2") == pytest.approx(1 / 9)
    assert round(bayes.posterior("h1"), 3) == 0.889 and round(bayes.posterior("h2"), 3) == 0.111
    assert bayes.pair == ("h1", "h2")
    assert [(i.evidence, i.weight) for i in bayes.items] == [
        ("e1", pytest.approx(10 * math.log10(4))),
        ("e2", pytest.approx(10 * math.log10(2))),
    ]
    assert bayes.prior_weight == pytest.approx(0.0)
    assert bayes.posterior_weight == pytest.approx(10 * math.log10(8))
    assert [(u.evidence, u.reason, u.hypotheses) for u in bayes.unusable] == [
        ("forged", "rejected", ()),
        ("partial", "missing", ("h2",)),
    ]


def test_the_json_carries_the_posterior_block(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        cli, ["ach", "--format", "json", "tests/data/verdicts/ach-bayes.cx"], catch_exceptions=False
    )
    document = json.loads(result.stdout)
    assert document["version"] == 2
    block = document["outcomes"][0]["posterior"]
    assert block["computed"] is True and block["reason"] is None
    assert block["posterior"] == {"h1": 0.888889, "h2": 0.111111}
    assert block["leading_pair"] == ["h1", "h2"] and block["unit"] == "dB"
    assert [e["name"] for e in block["evidence"]] == ["e1", "e2"]
    assert [(e["name"], e["reason"]) for e in block["not_used"]] == [("forged", "rejected"), ("partial", "missing")]


def test_without_priors_there_is_no_posterior_block():
    text = HEAD + 'hypothesis h1 "One" explains o\nhypothesis h2 "Two" explains o\n'
    text += "evidence e from wire credibility 2 consistent-with h1 likelihood h1 0.8 likelihood h2 0.2\n"
    report = check_text(text, path="case.cx")
    outcome = analyse(report.analysis).outcome("o")
    assert outcome.posterior is None
    assert "posterior" not in render_ach_text(analyse(report.analysis))


# --- what is and is not computed ------------------------------------------------------------------


def test_a_partial_set_of_priors_computes_nothing_and_says_which_lack_one():
    text = HEAD + 'hypothesis h1 "One" explains o prior 2\nhypothesis h2 "Two" explains o\n'
    text += 'hypothesis h3 "Three" explains o\n'
    bayes = posterior_of(text)
    assert not bayes.computed and bayes.reason == MISSING_PRIORS and bayes.without == ("h2", "h3")
    report = check_text(text, path="case.cx")
    assert "posterior: not computed: h2, h3 have no prior" in render_ach_text(analyse(report.analysis))


def test_compatible_hypotheses_have_no_posterior():
    text = HEAD + 'hypothesis h1 "One" explains o prior 1 compatible-with h2\nhypothesis h2 "Two" explains o prior 1\n'
    bayes = posterior_of(text)
    assert not bayes.computed and bayes.reason == COMPATIBLE and bayes.compatible_pairs == (("h1", "h2"),)


def test_an_invalid_prior_computes_nothing():
    text = HEAD + 'hypothesis h1 "One" explains o prior 0\nhypothesis h2 "Two" explains o prior 1\n'
    bayes = posterior_of(text)
    assert not bayes.computed and bayes.reason == INVALID_PRIORS and bayes.without == ("h1",)


def test_priors_are_relative_weights():
    text = HEAD + 'hypothesis h1 "One" explains o prior 3\nhypothesis h2 "Two" explains o prior 1\n'
    bayes = posterior_of(text)
    assert bayes.priors == pytest.approx((0.75, 0.25))
    assert bayes.posteriors == pytest.approx((0.75, 0.25))  # no evidence: the posterior is the prior


def test_undecided_evidence_has_its_ratio_tempered_by_the_undecided_weight():
    # Two equally strong denials leave each other undecided.
    text = HEAD + 'hypothesis h1 "One" explains o prior 1\nhypothesis h2 "Two" explains o prior 1\n'
    text += "evidence a from wire credibility 2 undermines b likelihood h1 0.9 likelihood h2 0.1\n"
    text += "evidence b from wire credibility 2 undermines a\n"
    bayes = posterior_of(text)
    (item,) = bayes.items
    assert item.label == "undecided" and item.exponent == 0.5
    # (0.9 / 0.1) ** 0.5 = 3: posterior 3 / 4.
    assert bayes.posterior("h1") == pytest.approx(0.75)
    assert item.weight == pytest.approx(10 * math.log10(3))


def test_the_posterior_does_not_change_the_ach_ranking():
    text = HEAD + 'hypothesis h1 "One" explains o prior 1\nhypothesis h2 "Two" explains o prior 1\n'
    text += "evidence e from wire credibility 2 inconsistent-with h1 likelihood h1 0.9 likelihood h2 0.1\n"
    report = check_text(text, path="case.cx")
    outcome = analyse(report.analysis).outcome("o")
    assert [h.name for h in outcome.ranking] == ["h2", "h1"]  # ACH: h1 is inconsistent
    assert outcome.posterior.posterior("h1") == pytest.approx(0.9)  # Bayes: the analyst's likelihoods


# --- invalid values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, shown",
    [("0", "is 0"), ("0.0", "is 0"), ("-2", "is -2"), ("-0.5", "is -0.5"), ("1" * 4301, "too large"),
     ("9" * 400 + ".5", "too large")],
)
def test_a_bad_prior_is_an_invalid_value_at_its_position(value, shown):
    text = HEAD + f'hypothesis h1 "One" explains o prior {value}\nhypothesis h2 "Two" explains o prior 1\n'
    (finding,) = invalid_values(text)
    assert shown in finding.message and "the prior of h1" in finding.message
    assert finding.span.line == 3
    assert finding.span.column == len('hypothesis h1 "One" explains o prior ') + 1
    assert finding.span.end_column == finding.span.column + len(value)


@pytest.mark.parametrize("value", ["0", "-1", "1" * 4301])
def test_a_bad_likelihood_is_an_invalid_value_and_leaves_the_item_out(value):
    text = HEAD + 'hypothesis h1 "One" explains o prior 1\nhypothesis h2 "Two" explains o prior 1\n'
    line = f"evidence e from wire credibility 2 likelihood h1 {value} likelihood h2 0.5\n"
    (finding,) = invalid_values(text + line)
    assert "likelihood of e under h1" in finding.message
    assert (finding.span.line, finding.span.column) == (5, line.index(value[0], len("evidence e from wire credibility 2 likelihood h1")) + 1)
    bayes = posterior_of(text + line)
    assert [(u.evidence, u.reason, u.hypotheses) for u in bayes.unusable] == [("e", "invalid", ("h1",))]


def test_a_huge_integer_in_a_setting_does_not_crash():
    findings = invalid_values('set undecided-weight ' + "1" * 5000 + "\n")
    assert len(findings) == 1


def test_a_second_likelihood_for_one_hypothesis_is_reported_and_the_first_counts():
    text = HEAD + 'hypothesis h1 "One" explains o prior 1\nhypothesis h2 "Two" explains o prior 1\n'
    text += "evidence e from wire credibility 2 likelihood h1 0.8 likelihood h2 0.2 likelihood h1 0.1\n"
    (finding,) = invalid_values(text)
    assert "second likelihood for h1" in finding.message
    assert posterior_of(text).posterior("h1") == pytest.approx(0.8)


def test_clauses_in_the_wrong_statement_are_misplaced():
    _case, findings = parse('event o "O" prior 1\nhypothesis h "H" explains o likelihood h 0.5\n')
    assert [f.rule for f in findings] == ["misplaced-clause", "misplaced-clause"]


def test_a_likelihood_for_an_unknown_name_is_an_undefined_name():
    text = HEAD + 'hypothesis h1 "One" explains o prior 1\n'
    text += "evidence e from wire credibility 2 likelihood ghost 0.5\n"
    assert any(f.rule == "undefined-name" for f in check_text(text, path="case.cx").findings)


def test_likelihoods_alone_make_evidence_used():
    text = HEAD + 'hypothesis h1 "One" explains o prior 1\nhypothesis h2 "Two" explains o prior 1\n'
    text += "evidence e from wire credibility 2 likelihood h1 0.5 likelihood h2 0.4\n"
    assert not any(f.rule == "unused-declaration" for f in check_text(text, path="case.cx").findings)


def test_priors_and_likelihoods_print_back():
    text = 'hypothesis h "H" explains o prior 2.5\nevidence e from s likelihood h 0.8 likelihood k -1\n'
    case, findings = parse(text)
    assert findings == []
    printed = format_case(case)
    assert "prior 2.5" in printed and "likelihood h 0.8" in printed and "likelihood k -1" in printed
    assert parse(printed)[0] == case


# --- properties ------------------------------------------------------------------------------------

_values = st.integers(1, 1_000_000).map(lambda v: v / 1000)  # 0.001 to 1000, three decimals
_cases = st.integers(2, 4).flatmap(
    lambda k: st.tuples(
        st.lists(_values, min_size=k, max_size=k),
        st.lists(st.lists(_values, min_size=k, max_size=k), min_size=0, max_size=5),
        st.randoms(use_true_random=False),
    )
)


def _decimal(value: float) -> str:
    """A plain decimal, as the language writes numbers (never `1e-05`); exact for these values."""
    return f"{value:.6f}"


def _case_text(priors, items, order=None) -> str:
    names = [f"h{i}" for i in range(len(priors))]
    lines = [HEAD]
    lines += [f'hypothesis {n} "{n}" explains o prior {_decimal(p)}\n' for n, p in zip(names, priors)]
    rows = [
        f"evidence e{j} from wire credibility 2 "
        + " ".join(f"likelihood {n} {_decimal(v)}" for n, v in zip(names, values))
        + "\n"
        for j, values in enumerate(items)
    ]
    if order is not None:
        rows = [rows[i] for i in order]
    return "".join(lines + rows)


@settings(max_examples=40, deadline=None)
@given(_cases)
def test_posteriors_sum_to_one_and_do_not_depend_on_item_order(case):
    priors, items, random = case
    bayes = posterior_of(_case_text(priors, items))
    assert bayes.computed
    assert math.fsum(bayes.posteriors) == pytest.approx(1.0)
    assert all(0 <= p <= 1 for p in bayes.posteriors)
    order = list(range(len(items)))
    random.shuffle(order)
    shuffled = posterior_of(_case_text(priors, items, order))
    assert shuffled.posteriors == bayes.posteriors  # fsum: exactly the same, not just close


@settings(max_examples=40, deadline=None)
@given(_cases, st.sampled_from([0.001, 0.5, 2, 10, 1000]))
def test_scaling_one_items_likelihoods_leaves_the_posterior_unchanged(case, factor):
    """Only the ratios P(e | Hi) / P(e | Hj) matter: a factor common to one item's likelihoods cancels."""
    priors, items, _random = case
    if not items:
        return
    before = posterior_of(_case_text(priors, items))
    scaled = [[v * factor for v in items[0]], *items[1:]]
    after = posterior_of(_case_text(priors, scaled))
    assert after.posteriors == pytest.approx(before.posteriors, rel=1e-9, abs=1e-12)
