"""The text report: excerpts whose carets stay under the span, and the summary and chain lines."""

from __future__ import annotations

import unicodedata

import attrs
from hypothesis import given
from hypothesis import strategies as st

from causal.inputs.spans import Span
from causal.pipeline import FileReport, check_text
from causal.report.excerpt import ELLIPSIS, WINDOW, excerpt, printable
from causal.report.text import render_findings, render_text
from causal.rules.findings import Severity
from causal.rules.input import SYNTAX_ERROR


def cells(text: str) -> int:
    """Terminal cells of a drawn line (no tabs or control characters left in it)."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text
    )


def caret_columns(shown) -> tuple[int, int]:
    """The first and last cell the carets cover."""
    first = shown.carets.index("^")
    return first, len(shown.carets) - 1


def test_carets_sit_under_the_span():
    shown = excerpt("link rift -> withdrawal", 1, Span(1, 6, 1, 10))
    assert shown.text == "link rift -> withdrawal"
    assert shown.carets == "     ^^^^"


def test_tabs_expand_to_tab_stops_and_carets_follow():
    shown = excerpt("\tlink\ta -> b", 3, Span(3, 7, 3, 8))
    assert "\t" not in shown.text
    assert shown.text == "    link    a -> b"
    first, last = caret_columns(shown)
    assert shown.text[first] == "a" and first == last


def test_wide_characters_take_two_cells():
    line = 'claim 漢字 "x" @'
    shown = excerpt(line, 1, Span(1, line.index("@") + 1, 1, line.index("@") + 2))
    first, _ = caret_columns(shown)
    assert cells(shown.text[: shown.text.index("@")]) == first


def test_wide_span_is_underlined_for_its_full_width():
    shown = excerpt("claim 漢字", 1, Span(1, 7, 1, 9))
    assert shown.carets == "      ^^^^"


def test_multi_line_span_is_underlined_to_the_end_of_its_first_line():
    shown = excerpt("link a -> b", 4, Span(4, 6, 6, 3))
    assert shown.carets == "     ^^^^^^"


def test_span_at_the_end_of_the_line_gets_one_caret_past_it():
    shown = excerpt("claim c", 1, Span(1, 8, 1, 8))
    assert shown.carets == "       ^"


def test_span_beyond_the_line_is_clamped():
    shown = excerpt("abc", 1, Span(1, 50, 1, 60))
    assert shown.carets == "   ^"


def test_long_line_is_cut_to_a_window_around_the_span():
    line = "a" * 500_000 + "@" + "b" * 500_000
    shown = excerpt(line, 1, Span(1, 500_001, 1, 500_002))
    assert shown.text.startswith(ELLIPSIS) and shown.text.endswith(ELLIPSIS)
    assert len(shown.text) <= WINDOW + 2
    assert shown.text[shown.carets.index("^")] == "@"


def test_long_span_on_a_long_line_is_underlined_to_the_window_edge():
    line = "x" * 10_000
    shown = excerpt(line, 1, Span(1, 1, 1, 10_001))
    assert not shown.text.startswith(ELLIPSIS)
    assert shown.carets == "^" * WINDOW


def test_control_and_bidi_characters_are_shown_escaped():
    line = 'claim c "\x1b[31m\u202e" @'
    column = line.index("@") + 1
    shown = excerpt(line, 1, Span(1, column, 1, column + 1))
    assert "\x1b" not in shown.text and "\u202e" not in shown.text
    assert shown.text == 'claim c "\\x1b[31m<U+202E>" @'
    assert shown.text[shown.carets.index("^")] == "@"
    assert printable("a\nb\u200bc") == "a\\x0ab<U+200B>c"


@given(
    prefix=st.text(alphabet=st.sampled_from("ab\t漢\u0301é\x07\u202e "), max_size=300),
    target=st.sampled_from("@#"),
    suffix=st.text(alphabet=st.sampled_from("cd\t漢 "), max_size=300),
)
def test_the_first_caret_is_always_under_the_first_character_of_the_span(prefix, target, suffix):
    line = prefix + target + suffix
    column = len(prefix) + 1
    shown = excerpt(line, 1, Span(1, column, 1, column + 1))
    first = shown.carets.index("^")
    drawn_before = shown.text[: shown.text.index(target, len(shown.text) - len(shown.text.lstrip(ELLIPSIS)))]
    # Everything drawn before the target takes exactly as many cells as the carets' indent.
    assert cells(drawn_before) == first
    assert shown.carets.count("^") >= 1


def report_of(text: str, path: str = "case.cx") -> FileReport:
    return check_text(text, path=path)


def test_finding_block_layout():
    report = report_of('event a "A" at 2015\nlink a => b\n')
    rendered = render_findings(report)
    lines = rendered.splitlines()
    assert lines[0].startswith("case.cx:2:8: error[syntax-error] ")
    assert lines[1] == "  |"
    assert lines[2] == "2 | link a => b"
    assert lines[3] == "  |        ^"
    assert lines[4].startswith("  = help: ")


def test_gutter_widens_with_the_line_number():
    report = report_of("\n" * 120 + "link a => b\n")
    lines = render_findings(report).splitlines()
    assert lines[1] == "    |"
    assert lines[2] == "121 | link a => b"
    assert lines[4].startswith("    = help: ")


def test_finding_without_a_source_line_has_no_excerpt():
    finding = SYNTAX_ERROR.finding(Span(9, 1, 9, 2), "something odd", "Fix it.")
    rendered = render_text([FileReport("x.cx", "one line", (finding,))])
    assert rendered.splitlines()[:2] == ["x.cx:9:1: error[syntax-error] something odd", "  = help: Fix it."]


def test_summary_counts_severities_expected_and_files():
    findings = (
        SYNTAX_ERROR.finding(Span(1, 1, 1, 2), "a", "h"),
        SYNTAX_ERROR.finding(Span(1, 1, 1, 2), "b", "h", severity=Severity.WARNING),
        SYNTAX_ERROR.finding(Span(1, 1, 1, 2), "c", "h", severity=Severity.INFO),
        SYNTAX_ERROR.finding(Span(1, 1, 1, 2), "d", "h", severity=Severity.INFO),
    )
    findings = (*findings[:3], attrs.evolve(findings[3], expected=True))
    reports = [FileReport("x.cx", "x", findings), FileReport("y.cx", "y", ())]
    assert render_text(reports).splitlines()[-1] == "1 error, 1 warning, 2 info (1 expected) in 2 files"
    assert render_text([FileReport("y.cx", "y", ())]) == "0 errors, 0 warnings, 0 info in 1 file"


CHAINED = """\
source a "A" reliability B
source b "B" reliability B
event x "X" at 2015
event y "Y" at 2016
event z "Z" at 2017
evidence ea from a credibility 2 supports x, y, z
evidence eb from b credibility 2 supports x, y, z
link x -> y because ea, eb
link y -> z
chain story: x -> y -> z
chain one: x -> y
expect chain story is broken
"""


def test_chain_lines_name_the_weakest_step_and_mark_expected_verdicts():
    rendered = render_text([report_of(CHAINED)])
    assert (
        "chain story: broken (confidence 0.00) — weakest step y -> z: no evidence, and not marked `assumed` (expected)" in rendered
    )
    assert "chain one: supported (confidence 0.92) — weakest step x -> y: supported by evidence" in rendered
    assert "chain one: supported (confidence 0.92) — weakest step x -> y: supported by evidence (expected)" not in rendered


def test_chain_resting_on_one_source_gives_the_whole_chain_reason():
    text = CHAINED.replace("because ea, eb", "because ea").replace("link y -> z", "link y -> z because ea")
    rendered = render_text([report_of(text)])
    assert "chain one: weak (confidence 0.72) — " in rendered
    assert "chain story: weak (confidence 0.52) — " in rendered  # 0.72 × 0.72: a chain is a conjunction


def test_chain_steps_are_listed_weakest_first_with_their_confidence():
    rendered = render_text([report_of(CHAINED)])
    story = rendered.split("chain story:")[1].split("chain one:")[0]
    assert story.index("1. y -> z  0.00") < story.index("2. x -> y  0.92")


def test_colour_only_when_asked():
    report = report_of('link a => b\n')
    assert "\x1b[" not in render_text([report])
    coloured = render_text([report], color=True)
    assert "\x1b[" in coloured
    assert "\x1b[31m" in coloured  # errors in red


def test_a_case_with_attacks_ends_with_how_they_leave_its_items():
    text = (
        'source s "S" reliability B\n'
        'claim x "X"\nclaim y "Y"\nclaim z "Z"\nclaim w "W"\n'
        "evidence e from s credibility 2 rebuts x\n"
        "evidence f from s credibility 2 supports y, z, x\n"
        "evidence g from s credibility 5 rebuts y\n"
        "contradiction yz: y vs z\n"
    )
    rendered = render_text([report_of(text)])
    # x falls to e (equal strength); y and z tie; g is weaker than y; w has no evidence.
    assert (
        "labels (grounded): of 8 items, 4 accepted, 1 rejected, 2 undecided, 1 unsupported; "
        "3 of 4 attacks defeat (preferences by strength). `causal explain case.cx ID` says why."
    ) in rendered
    assert "labels (" not in render_text([report_of('source s "S"\nevidence e from s supports x\nclaim x "X"\n')])


@given(st.text(alphabet="ab\n\r", max_size=30))
def test_a_line_found_by_number_is_the_line_that_splitting_the_text_gives(text):
    from causal.report.text import _Lines

    lines = _Lines(text)
    split = text.split("\n") if text else []
    for number in range(-1, len(split) + 3):
        bounds = lines.bounds(number)
        found = text[bounds[0] : bounds[1]] if bounds is not None else None
        assert found == (split[number - 1] if 1 <= number <= len(split) else None)


class _SlicesCounted(str):
    """A text that counts the characters its slices copy."""

    copied = 0

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        if isinstance(key, slice):
            _SlicesCounted.copied += len(piece)
        return piece


def test_findings_on_one_long_line_copy_a_window_each_not_the_line():
    # A chain of 2,000 steps is one line of about 13,000 characters with an undefined name in every step:
    # copying that line for each finding's excerpt made the text report quadratic in its length.
    from causal.report.text import _Lines, _Style, render_finding

    steps = 2_000
    text = "chain c: " + " -> ".join(f"e{i}" for i in range(steps)) + "\n"
    report = check_text(text, path="long.cx")
    findings = [f for f in report.findings if f.span.line == 1]
    assert len(findings) >= steps
    _SlicesCounted.copied = 0
    lines = _Lines(_SlicesCounted(text))
    for finding in findings:
        render_finding(finding, "long.cx", lines, _Style(False))
    assert _SlicesCounted.copied <= len(findings) * WINDOW


def test_the_text_report_is_the_same_whatever_the_size_of_the_pieces_it_is_written_in(monkeypatch):
    from causal.report import text as text_module

    reports = [
        check_text("\n".join(f'event e{i} "E {i}"' for i in range(300)) + "\n", path="many.cx"),
        check_text('event a "A" at 2016\nevent b "B" at 2015\nlink a -> b\nchain c: a -> b\n', path="two.cx"),
    ]
    monkeypatch.setattr(text_module, "_PIECE", 10**9)
    each_file_then_the_summary = list(text_module.iter_text(reports))
    assert len(each_file_then_the_summary) == 3
    whole = "".join(each_file_then_the_summary)
    monkeypatch.setattr(text_module, "_PIECE", 1)
    pieces = list(text_module.iter_text(reports))
    assert len(pieces) > 1000
    assert "".join(pieces) == whole
    assert whole.count("info[unused-declaration]") == 300 and whole.endswith("in 2 files")
