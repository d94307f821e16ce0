"""Competing hypotheses (causal.analysis.ach), the `causal ach` command, and properties of the scores.

Weights in the hand computations are the defaults: reliability A 1.0, B 0.8,
C 0.6, D 0.4, E and F 0.2; credibility 1 1.0, 2 0.8, 3 0.6, 4 0.4, 5 and 6 0.2;
an undecided item is weighed by 0.5, a rejected one by 0.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import causal.analysis.ach as ach_module
from causal.analysis.ach import (
    CONFIRMED,
    ELIMINATED,
    STRENGTHENED,
    SURVIVES,
    WEAKENED,
    Analysis,
    Cell,
    analyse,
)
from causal.cli.commands import cli
from causal.model.grades import DEFAULT_GRADE_CONFIDENCE as TABLE
from causal.pipeline import check_text
from causal.report.ach_json import ach_to_json
from causal.report.ach_text import NO_HYPOTHESES, render_ach_text
from tests.conftest import ROOT
from tests.goldens import assert_matches_golden

HYPOTHESES_CASE = "tests/data/cli/hypotheses.cx"

SOURCES = """\
source a "A" reliability A
source b "B" reliability B
source c "C" reliability C
source v "Via C" reliability A via c
event o "The outcome" at 2020
"""


def analysis_of(text: str) -> Analysis:
    report = check_text(text, path="case.cx")
    assert report.model is not None, report.findings
    return analyse(report.analysis)


def findings_of(text: str, rule: str) -> list:
    return [f for f in check_text(text, path="case.cx").findings if f.rule == rule]


def scores(analysis: Analysis, outcome: str = "o") -> dict[str, float]:
    return {h.name: h.inconsistency for h in analysis.outcome(outcome).hypotheses}


# --- the matrix and Heuer's score, by hand ------------------------------------------------------

THREE = (
    SOURCES
    + """\
hypothesis h1 "One" explains o
hypothesis h2 "Two" explains o
hypothesis h3 "Three" explains o
evidence e1 from a credibility 2 inconsistent-with h1 consistent-with h2
evidence e2 from b credibility 3 inconsistent-with h1, h3
evidence e3 from v credibility 1 inconsistent-with h2 consistent-with h1
evidence unrelated from a credibility 1 supports o
"""
)


def test_inconsistency_score_sums_the_weights_of_inconsistent_evidence():
    outcome = analysis_of(THREE).outcome("o")
    # The grade table: e1 is A2 (0.8); e2 is B3 (0.5); e3 is A1 carried by c, so C1 (0.64), the weakest link.
    assert [row.evidence for row in outcome.rows] == ["e1", "e2", "e3"]
    assert [row.weight for row in outcome.rows] == pytest.approx([TABLE["A2"], TABLE["B3"], TABLE["C1"]])
    assert scores(analysis_of(THREE)) == pytest.approx({"h1": 0.8 + 0.5, "h2": 0.64, "h3": 0.5})
    h1, h2, h3 = outcome.hypotheses
    assert (h1.inconsistent_count, h2.inconsistent_count, h3.inconsistent_count) == (2, 1, 1)
    assert (h1.consistency, h2.consistency, h3.consistency) == pytest.approx((0.64, 0.8, 0.0))
    assert [c.mark for c in outcome.rows[0].cells] == ["I", "C", "?"]  # h3: uncoded, not neutral


def test_least_inconsistent_ranks_first():
    outcome = analysis_of(THREE).outcome("o")
    assert [h.name for h in outcome.ranking] == ["h3", "h2", "h1"]
    assert {h.name: h.rank for h in outcome.hypotheses} == {"h3": 1, "h2": 2, "h1": 3}
    assert not any(h.tied for h in outcome.hypotheses)


def test_equal_scores_are_ranked_by_name_and_marked_tied():
    text = (
        SOURCES
        + """\
hypothesis zeta "Z" explains o
hypothesis alpha "A" explains o
hypothesis mid "M" explains o
evidence e from a credibility 2 inconsistent-with zeta, alpha
evidence f from c credibility 1 inconsistent-with mid
"""
    )
    outcome = analysis_of(text).outcome("o")
    assert [h.name for h in outcome.ranking] == ["mid", "alpha", "zeta"]
    assert {h.name: h.tied for h in outcome.hypotheses} == {"zeta": True, "alpha": True, "mid": False}


def test_rejected_evidence_weighs_nothing_but_is_shown():
    text = THREE + "evidence debunk from a credibility 1 undermines e1\n"
    outcome = analysis_of(text).outcome("o")
    row = outcome.rows[0]
    assert (row.evidence, row.weight, row.label, row.counts) == ("e1", 0.0, "rejected", False)
    assert [c.mark for c in row.cells] == ["I", "C", "?"]
    assert scores(analysis_of(text)) == pytest.approx({"h1": 0.5, "h2": 0.64, "h3": 0.5})
    h1, h2, _ = outcome.hypotheses
    assert h1.inconsistent_count == 1  # the rejected item is not counted
    assert h2.consistency == 0.0


def test_undecided_evidence_weighs_by_the_undecided_weight():
    text = (
        SOURCES
        + """\
