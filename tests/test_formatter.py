"""The formatter behind `causal fmt` (causal.language.formatter): its layout, and that it moves only white space and comments.

Layout goldens live in tests/data/fmt/: NAME.input.cx is formatted and
compared with NAME.expected.cx beside it. When the layout changes on purpose,
rewrite the expected files with

    UPDATE_GOLDEN=1 python -m pytest -q tests/test_formatter.py

and review their diff before committing it.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from causal.language import formatter
from causal.language.concrete import parse_concrete
from causal.language.formatter import FormatterBug, comment_text, format_bytes, format_text
from causal.language.parser import parse
from causal.language.printer import format_case
from causal.pipeline import check_text
from tests.conftest import ROOT, TESTS
from tests.goldens import UPDATE_VARIABLE
from tests.strategies import case_files, commented_texts, comments_in

GOLDENS = TESTS / "data" / "fmt"
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# The quick run's share of each property: a fixed sample; the slow tests with LONG search much further.
QUICK = settings(max_examples=15, derandomize=True, deadline=None, database=None, suppress_health_check=_HEALTH)
LONG = settings(max_examples=1000, deadline=None, suppress_health_check=_HEALTH)


def formatted(text: str) -> str:
    out, findings = format_text(text)
    assert out is not None, findings
    return out


def as_check_reads(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- properties: each claim, a quick deterministic run and a long one -----------------------


def claim_same_ast_and_parser_findings(text: str) -> None:
    before, before_findings = parse(as_check_reads(text))
    after, after_findings = parse(formatted(text))
    assert after == before  # spans aside: attrs leaves them out of equality
    assert Counter((f.rule, f.message) for f in after_findings) == Counter((f.rule, f.message) for f in before_findings)


def claim_idempotent(text: str) -> None:
    once = formatted(text)
    assert formatted(once) == once


def claim_comments_kept(text: str) -> None:
    written = Counter(comment.rstrip(" \t\f") for comment in comments_in(as_check_reads(text)))
    assert Counter(comments_in(formatted(text))) == written


def _statement_gaps(text: str) -> list[tuple[bool, bool]]:
    """For each pair of consecutive statements: (a blank line between them, a comment between them)."""
    concrete = parse_concrete(text)
    comment_lines = {comment.line for comment in concrete.comments}
    gaps = []
    for first, second in zip(concrete.statements, concrete.statements[1:]):
        end, start = first.lexemes[-1].line, second.head[0].line
        gaps.append((start - end > 1, any(end < line < start for line in comment_lines)))
    return gaps


def claim_blank_lines_kept_as_one(text: str) -> None:
    out = formatted(text)
    lines = out.split("\n")
    assert "\n\n\n" not in out and not out.startswith("\n") and not out.endswith("\n\n")
    assert all(line == line.rstrip(" \t\f") for line in lines)
    for (blank_before, commented_before), (blank_after, commented_after) in zip(
        _statement_gaps(as_check_reads(text)), _statement_gaps(out)
    ):
        if not (commented_before or commented_after):
            assert blank_after == blank_before


def claim_printed_cases_already_formatted(case) -> None:
    printed = as_check_reads(format_case(case))
    assert formatted(printed) == printed


@QUICK
@given(commented_texts())
def test_formatting_keeps_the_ast_and_the_parsers_findings(text):
    claim_same_ast_and_parser_findings(text)


@QUICK
@given(commented_texts())
def test_formatting_a_formatted_text_changes_nothing(text):
    claim_idempotent(text)


@QUICK
@given(commented_texts())
def test_formatting_keeps_every_comment(text):
    claim_comments_kept(text)


@QUICK
@given(commented_texts())
def test_formatting_keeps_blank_lines_between_statements_as_one_and_no_trailing_white_space(text):
    claim_blank_lines_kept_as_one(text)


@QUICK
@given(case_files)
def test_the_printers_output_is_already_formatted(case):
    claim_printed_cases_already_formatted(case)


@pytest.mark.slow
@LONG
@given(commented_texts())
def test_long_run_formatting_keeps_the_ast_the_comments_and_is_idempotent(text):
    claim_same_ast_and_parser_findings(text)
    claim_idempotent(text)
    claim_comments_kept(text)
    claim_blank_lines_kept_as_one(text)


@pytest.mark.slow
@LONG
@given(case_files)
def test_long_run_the_printers_output_is_already_formatted(case):
    claim_printed_cases_already_formatted(case)


# --- every case in the repository ----------------------------------------------------------


def _repository_cases() -> list[Path]:
    return sorted(
        [*(ROOT / "cases").rglob("*.cx"), *(ROOT / "docs" / "examples").rglob("*.cx"), *(TESTS / "data").rglob("*.cx")]
    )


def test_every_case_in_the_repository_that_parses_is_a_fixed_point_after_one_run_and_keeps_its_comments():
    formatted_files = 0
    for path in _repository_cases():
        data = path.read_bytes()
        once = format_bytes(data)
        if once.output is None:
            continue
        formatted_files += 1
        assert format_bytes(once.output).output == once.output, path
        written = sorted(comment_text(c) for c in parse_concrete(once.text).comments)
        kept = sorted(c.text for c in parse_concrete(once.output.decode("utf-8-sig").replace("\r\n", "\n")).comments)
        assert kept == written, path
    assert formatted_files >= 100  # the walk found the cases: this test cannot pass on an empty folder


@pytest.mark.parametrize(
    "path", [*sorted((ROOT / "cases").glob("*.cx")), *sorted((ROOT / "docs" / "examples").glob("*.cx"))],
    ids=lambda path: path.name,
)
def test_the_example_cases_are_formatted(path):
    data = path.read_bytes()
    assert format_bytes(data).output == data, f"run `causal fmt {path.relative_to(ROOT)}`"


def test_the_syria_case_keeps_its_comments_and_its_meaning():
    text = (ROOT / "cases" / "syria.cx").read_text(encoding="utf-8")
    comments = comments_in(text)
    assert len(comments) > 100
    assert Counter(comments_in(formatted(text))) == Counter(c.rstrip() for c in comments)
    assert parse(formatted(text))[0] == parse(text)[0]


# --- layout goldens ---------------------------------------------------------------------------


@pytest.mark.parametrize("source", sorted(GOLDENS.glob("*.input.cx")), ids=lambda path: path.name)
def test_layout_matches_the_expected_file_beside_the_input(source):
    expected = source.with_name(source.name.replace(".input.cx", ".expected.cx"))
    actual = formatted(source.read_text(encoding="utf-8"))
    if os.environ.get(UPDATE_VARIABLE):
        expected.write_text(actual, encoding="utf-8", newline="\n")
    assert expected.exists(), f"no {expected.name}; run with {UPDATE_VARIABLE}=1 to write it"
    assert actual == expected.read_text(encoding="utf-8")


def test_there_are_layout_goldens():
    assert len(list(GOLDENS.glob("*.input.cx"))) >= 3


# --- one behaviour at a time ------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, layout",
    [
        ('event a "A"   at  2015\n', 'event a "A" at 2015\n'),
        ("link a,b->c\n", "link a, b -> c\n"),
        ("link l :a->b\n", "link l: a -> b\n"),
        ("contradiction k : a vs b\n", "contradiction k: a vs b\n"),
        ('event a "A" at 2015 .. 2016\n', 'event a "A" at 2015..2016\n'),
        ('event a "A" at .. 2016\n', 'event a "A" at ..2016\n'),
        ('event a "A" at 2016 .. note "n"\n', 'event a "A" at 2016.. note "n"\n'),
        ('hypothesis h "H" explains o prior - 2\n', 'hypothesis h "H" explains o prior -2\n'),
        ("link a -> b\n  kind causes\n", "link a -> b\n  kind causes\n"),
        ("link a -> b kind causes\n", "link a -> b kind causes\n"),
        ('source s "S"\n  reliability B', 'source s "S" reliability B\n'),
        ('evidence e\n  credibility 2\n  from s\n  supports a', "evidence e credibility 2 from s\n  supports a\n"),
        ('evidence e\n  supports a\n  from s', "evidence e\n  supports a\n  from s\n"),
    ],
)
def test_each_layout_rule(written, layout):
    assert formatted(written) == layout


def test_tokens_stay_as_written():
    written = 'evidence ｅ from s credibility 02 quote "\\u0041 \\u{42} \\" \\\\"\nset low-confidence 0.50\n'
    assert formatted(written) == written


def test_a_statement_on_one_line_over_the_width_goes_a_clause_a_line():
    long_note = "x" * 80
    assert formatted(f'link a -> b kind causes note "{long_note}"\n') == (
        f'link a -> b\n  kind causes\n  note "{long_note}"\n'
    )


def test_a_head_too_long_for_the_width_stays_on_one_line():
    title = "y" * 100
    assert formatted(f'claim c "{title}"\n') == f'claim c "{title}"\n'


def test_comments_lose_their_trailing_white_space_only():
    assert formatted("#  kept  \t\n# \u2003em space kept\u2003 \n") == "#  kept\n# \u2003em space kept\u2003\n"


def test_a_comment_may_end_the_file_without_a_line_end():
    assert formatted('event a "A" # last') == 'event a "A"  # last\n'


def test_a_file_of_comments_only_stays_as_it_is():
    assert formatted("# one\n\n# two\n") == "# one\n\n# two\n"


def test_two_comments_that_would_end_one_line_go_before_it_but_the_last():
    written = "link a -> b\n  because x,  # one\n    y  # two\n"
    assert formatted(written) == "link a -> b\n  # one\n  because x, y  # two\n"


def test_a_trailing_comment_inside_a_head_that_is_joined_goes_before_the_statement():
    written = "link a,  # one\n  b -> c  # two\n"
    assert formatted(written) == "# one\nlink a, b -> c  # two\n"


def test_misplaced_clauses_and_bad_escapes_are_formatted_and_still_reported():
    written = 'event e "a \\q"   from   s\n'
    out = formatted(written)
    assert out == 'event e "a \\q" from s\n'
    rules = sorted(f.rule for f in parse(out)[1])
    assert rules == sorted(f.rule for f in parse(written)[1]) == ["invalid-value", "misplaced-clause"]


def test_names_are_composed_as_causal_check_reads_them():
    assert formatted('event Su\u0304ley "A"\n') == 'event S\u016bley "A"\n'


def test_a_syntax_error_is_reported_as_causal_check_reports_it():
    written = 'event a "A" at\nlink a -> \n'
    out, findings = format_text(written)
    assert out is None
    reported = [f for f in check_text(written).findings if f.rule == "syntax-error"]
    assert [(p.rule, p.span, p.message, p.help) for p in findings] == [(f.rule, f.span, f.message, f.help) for f in reported]
    assert findings


def test_a_result_that_lost_a_comment_is_refused(monkeypatch):
    real_render = formatter._render

    def losing(lines):
        return real_render([line for line in lines if "# lost" not in line.code])

    monkeypatch.setattr(formatter, "_render", losing)
    with pytest.raises(FormatterBug):
        format_text('event a "A"\n# lost\n')


# --- bytes: line ends and the byte-order mark ----------------------------------------------------


@pytest.mark.parametrize(
    "data, output",
    [
        (b'event a "A"  at 2015\r\nevent b "B"\r\n', b'event a "A" at 2015\r\nevent b "B"\r\n'),  # CRLF throughout
        (b'event a "A"\r\nevent b "B"\n', b'event a "A"\nevent b "B"\n'),  # mixed: LF
        (b'event a "A"\revent b "B"\r', b'event a "A"\nevent b "B"\n'),  # old Mac CR: LF
        (b'\xef\xbb\xbfevent a "A"  at 2015\n', b'\xef\xbb\xbfevent a "A" at 2015\n'),  # the BOM stays
        (b'event a "A"', b'event a "A"\n'),
    ],
)
def test_line_ends_and_byte_order_mark(data, output):
    assert format_bytes(data).output == output


def test_bytes_that_are_not_a_case_get_the_input_error_that_causal_check_gives():
    result = format_bytes(b"\xff\xfe not UTF-8")
    assert result.output is None and result.text is None
    assert [p.rule for p in result.problems] == ["input-error"]
