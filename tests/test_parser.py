"""Parsing: the AST for each statement form, spans, and syntax errors a person can act on."""

from __future__ import annotations

import re

import pytest

from causal.inputs.spans import Span
from causal.language import ast
from causal.language.grammar import grammar_text
from causal.language.parser import parse
from causal.language.syntax_errors import MISTAKES
from tests.conftest import ROOT


def only_statement(text: str):
    case, findings = parse(text)
    assert findings == []
    (statement,) = case.statements
    return statement


def test_event_with_actors_and_a_range():
    event = only_statement('event crisis "The crisis" by putin, shoigu at 2016-02-15..2016-02-29')
    assert event == ast.EventDecl(
        name=ast.Word("crisis"),
        title=ast.Text("The crisis"),
        actors=(ast.Word("putin"), ast.Word("shoigu")),
        time=ast.Time(ast.Word("2016-02-15"), ast.Word("2016-02-29"), True, None),
        span=None,
    )


def test_open_ended_times():
    after = only_statement('event a "A" at 2016-02-15..')
    before = only_statement('event b "B" at ..2015')
    assert (after.time.start.text, after.time.end, after.time.is_range) == ("2016-02-15", None, True)
    assert (before.time.start, before.time.end.text) == (None, "2015")


def test_during_reads_a_time_as_a_state_on_events_and_claims():
    event = only_statement('event gap "No troops" during 2015-10..2016-02')
    claim = only_statement('claim k "K" by a at 2016')
    assert event.time == ast.Time(ast.Word("2015-10"), ast.Word("2016-02"), True, None, state=True)
    assert event.time.span.column == 30  # the time's span starts at its first date, as for `at`
    assert claim.time == ast.Time(ast.Word("2016"), None, False, None)
    assert not claim.time.state


def test_joint_link_with_label_and_every_clause():
    link = only_statement(
        'link thesis: a, b -> c kind triggers because e1, e2 mechanism "how" feedback '
        'assumed "why" note "n" allow unsupported-link "r"'
    )
    assert [w.text for w in link.causes] == ["a", "b"]
    assert link.effect.text == "c" and link.label.text == "thesis"
    assert link.kind.text == "triggers" and [w.text for w in link.because] == ["e1", "e2"]
    assert link.mechanism.value == "how" and link.feedback and link.assumed.value == "why"
    assert link.allows[0].rule.text == "unsupported-link" and link.allows[0].reason.value == "r"


def test_statement_span_runs_from_keyword_to_last_clause():
    case, _ = parse('# lead\nevent a "A"\n   at 2015   # trailing\nclaim c "C"')
    event, claim = case.statements
    assert event.span == Span(2, 1, 3, 11)
    assert claim.span == Span(4, 1, 4, 12)


def test_statements_may_span_lines_and_use_crlf_free_layout():
    case, findings = parse('evidence e\n  from s\n  credibility 2\n  quote "q"\n  supports a, b\n')
    assert findings == [] and case.statements[0].credibility.value == 2


def test_string_escapes_are_decoded():
    event = only_statement(r'event a "say \"hi\"\\ \n\t \u00e9 \u{1F600}"')
    assert event.title.value == 'say "hi"\\ \n\t é 😀'


def test_unknown_escape_is_an_invalid_value_with_its_column():
    _, findings = parse(r'event a "x\qy"')
    (finding,) = findings
    assert finding.rule == "invalid-value" and finding.span.column == 11


def test_unicode_identifiers():
    event = only_statement('event Sūleymānī_visit "x" by Хаменеи')
    assert event.name.text == "Sūleymānī_visit" and event.actors[0].text == "Хаменеи"


def test_hyphenated_name_is_one_word_but_arrow_splits():
    link = only_statement("link air-base->rift")
    assert link.causes[0].text == "air-base" and link.effect.text == "rift"


def test_expectation_forms():
    case, findings = parse(
        "expect unsupported-link on a, b -> c\nexpect no causal-cycle\n"
        "expect single-source on chain thesis\nexpect contradiction on who\nexpect chain thesis is weak"
    )
    assert findings == []
    link_target, negated, chain_target, name_target, verdict = case.statements
    assert isinstance(link_target.target, ast.LinkTarget)
    assert negated.negated and negated.target is None
    assert isinstance(chain_target.target, ast.ChainTarget)
    assert isinstance(name_target.target, ast.NameTarget) and name_target.rule.text == "contradiction"
    assert verdict.verdict.text == "weak"