hypothesis h1 "One" explains o
hypothesis h2 "Two" explains o
evidence e1 from a credibility 1 inconsistent-with h1 undermines e2
evidence e2 from a credibility 1 inconsistent-with h2 undermines e1
"""
    )
    outcome = analysis_of(text).outcome("o")
    assert [row.label for row in outcome.rows] == ["undecided", "undecided"]
    assert scores(analysis_of(text)) == pytest.approx({"h1": TABLE["A1"] * 0.5, "h2": TABLE["A1"] * 0.5})


def test_tests_set_cells_unless_the_evidence_says_otherwise():
    text = (
        SOURCES
        + """\
hypothesis h1 "One" explains o
hypothesis h2 "Two" explains o
evidence passed from a credibility 1 hoop h1 passed
evidence failed from a credibility 1 smoking-gun h1 failed
evidence stated from a credibility 1 consistent-with h1 hoop h1 failed straw-in-the-wind h2 failed
"""
    )
    outcome = analysis_of(text).outcome("o")
    cells = {row.evidence: [(c.mark, c.basis) for c in row.cells] for row in outcome.rows}
    assert cells == {
        "passed": [("C", "test"), ("?", None)],
        "failed": [("I", "test"), ("?", None)],
        "stated": [("C", "stated"), ("I", "test")],
    }
    # The explicit mark sets the cell; the test still counts in process tracing.
    assert outcome.hypothesis("h1").verdict == ELIMINATED


def test_an_item_both_consistent_and_inconsistent_counts_as_inconsistent():
    text = (
        SOURCES
        + """\
hypothesis h1 "One" explains o
hypothesis h2 "Two" explains o
evidence e from a credibility 1 consistent-with h1 inconsistent-with h1, h2
evidence t from b credibility 1 hoop h2 passed straw-in-the-wind h2 failed
"""
    )
    outcome = analysis_of(text).outcome("o")
    assert outcome.cell("e", "h1").mark == "I" and outcome.cell("e", "h1").conflicting
    assert outcome.cell("t", "h2").mark == "I" and outcome.cell("t", "h2").conflicting
    assert scores(analysis_of(text)) == pytest.approx({"h1": TABLE["A1"], "h2": TABLE["A1"] + TABLE["B1"]})
    found = findings_of(text, "conflicting-marks")
    assert [(f.span.line, f.subject.names) for f in found] == [(8, ("e", "h1")), (9, ("t", "h2"))]


def test_a_rivals_doubly_decisive_test_conflicts_with_a_passed_test():
    text = PT + "evidence e from a credibility 1 hoop h1 passed doubly-decisive h2 passed consistent-with h3\n"
    outcome = analysis_of(text).outcome("o")
    assert outcome.cell("e", "h1") == Cell("I", "test", conflicting=True)
    assert outcome.cell("e", "h3") == Cell("C", "stated")  # stated marks win over tests
    (finding,) = findings_of(text, "conflicting-marks")
    assert finding.subject.names == ("e", "h1")
    assert "its tests disagree (hoop h1 passed, doubly-decisive h2 passed)" in finding.message
    assert (finding.span.line, finding.span.column) == (9, 64)  # the rival test's h2


def test_outcomes_are_analysed_apart():
    text = (
        SOURCES
        + """\
event p "Another outcome" at 2021
hypothesis h1 "One" explains o
hypothesis k1 "K one" explains p
hypothesis k2 "K two" explains p
evidence e from a credibility 1 inconsistent-with k1
evidence f from a credibility 1 consistent-with h1
"""
    )
    analysis = analysis_of(text)
    assert [o.outcome for o in analysis.outcomes] == ["o", "p"]
    assert [row.evidence for row in analysis.outcome("o").rows] == ["f"]
    assert [row.evidence for row in analysis.outcome("p").rows] == ["e"]
    assert [h.name for h in analysis.outcome("p").ranking] == ["k2", "k1"]


def test_a_case_without_hypotheses_has_nothing_to_analyse():
    assert analysis_of(SOURCES).outcomes == ()
    assert render_ach_text(analysis_of(SOURCES)) == NO_HYPOTHESES
    assert ach_to_json(analysis_of(SOURCES)) == []


# --- process tracing: every kind and result ------------------------------------------------------

PT = (
    SOURCES
    + """\
