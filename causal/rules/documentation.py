"""Rule documentation, rendered from the rule table: `causal rules` and docs/rules.md.

Both read the same `Rule` records (causal/rules/registry.py), so the terminal
help and the written docs cannot drift apart. docs/rules.md is this module's
`markdown()` output, regenerated with `causal rules --markdown > docs/rules.md`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from causal.language.suggestions import close_matches
from causal.model.grades import grade_table_markdown
from causal.model.settings import SETTINGS, SettingSpec
from causal.rules.base import Rule

MARKDOWN_TITLE = "# Rules"
GENERATED_NOTE = (
    "<!-- Generated from the rule table by `causal rules --markdown > docs/rules.md`; "
    "do not edit by hand. -->"
)
WIDTH = 78


def listing(rules: Sequence[Rule]) -> str:
    """One line a rule: code, name, severity, summary, in table order."""
    name_width = max((len(rule.name) for rule in rules), default=0)
    return "\n".join(
        f"{rule.code}  {rule.name:<{name_width}}  {rule.severity.label:<7}  {rule.summary}" for rule in rules
    )


def _paragraphs(text: str, indent: str) -> str:
    """Re-wrap prose to the terminal width, keeping blank-line paragraph breaks."""
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return "\n\n".join(
        textwrap.fill(block, WIDTH, initial_indent=indent, subsequent_indent=indent) for block in blocks if block
    )


def _code(text: str, indent: str) -> str:
    return textwrap.indent(text, indent, lambda line: True)


def explain(rule: Rule) -> str:
    """What `causal rules NAME` prints."""
    parts = [
        f"{rule.code} {rule.name} ({rule.severity.label})",
        "",
        _paragraphs(rule.summary, ""),
        "",
        "What it finds:",
        _paragraphs(rule.finds, "  "),
        "",
        "Why it matters:",
        _paragraphs(rule.why, "  "),
        "",
        "Example (triggers the rule):",
        _code(rule.example, "    "),
        "",
        "Passing example (does not trigger it):",
        _code(rule.passing, "    "),
    ]
    for name, text in rule.documents:
        parts += ["", f"Both examples have beside them the document {name}:", _code(text, "    ")]
    return "\n".join(parts)


def _fence(text: str) -> str:
    """A fenced code block longer than any run of backticks inside ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}cx\n{text}\n{fence}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _prose(text: str) -> str:
    return "\n\n".join(" ".join(block.split()) for block in text.split("\n\n") if block.strip())


def markdown_section(rule: Rule) -> str:
    return "\n".join(
        [
            f"## {rule.name}",
            "",
            f"Code `{rule.code}` · default severity **{rule.severity.label}**",
            "",
            _prose(rule.summary),
            "",
            "**What it finds.** " + _prose(rule.finds),
            "",
            "**Why it matters.** " + _prose(rule.why),
            "",
            "Triggers the rule:",
            "",
            _fence(rule.example),
            "",
            "Does not trigger it:",
            "",
            _fence(rule.passing),
            *(
                line
                for name, text in rule.documents
                for line in ("", f"Both examples have beside them the document `{name}`:", "", _fence(text))
            ),
        ]
    )


def markdown(rules: Sequence[Rule]) -> str:
    """docs/rules.md: a table of every rule, then a section each; no trailing newline."""
    table = [
        "| code | name | severity | summary |",
        "| --- | --- | --- | --- |",
        *(
            f"| {rule.code} | [{rule.name}](#{rule.name}) | {rule.severity.label} | {_cell(rule.summary)} |"
            for rule in rules
        ),
    ]
    intro = (
        "Every rule `causal check` applies, from the rule table (`causal/rules/registry.py`). "
        "`causal rules` lists them and `causal rules NAME` explains one with the same text. "
        "Select or ignore rules with `--select` and `--ignore` (names or codes); silence one "
        'finding in the case file with `allow RULE "REASON"` on its statement '
        "(see [language.md](language.md))."
    )
    return "\n\n".join(
        [MARKDOWN_TITLE, GENERATED_NOTE, intro, "\n".join(table), *(markdown_section(rule) for rule in rules)]
    )