@pytest.mark.parametrize(
    ("text", "message_part", "hint_part", "column"),
    [
        ("link a => b", "unexpected character `=`", "`->`", 8),
        ("event e \u201cx\u201d", "unexpected character `\u201c`", "straight double quotes", 9),
        ("chain t a -> b", "expected `:`", "colon", 9),
        ('event e "x" at march', "expected `..` or a date", "YYYY-MM-DD", 16),
        ("event e at 2015", "expected a quoted string", "quoted description", 9),
        ("contradiction a vs b", "expected `:`", "contradiction NAME: claim_a vs claim_b", 17),
        ('event e "abc', "unexpected character `\"`", "must end on the line", 9),
        ("event e 'x'", "unexpected character `'`", "Strings use double quotes", 9),
        ("// a comment", "unexpected character `/`", "Comments start with `#`", 1),
        ("link a \u2192 b", "unexpected character `\u2192`", "`->`", 8),
    ],
)
def test_syntax_errors_say_what_was_expected_in_words_and_hint(text, message_part, hint_part, column):
    case, findings = parse(text)
    assert case is None
    (finding,) = findings
    assert finding.rule == "syntax-error"
    assert message_part in finding.message
    assert hint_part in finding.help
    assert finding.span.column == column


def test_syntax_error_at_end_of_file_points_past_the_last_character():
    _, findings = parse("link a -> b kind")
    assert findings[0].span.line == 1 and findings[0].span.column == 17
    assert "end of file" in findings[0].message


@pytest.mark.parametrize("text", ["link", "event", "chain t:", "expect", 'case "x" date', "link a ->", "£"])
def test_no_syntax_error_names_a_lark_token(text):
    terminals = set(re.findall(r"^([A-Z_]+)(?:\.\d+)?:", grammar_text(), re.MULTILINE))
    _, findings = parse(text)
    assert findings
    for finding in findings:
        words = set(re.findall(r"[A-Za-z_$]+", finding.message))
        assert not words & (terminals | {"$END"}), finding.message
        assert "__ANON" not in finding.message


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ('event a "A" credibility 3', "`credibility` does not belong on an `event` statement"),
        ('event a "A" at 2015 at 2016', "second `at` clause"),
        ("evidence e quote \"q\"", "has no `from` clause"),
    ],
)
def test_clause_placement_is_checked_after_parsing(text, message_part):
    case, findings = parse(text)
    assert case is not None
    assert [f.rule for f in findings] == ["misplaced-clause"]
    assert message_part in findings[0].message


def test_grammar_in_docs_matches_the_grammar_file():
    docs = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    assert (ROOT / "grammar" / "causal.lark").read_text(encoding="utf-8") in docs


def test_installed_grammar_is_the_top_level_grammar():
    assert grammar_text() == (ROOT / "grammar" / "causal.lark").read_text(encoding="utf-8")


def test_a_byte_order_mark_is_skipped_by_the_parser_too():
    case, findings = parse('\ufeffevent a "A"')
    assert findings == [] and case.statements[0].span.column == 1


def test_a_name_typed_with_a_combining_mark_is_the_composed_name():
    """`Su\u0304ley` (u and a combining macron) is `Sūley`: composed (NFC) before it is read."""
    from causal.pipeline import check_text

    report = check_text('claim Su\u0304ley "x"\nclaim other "y"\nlink S\u016bley -> other assumed "t"\n', path="c.cx")
    assert [f.rule for f in report.findings if f.severity.label == "error"] == []
    assert "S\u016bley" in report.model.claims


def test_fullwidth_letters_name_the_same_item_as_plain_ones():
    """Names are compatibility-normalised (NFKC) as Python's identifiers are (PEP 3131)."""
    from causal.pipeline import check_text

    report = check_text('claim \uff41b "x"\nclaim c "y"\nlink ab -> c assumed "t"\n', path="c.cx")
    assert [f.rule for f in report.findings if f.severity.label == "error"] == []
    assert set(report.model.claims) == {"ab", "c"}


@pytest.mark.parametrize(
    ("hint", "example"),
    [(hint, example) for hint, examples in MISTAKES.items() for example in examples],
    ids=lambda value: value[:30],
)
def test_every_recognised_mistake_still_gets_its_own_hint(hint, example):
    case, problems = parse(example)
    syntax = [problem for problem in problems if problem.rule == "syntax-error"]
    assert case is None and len(syntax) == 1, problems
    assert syntax[0].help == hint