hypothesis h1 "One" explains o
hypothesis h2 "Two" explains o
hypothesis h3 "Three" explains o
"""
)


@pytest.mark.parametrize(
    ("kind", "result", "effect", "verdict"),
    [
        ("hoop", "passed", SURVIVES, "standing"),
        ("hoop", "failed", ELIMINATED, "eliminated"),
        ("smoking-gun", "passed", CONFIRMED, "confirmed"),
        ("smoking-gun", "failed", WEAKENED, "standing"),
        ("straw-in-the-wind", "passed", STRENGTHENED, "standing"),
        ("straw-in-the-wind", "failed", WEAKENED, "standing"),
        ("doubly-decisive", "passed", CONFIRMED, "confirmed"),
        ("doubly-decisive", "failed", ELIMINATED, "eliminated"),
    ],
)
def test_each_test_kind_and_result_has_its_effect(kind, result, effect, verdict):
    outcome = analysis_of(PT + f"evidence e from a credibility 1 {kind} h1 {result}\n").outcome("o")
    (test,) = outcome.hypothesis("h1").tests
    assert (test.kind, test.result, test.effect, test.counts, test.rival) == (kind, result, effect, True, False)
    assert outcome.hypothesis("h1").verdict == verdict
    rivals_eliminated = kind == "doubly-decisive" and result == "passed"
    for rival in ("h2", "h3"):
        hypothesis = outcome.hypothesis(rival)
        assert hypothesis.verdict == ("eliminated" if rivals_eliminated else "none")
        assert hypothesis.eliminated is rivals_eliminated


def test_a_passed_doubly_decisive_test_eliminates_the_rivals():
    text = PT + "evidence e from a credibility 1 doubly-decisive h2 passed\n"
    outcome = analysis_of(text).outcome("o")
    (rival_test,) = outcome.hypothesis("h1").tests
    assert (rival_test.hypothesis, rival_test.effect, rival_test.rival) == ("h2", ELIMINATED, True)
    assert [h.verdict for h in outcome.hypotheses] == ["eliminated", "confirmed", "eliminated"]
    # In the matrix too: the test is consistent with h2 and inconsistent with its rivals.
    assert [(c.mark, c.basis) for c in outcome.rows[0].cells] == [("I", "test"), ("C", "test"), ("I", "test")]
    assert scores(analysis_of(text)) == {"h1": TABLE["A1"], "h2": 0.0, "h3": TABLE["A1"]}
    eliminated = findings_of(text, "hypothesis-eliminated")
    assert [f.subject.names[0] for f in eliminated] == ["h1", "h3"]
    assert "doubly decisive test e of rival h2 (passed)" in eliminated[0].message
    (confirmed,) = findings_of(text, "hypothesis-confirmed")
    assert confirmed.subject.names[0] == "h2"


def test_tests_by_rejected_evidence_are_listed_but_do_not_count():
    text = PT + (
        "evidence e from c credibility 3 hoop h1 failed doubly-decisive h2 passed\n"
        "evidence debunk from a credibility 1 undermines e\n"
    )
    outcome = analysis_of(text).outcome("o")
    assert [t.counts for t in outcome.hypothesis("h1").tests] == [False, False]
    assert [h.verdict for h in outcome.hypotheses] == ["none", "none", "none"]
    assert findings_of(text, "hypothesis-eliminated") == []
    assert findings_of(text, "hypothesis-confirmed") == []
    assert "does not count: e is rejected" in render_ach_text(analysis_of(text))


def test_a_hypothesis_both_confirmed_and_eliminated_is_a_conflict():
    text = PT + (
        "evidence gun from a credibility 1 smoking-gun h1 passed\n"
        "evidence hoop from b credibility 1 hoop h1 failed\n"
    )
    hypothesis = analysis_of(text).hypothesis("h1")
    assert hypothesis.verdict == "conflict"
    (eliminated,) = findings_of(text, "hypothesis-eliminated")
    (confirmed,) = findings_of(text, "hypothesis-confirmed")
    assert "the tests conflict" in eliminated.message and "the tests conflict" in confirmed.message
    assert "conflict: confirmed and eliminated at once" in render_ach_text(analysis_of(text))


# --- better-explanation ----------------------------------------------------------------------------

ARGUED = (
    SOURCES
    + """\
