"""Rule documentation rendered from the rule table: `causal rules`, `causal rules NAME`, docs/rules.md."""

from __future__ import annotations

from causal.rules.base import Rule
from causal.rules.documentation import did_you_mean, explain, listing, markdown, markdown_section, suggestions
from causal.rules.findings import Severity
from causal.rules.registry import RULES

ODD = Rule(
    name="odd-rule",
    code="CX999",
    severity=Severity.WARNING,
    summary="A summary with a | pipe.",
    finds="""
        Something.

        Over two paragraphs.
        """,
    why="Because.",
    example='link a -> b note "```"',
    passing="event a \"A\"",
)


def test_listing_has_one_aligned_line_a_rule():
    lines = listing(RULES).splitlines()
    assert len(lines) == len(RULES)
    starts = {line.index(rule.severity.label, len(rule.code) + len(rule.name)) for line, rule in zip(lines, RULES)}
    assert len(starts) == 1  # the severity column lines up


def test_explain_shows_every_part_of_the_rule():
    text = explain(ODD)
    assert text.startswith("CX999 odd-rule (warning)\n")
    assert "  Something.\n\n  Over two paragraphs." in text
    assert "  Because." in text
    assert '    link a -> b note "```"' in text
    assert '    event a "A"' in text


def test_markdown_fences_outlast_backticks_in_examples_and_pipes_are_escaped():
    section = markdown_section(ODD)
    assert '````cx\nlink a -> b note "```"\n````' in section
    table = markdown([ODD])
    assert "| CX999 | [odd-rule](#odd-rule) | warning | A summary with a \\| pipe. |" in table
    assert not table.endswith("\n")


def test_markdown_has_a_section_for_every_rule_in_table_order():
    text = markdown(RULES)
    positions = [text.index(f"\n## {rule.name}\n") for rule in RULES]
    assert positions == sorted(positions)


def test_suggestions_for_misspelt_names_and_codes():
    assert suggestions("unsuported-link", RULES)[0] == "unsupported-link"
    assert "did you mean `chain-gap`" in did_you_mean("chain-gaps", RULES)
    assert did_you_mean("zzzzzz", RULES) == ""