def suggestions(word: str, rules: Sequence[Rule]) -> list[str]:
    """Rule names (or codes) close to a mistyped one, best first."""
    names = [rule.name for rule in rules]
    codes = [rule.code for rule in rules]
    close = close_matches(word, names, n=3)
    # Codes are all alike (`CX` and three digits): only a near miss is worth offering.
    close += close_matches(word.upper(), codes, n=1, cutoff=0.8)
    return close


def did_you_mean(word: str, rules: Sequence[Rule]) -> str:
    close = suggestions(word, rules)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"`{name}`" for name in close) + "?)"


# docs/language.md carries, between these markers, every rule with an input
# that triggers it and one that does not; `python -m causal.rules.documentation` refreshes it.
LANGUAGE_BEGIN = "<!-- rules:begin (generated by `python -m causal.rules.documentation`; do not edit) -->"
LANGUAGE_END = "<!-- rules:end -->"


def language_rules_section(rules: Sequence[Rule]) -> str:
    parts = [LANGUAGE_BEGIN]
    for rule in rules:
        parts += [
            "",
            f"### `{rule.name}` ({rule.code}, {rule.severity.label})",
            "",
            _prose(rule.summary) + f" Details: [rules.md](rules.md#{rule.name}).",
            "",
            "Triggers it:",
            "",
            _fence(rule.example),
            "",
            "Does not:",
            "",
            _fence(rule.passing),
        ]
        for name, text in rule.documents:
            parts += ["", f"(with the document `{name}` beside the case: {_prose(text)!r})"]
    parts += ["", LANGUAGE_END]
    return "\n".join(parts)


SETTINGS_BEGIN = "<!-- settings:begin (generated from causal/model/settings.py by `python -m causal.rules.documentation docs`) -->"
SETTINGS_END = "<!-- settings:end -->"
GRADES_BEGIN = "<!-- grades:begin (generated from causal/model/grades.py by `python -m causal.rules.documentation docs`) -->"
GRADES_END = "<!-- grades:end -->"
GRAMMAR_BEGIN = "```lark\n"
GRAMMAR_END = "```\n"


def settings_table(specs: Sequence[SettingSpec]) -> str:
    rows = ["| `set` statement | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{_cell(spec.syntax)}` | {_cell(spec.default)} | {_cell(spec.summary)} |" for spec in specs]
    return "\n".join([SETTINGS_BEGIN, *rows, SETTINGS_END])


def _replace_between(text: str, begin: str, end: str, new: str) -> str:
    start = text.index(begin)
    stop = text.index(end, start + len(begin)) + len(end)
    return text[:start] + new + text[stop:]


def refresh_language_doc(text: str, rules: Sequence[Rule], grammar: str | None = None) -> str:
    """``text`` (docs/language.md) with its generated parts brought up to date:
    the rules with their examples, the settings table, the grade table, and the grammar's copy."""
    text = _replace_between(text, LANGUAGE_BEGIN, LANGUAGE_END, language_rules_section(rules))
    text = _replace_between(text, SETTINGS_BEGIN, SETTINGS_END, settings_table(SETTINGS))
    text = _replace_between(text, GRADES_BEGIN, GRADES_END, "\n".join([GRADES_BEGIN, grade_table_markdown(), GRADES_END]))
    if grammar is not None:
        start = text.index(GRAMMAR_BEGIN) + len(GRAMMAR_BEGIN)
        stop = text.index(GRAMMAR_END, start)
        text = text[:start] + grammar + text[stop:]
    return text


if __name__ == "__main__":
    import sys
    from pathlib import Path

    from causal.rules.registry import RULES

    docs = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    language = docs / "language.md"
    from causal.language.parser import grammar_text

    refreshed = refresh_language_doc(language.read_text(encoding="utf-8"), RULES, grammar_text())
    language.write_text(refreshed, encoding="utf-8")
    (docs / "rules.md").write_text(markdown(RULES) + "\n", encoding="utf-8")