event cause "The cause" at 2019
link cause -> o assumed "for the test"
chain thesis: cause -> o
hypothesis h1 "One" explains o argued-by thesis
hypothesis h2 "Two" explains o added "the text ignores it"
"""
)


def test_better_explanation_names_the_rival_and_both_scores():
    text = ARGUED + "evidence e from a credibility 2 inconsistent-with h1\nevidence f from b credibility 3 inconsistent-with h2\n"
    (finding,) = findings_of(text, "better-explanation")
    assert "h2 (the analyst's addition) scores 0.50, against its 0.80" in finding.message
    assert finding.subject.names == ("h1", "thesis")
    assert findings_of(text.replace("credibility 2", "credibility 4"), "better-explanation") == []  # A4 0.30 < B3 0.50


def test_equal_scores_are_not_a_better_explanation():
    text = ARGUED + "evidence e from a credibility 2 inconsistent-with h1, h2\n"
    assert findings_of(text, "better-explanation") == []


def test_an_eliminated_thesis_with_a_standing_rival_is_a_better_explanation():
    text = ARGUED + (
        "evidence e from a credibility 2 consistent-with h1 inconsistent-with h2 hoop h1 failed\n"
    )
    # The hoop test's result is overridden in the matrix by the explicit mark, so only process tracing tells.
    (finding,) = findings_of(text, "better-explanation")
    assert "process tracing eliminates it, by hoop test e (failed), while h2 is not eliminated" in finding.message
    both = ARGUED + "evidence e from a credibility 2 hoop h1 failed hoop h2 failed\n"
    assert findings_of(both, "better-explanation") == []  # both eliminated, equal scores


# --- the command ------------------------------------------------------------------------------------


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_ach_text_matches_golden(runner, in_root):
    result = runner.invoke(cli, ["ach", HYPOTHESES_CASE], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert_matches_golden("hypotheses-ach.txt", result.stdout)


def test_ach_json_matches_golden(runner, in_root):
    result = runner.invoke(cli, ["ach", "--format", "json", HYPOTHESES_CASE], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert_matches_golden("hypotheses-ach.json", result.stdout)
    document = json.loads(result.stdout)
    assert document["path"] == HYPOTHESES_CASE
    closure = document["outcomes"][0]
    assert closure["ranking"] == ["rent", "retire", "street"]
    street = closure["hypotheses"][2]
    assert (street["inconsistency"], street["inconsistent_count"], street["added"]) == (
        0.925,  # accounts A1 0.80 + denial E6 0.25, undecided (x 0.5)
        2,
        "the paper mentions roadworks",
    )
    gossip = closure["evidence"][3]
    assert (gossip["name"], gossip["weight"], gossip["label"], gossip["counts"]) == ("gossip", 0.0, "rejected", False)
    assert gossip["cells"]["rent"] == {"mark": "I", "basis": "stated", "conflicting": False}


def test_ach_reads_standard_input(runner):
    text = (ROOT / HYPOTHESES_CASE).read_text(encoding="utf-8")
    result = runner.invoke(cli, ["ach", "-"], input=text, catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith("outcome closure: 3 hypotheses, 5 evidence items")


def test_ach_without_hypotheses_says_so(runner, tmp_path):
    path = tmp_path / "plain.cx"
    path.write_text('event a "A" at 2015\n', encoding="utf-8")
    result = runner.invoke(cli, ["ach", str(path)], catch_exceptions=False)
    assert (result.exit_code, result.stdout.strip()) == (0, NO_HYPOTHESES)
    result = runner.invoke(cli, ["ach", "--format", "json", str(path)], catch_exceptions=False)
    assert json.loads(result.stdout)["outcomes"] == []


def test_ach_of_a_case_with_syntax_errors_exits_1_like_graph_and_explain(runner, tmp_path):
    path = tmp_path / "bad.cx"
    path.write_bytes(b"link a => b\n")
    result = runner.invoke(cli, ["ach", str(path)])
    assert result.exit_code == 1
    assert "causal ach: the case has syntax errors" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary", "NUL bytes"),
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"", "the file is empty"),
    ],
)
def test_ach_bad_input_exits_2_without_a_traceback(runner, tmp_path, content, message):
    path = tmp_path / "bad.cx"
    path.write_bytes(content)
    result = runner.invoke(cli, ["ach", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert result.stdout == ""


def test_ach_missing_file_exits_2(runner, tmp_path):
    result = runner.invoke(cli, ["ach", str(tmp_path / "missing.cx")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_ach_findings_do_not_change_the_exit_status(runner, tmp_path):
    path = tmp_path / "errors.cx"
    path.write_text(ARGUED + "link nowhere -> o\n", encoding="utf-8")  # undefined-name: an error finding
    result = runner.invoke(cli, ["ach", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "outcome o: 2 hypotheses" in result.stdout


# --- properties, each stated as a claim Hypothesis tries to refute ---------------------------------

SLOW = settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
HYPOTHESIS_NAMES = ["h0", "h1", "h2", "h3"]
GRADES = "ABCDEF"
TESTS = [f"{kind} {{h}} {result}" for kind in ("hoop", "smoking-gun", "straw-in-the-wind", "doubly-decisive") for result in ("passed", "failed")]


@st.composite
def evidence_lines(draw, count_hypotheses: int, name: str) -> str:
    names = HYPOTHESIS_NAMES[:count_hypotheses]
    source = draw(st.sampled_from(GRADES)).lower()
    credibility = draw(st.integers(1, 6))
    consistent = draw(st.lists(st.sampled_from(names), unique=True, max_size=2))
    inconsistent = draw(st.lists(st.sampled_from(names), unique=True, max_size=2))
    tests = draw(st.lists(st.tuples(st.sampled_from(TESTS), st.sampled_from(names)), max_size=2))
    parts = [f"evidence {name} from {source} credibility {credibility}"]
    if consistent:
        parts.append("consistent-with " + ", ".join(consistent))
    if inconsistent:
        parts.append("inconsistent-with " + ", ".join(inconsistent))
    parts += [test.format(h=h) for test, h in tests]
    return " ".join(parts)


@st.composite
def ach_cases(draw) -> tuple[int, str, list[str]]:
    """(number of hypotheses, the fixed head of the case, its evidence lines)."""
    count = draw(st.integers(1, 4))
    argued = draw(st.sampled_from(HYPOTHESIS_NAMES[:count]))
    head = "".join(f'source {g.lower()} "{g}" reliability {g}\n' for g in GRADES)
    head += 'event o "O" at 2020\nevent cause "C" at 2019\nlink cause -> o assumed "a thesis"\nchain thesis: cause -> o\n'
    head += "".join(
        f'hypothesis {h} "{h}" explains o' + (" argued-by thesis" if h == argued else "") + "\n"
        for h in HYPOTHESIS_NAMES[:count]
    )
    lines = [draw(evidence_lines(count, f"e{i}")) for i in range(draw(st.integers(0, 6)))]
    return count, head, lines


def _scores_of(head: str, lines: list[str]) -> dict[str, float]:
    return scores(analysis_of(head + "".join(line + "\n" for line in lines)))


@pytest.mark.slow
@SLOW
@given(ach_cases(), st.data())
def test_adding_evidence_consistent_with_a_hypothesis_never_changes_any_inconsistency_score(case, data):
    count, head, lines = case
    marked = data.draw(st.lists(st.sampled_from(HYPOTHESIS_NAMES[:count]), min_size=1, unique=True))
    grade = data.draw(st.sampled_from(GRADES)).lower()
    position = data.draw(st.integers(0, len(lines)))
    added = f"evidence new from {grade} credibility 1 consistent-with {', '.join(marked)}"
    assert _scores_of(head, lines[:position] + [added] + lines[position:]) == _scores_of(head, lines)


@pytest.mark.slow
@SLOW
@given(ach_cases(), st.data())
def test_adding_inconsistent_evidence_never_lowers_a_score(case, data):
    count, head, lines = case
    marked = data.draw(st.sampled_from(HYPOTHESIS_NAMES[:count]))
    grade = data.draw(st.sampled_from(GRADES)).lower()
    credibility = data.draw(st.integers(1, 6))
    position = data.draw(st.integers(0, len(lines)))
    added = f"evidence new from {grade} credibility {credibility} inconsistent-with {marked}"
    before = _scores_of(head, lines)
    after = _scores_of(head, lines[:position] + [added] + lines[position:])
    assert all(after[name] >= before[name] for name in before)
    assert after[marked] > before[marked]


@pytest.mark.slow
@SLOW
@given(ach_cases(), st.randoms(use_true_random=False))
def test_scores_and_ranking_do_not_depend_on_the_order_of_the_evidence(case, random):
    _count, head, lines = case
    shuffled = list(lines)
    random.shuffle(shuffled)
    first = analysis_of(head + "".join(line + "\n" for line in lines)).outcome("o")
    second = analysis_of(head + "".join(line + "\n" for line in shuffled)).outcome("o")
    assert [(h.name, h.inconsistency, h.rank, h.verdict) for h in first.hypotheses] == [
        (h.name, h.inconsistency, h.rank, h.verdict) for h in second.hypotheses
    ]


@pytest.mark.slow
@SLOW
@given(ach_cases(), st.data())
def test_rejected_evidence_changes_no_score_and_no_verdict(case, data):
    count, head, lines = case
    added = data.draw(evidence_lines(count, "doubted"))
    before = analysis_of(head + "".join(line + "\n" for line in lines)).outcome("o")
    lines = lines + [added, "evidence debunk from a credibility 1 undermines doubted"]
    after = analysis_of(head + "".join(line + "\n" for line in lines)).outcome("o")
    assert [(h.inconsistency, h.verdict, h.rank) for h in after.hypotheses] == [
        (h.inconsistency, h.verdict, h.rank) for h in before.hypotheses
    ]


def test_language_doc_example_prints_what_the_doc_shows(runner):
    doc = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    case = doc.split("<!-- ach:example -->\n```cx\n", 1)[1].split("```", 1)[0]
    shown = doc.split("<!-- ach:output -->\n```\n", 1)[1].split("```", 1)[0]
    result = runner.invoke(cli, ["ach", "-"], input=case, catch_exceptions=False)
    assert result.stdout == shown
    (finding,) = findings_of(case, "better-explanation")
    assert finding.span.line == 11 and finding.message in " ".join(doc.split())


def test_better_explanation_shows_more_decimals_when_two_decimals_would_look_equal():
    text = ARGUED + (
        "set grade-confidence A1 0.012\n"
        "set grade-confidence A2 0.011\n"
        "evidence e from a credibility 1 inconsistent-with h1\n"
        "evidence f from a credibility 2 inconsistent-with h2\n"
    )
    (finding,) = findings_of(text, "better-explanation")
    assert "h2 (the analyst's addition) scores 0.0110, against its 0.0120" in finding.message


@pytest.mark.slow
@SLOW
@given(ach_cases(), st.randoms(use_true_random=False))
def test_findings_about_hypotheses_do_not_depend_on_the_order_of_the_statements(case, random):
    _count, head, lines = case
    statements = head.splitlines() + lines
    shuffled = list(statements)
    random.shuffle(shuffled)

    def keys(text):
        return Counter(
            (f.rule, frozenset(f.subject.names))
            for f in check_text(text, path="case.cx").findings
            if f.code.startswith("CX5")
        )

    assert keys("\n".join(shuffled) + "\n") == keys("\n".join(statements) + "\n")


# --- the verdict cases (tests/data/verdicts/ach-*.cx): `causal ach` output as golden files --------

VERDICTS = ROOT / "tests" / "data" / "verdicts"


@pytest.mark.parametrize("path", sorted(VERDICTS.glob("ach-*.cx")), ids=lambda p: p.name)
def test_ach_text_of_each_verdict_case_matches_golden(runner, in_root, path):
    relative = path.relative_to(ROOT).as_posix()
    result = runner.invoke(cli, ["ach", relative], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert_matches_golden(f"verdicts/{path.stem}.txt", result.stdout)


def test_the_weak_thesis_does_not_tie_first():
    outcome = analysis_of((VERDICTS / "ach-weak-thesis.cx").read_text(encoding="utf-8")).outcome("o")
    assert [(h.name, h.inconsistency, h.tied) for h in outcome.ranking] == [
        ("wire_h", 0.0, False),
        ("thesis_h", 0.0, False),
    ]


def test_a_broken_argument_ranks_below_the_standing_rival():
    outcome = analysis_of((VERDICTS / "ach-broken-argument.cx").read_text(encoding="utf-8")).outcome("halt")
    cuts = outcome.hypothesis("cuts_h")
    assert cuts.argument_broken and cuts.standing == "argument broken"
    assert "the link is rejected" in cuts.arguments[0].reason
    assert [h.name for h in outcome.ranking] == ["storm_h", "cuts_h"]


def test_an_eliminated_hypothesis_ranks_below_a_standing_one():
    outcome = analysis_of((VERDICTS / "ach-eliminated-last.cx").read_text(encoding="utf-8")).outcome("o")
    low, high = outcome.hypotheses
    assert low.inconsistency < high.inconsistency
    assert [h.name for h in outcome.ranking] == ["h_high", "h_low"]


def test_f6_evidence_only_weakens_and_strengthens():
    outcome = analysis_of((VERDICTS / "ach-weak-test.cx").read_text(encoding="utf-8")).outcome("o")
    (hoop, _rival_gun) = outcome.hypothesis("h1").tests
    assert (hoop.effect, hoop.would_be) == (WEAKENED, ELIMINATED)
    assert "F6" in hoop.why_not
    gun = next(t for t in outcome.hypothesis("h2").tests if not t.rival)
    assert (gun.effect, gun.would_be) == (STRENGTHENED, CONFIRMED)
    assert [h.verdict for h in outcome.hypotheses] == ["standing", "standing"]


def test_uncoded_cells_are_counted_and_non_diagnostic_rows_flagged():
    outcome = analysis_of((VERDICTS / "ach-uncoded.cx").read_text(encoding="utf-8")).outcome("o")
    assert [h.uncoded for h in outcome.hypotheses] == [("e2",), ("e1",), ()]
    assert [row.diagnostic for row in outcome.rows] == [True, True, False]
    (document,) = ach_to_json(analysis_of((VERDICTS / "ach-uncoded.cx").read_text(encoding="utf-8")))
    assert document["evidence"][0]["cells"]["h2"] == {"mark": "?", "basis": "uncoded", "conflicting": False}
    assert document["hypotheses"][0]["uncoded_count"] == 1


# --- compatible hypotheses, Collier's rival effects, sensitivity ------------------------------------


def test_compatible_hypotheses_are_not_rivals():
    text = PT.replace('hypothesis h2 "Two" explains o', 'hypothesis h2 "Two" explains o compatible-with h1') + (
        "evidence e from a credibility 1 doubly-decisive h1 passed\n"
    )
    outcome = analysis_of(text).outcome("o")
    assert outcome.hypothesis("h1").compatible == ("h2",) and outcome.hypothesis("h2").compatible == ("h1",)
    assert [h.verdict for h in outcome.hypotheses] == ["confirmed", "none", "eliminated"]
    assert outcome.cell("e", "h2").mark == "?"  # not I: the test does not eliminate a compatible hypothesis
    assert [h.name for h in outcome.rivals("h1")] == ["h3"]


def test_a_compatible_rival_is_not_a_better_explanation():
    text = ARGUED.replace('added "the text ignores it"', 'added "the text ignores it" compatible-with h1') + (
        "evidence e from a credibility 2 inconsistent-with h1 neutral-to h2\n"
    )
    assert findings_of(text, "better-explanation") == []
    assert len(findings_of(text.replace(" compatible-with h1", ""), "better-explanation")) == 1


@pytest.mark.parametrize(
    ("kind", "result", "effect", "degree"),
    [
        ("straw-in-the-wind", "passed", WEAKENED, "slightly"),
        ("straw-in-the-wind", "failed", STRENGTHENED, "slightly"),
        ("hoop", "passed", WEAKENED, "somewhat"),
        ("hoop", "failed", STRENGTHENED, "somewhat"),
        ("smoking-gun", "passed", WEAKENED, "substantially"),
        ("smoking-gun", "failed", STRENGTHENED, "somewhat"),
        ("doubly-decisive", "passed", ELIMINATED, None),
        ("doubly-decisive", "failed", STRENGTHENED, "substantially"),
    ],
)
def test_each_test_affects_the_rivals_as_collier_tabulates(kind, result, effect, degree):
    outcome = analysis_of(PT + f"evidence e from a credibility 1 {kind} h1 {result}\n").outcome("o")
    for rival in ("h2", "h3"):
        (test,) = outcome.hypothesis(rival).tests
        assert (test.rival, test.hypothesis, test.effect, test.degree) == (True, "h1", effect, degree)


def test_sensitivity_names_the_item_the_first_place_hangs_on():
    text = PT + (
        "evidence e1 from a credibility 1 inconsistent-with h1 neutral-to h2, h3\n"
        "evidence e2 from c credibility 3 inconsistent-with h2, h3 neutral-to h1\n"
    )
    outcome = analysis_of(text).outcome("o")
    assert outcome.ranking[0].name == "h2"  # 0.36 each for h2 and h3 (ordered by name), 1.0 for h1
    # Without e1, h1 has nothing against it and comes first; without e2, h2 stays first.
    assert [(s.evidence, s.first) for s in outcome.sensitivity] == [("e1", "h1")]
    assert "sensitivity: without e1, h1 would rank first" in render_ach_text(analysis_of(text))


def _reranked_first_without_each_row(names, rows, effects, broken):
    """The definition of sensitivity, directly: rank again without each row and its tests."""
    firsts = []
    for row in rows:
        without = [other for other in rows if other is not row]
        kept = {name: [t for t in effects[name] if t.evidence != row.evidence] for name in names}
        firsts.append(ach_module._order(names, without, kept, broken)[0][0])
    return firsts


@st.composite
def matrices(draw):
    names = [f"h{i}" for i in range(draw(st.integers(1, 5)))]
    weights = st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.7, 0.72, 1 / 3, 0.05, 0.4])
    marks = st.sampled_from([ach_module.CONSISTENT, ach_module.INCONSISTENT, ach_module.NEUTRAL, ach_module.UNCODED])
    rows = [
        ach_module.Row(f"e{i}", draw(weights), draw(st.sampled_from(["accepted", "rejected"])),
                       tuple(ach_module.Cell(draw(marks)) for _ in names), i)
        for i in range(draw(st.integers(1, 8)))
    ]
    effects = {name: [] for name in names}
    for _ in range(draw(st.integers(0, 4))):
        name, row = draw(st.sampled_from(names)), draw(st.sampled_from(rows))
        effect = draw(st.sampled_from([ach_module.ELIMINATED, ach_module.CONFIRMED]))
        effects[name].append(ach_module.TestEffect(row.evidence, "hoop", "failed", name, effect, draw(st.booleans()),
                                                   "accepted", 1))
    broken = {name: draw(st.booleans()) for name in names}
    return names, rows, effects, broken


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(matrices())
def test_sensitivity_names_the_rows_whose_removal_alone_changes_the_first_hypothesis(matrix):
    names, rows, effects, broken = matrix
    order, keys = ach_module._order(names, rows, effects, broken)
    found = ach_module._sensitivity(names, rows, effects, broken, order, keys)
    expected = [
        ach_module.Sensitivity(row.evidence, first)
        for row, first in zip(rows, _reranked_first_without_each_row(names, rows, effects, broken))
        if first != order[0]
    ]
    assert found == expected


def _old_bearing_words(item, hypothesis, rivals):
    """bearing_words as first written: every list scanned for each hypothesis (the oracle)."""
    stated = [(ach_module.CONSISTENT, w) for w in item.consistent if w.text == hypothesis]
    stated += [(ach_module.INCONSISTENT, w) for w in item.inconsistent if w.text == hypothesis]
    if not stated:
        stated = [(ach_module.NEUTRAL, w) for w in item.neutral if w.text == hypothesis]
    if stated:
        return "stated", stated
    tested = []
    for test in item.tests:
        if test.hypothesis.text == hypothesis:
            mark = ach_module.CONSISTENT if test.result.text == "passed" else ach_module.INCONSISTENT
            tested.append((mark, test.hypothesis))
        elif test.hypothesis.text in rivals and (test.kind.text, test.result.text) in ach_module.RIVAL_ELIMINATING:
            tested.append((ach_module.INCONSISTENT, test.hypothesis))
    return ("test", tested) if tested else (None, [])


hypothesis_lists = st.lists(st.sampled_from(["h0", "h1", "h2", "h3"]), max_size=4)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(hypothesis_lists, hypothesis_lists, hypothesis_lists, st.lists(st.tuples(
    st.sampled_from(["hoop", "smoking-gun", "doubly-decisive", "straw-in-the-wind"]),
    st.sampled_from(["h0", "h1", "h2", "h3"]), st.sampled_from(["passed", "failed"])), max_size=3))
def test_marks_read_from_the_item_s_index_are_the_marks_its_lists_give(consistent, inconsistent, neutral, tests):
    clauses = [f"{kind} {name} {result}" for kind, name, result in tests]
    for keyword, names in (("consistent-with", consistent), ("inconsistent-with", inconsistent),
                           ("neutral-to", neutral)):
        if names:
            clauses.append(f"{keyword} {', '.join(names)}")
    text = "\n".join([
        'source s "S" reliability B', 'event o "O"',
        'hypothesis h0 "H0" explains o compatible-with h1',
        *(f'hypothesis h{i} "H{i}" explains o' for i in range(1, 4)),
        f"evidence e from s credibility 2 {' '.join(clauses)}",
    ])
    report = check_text(text)
    item = report.model.evidence["e"]
    declarations = list(report.model.hypotheses.values())
    compatible = ach_module.compatibility(declarations)
    names = frozenset(report.model.hypotheses)
    stated = ach_module.stated_marks(item)
    for name in sorted(names):
        rivals = ach_module.ExclusiveRivals(name, names, compatible[name])
        assert set(rivals) == names - {name} - compatible[name]
        expected = _old_bearing_words(item, name, names - {name} - compatible[name])
        assert ach_module.bearing_words(item, name, rivals, stated) == expected
        assert ach_module.bearing_words(item, name, sorted(rivals)) == expected
