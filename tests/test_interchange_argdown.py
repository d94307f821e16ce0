"""Argdown in and out: handwritten files in Argdown's syntax against their expected cases and warnings, every
imported case parsed and formatted, and a case written as Argdown read back to the same claims, links and attacks.

tests/data/interchange/argdown/NAME.argdown is written in the syntax of Argdown's documentation and examples
(statements, arguments, relation trees, premise-conclusion structures, comments, and what lies outside the subset:
front matter, headings, lists); NAME.cx beside it is what `causal import argdown` writes, NAME.notices its
warnings. UPDATE_GOLDEN=1 rewrites them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.cli.commands import cli
from causal.interchange.argdown import export_argdown, import_argdown
from causal.interchange.notices import ConversionError
from causal.language import ast
from causal.language.formatter import format_text
from causal.language.parser import parse

DATA = Path(__file__).parent / "data" / "interchange" / "argdown"
EXAMPLES = sorted(path.stem for path in DATA.glob("*.argdown"))
ROOT = Path(__file__).parent.parent


def parsed(text: str) -> ast.CaseFile:
    case, problems = parse(text)
    assert case is not None and not [p for p in problems if p.rule == "syntax-error"], problems
    return case


def compare_or_update(path: Path, actual: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert actual == path.read_text(encoding="utf-8")


def structure(case: ast.CaseFile) -> tuple[set, set, set, set]:
    """What an argument map says: the claims' texts, the links between texts, the attacks and contradictions."""
    text_of = {s.name.text: s.title.value for s in case.statements if isinstance(s, (ast.ClaimDecl, ast.EventDecl))}
    links = {
        (tuple(sorted(text_of[c.text] for c in s.causes)), text_of[s.effect.text])
        for s in case.statements
        if isinstance(s, ast.LinkDecl)
    }
    attacks = {
        (text_of[s.name.text], text_of[t.text])
        for s in case.statements
        if isinstance(s, ast.ClaimDecl)
        for t in s.rebuts
    }
    contradictions = {
        frozenset((text_of[s.left.text], text_of[s.right.text]))
        for s in case.statements
        if isinstance(s, ast.ContradictionDecl)
    }
    return set(text_of.values()), links, attacks, contradictions


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_imports_to_its_expected_case_and_warnings(name):
    converted = import_argdown((DATA / f"{name}.argdown").read_bytes(), f"Imported from {name}.argdown")
    compare_or_update(DATA / f"{name}.cx", converted.text)
    notices = "".join(f"{n.where}: {n.severity}: {n.message}\n" for n in converted.notices)
    compare_or_update(DATA / f"{name}.notices", notices)


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_imported_case_parses_and_is_formatted(name):
    text = import_argdown((DATA / f"{name}.argdown").read_bytes(), name).text
    parsed(text)
    assert format_text(text) == (text, [])


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_case_written_as_argdown_reads_back_with_the_same_claims_links_and_attacks(name):
    case = parsed(import_argdown((DATA / f"{name}.argdown").read_bytes(), name).text)
    again = parsed(import_argdown(export_argdown(case).text.encode("utf-8"), name).text)
    assert structure(again) == structure(case)


def test_the_relations_example_maps_each_relation():
    case = parsed((DATA / "relations.cx").read_text(encoding="utf-8"))
    by_name = {s.name.text: s for s in case.statements if isinstance(s, (ast.ClaimDecl, ast.LinkDecl))}
    assert [t.text for t in by_name["cost"].rebuts] == ["ferry"]  # `- <Cost>` under [Ferry]: an attack on it
    assert by_name["tourism_supports_ferry"].causes[0].text == "tourism"  # `<+ [Tourism]`: a support of [Ferry]
    assert [t.text for t in by_name["bridge"].undercuts] == ["only_link_supports_ferry"]  # `_> <Only link>`
    assert by_name["ferry"].note.value == "argdown [Ferry]" and by_name["bridge"].note.value == "argdown <Bridge>"


def test_warnings_name_the_line_in_the_file_even_after_comments():
    text = "<!--\ntwo lines\n-->\n# Heading\n\n* item\n"
    notices = import_argdown(text.encode(), "t").notices
    assert [(n.line, n.message.split(" ")[1]) for n in notices] == [(4, "heading"), (6, "list")]


def test_an_argdown_file_that_is_not_utf8_is_a_clear_error():
    with pytest.raises(ConversionError) as raised:
        import_argdown("[Café]: crème".encode("latin-1"), "t")
    assert "not UTF-8: byte 0xe9 at line 1, column 5" in raised.value.notice.message


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]<>():+-_>#*=/!\n  abc1")), max_size=120))
def test_any_text_imports_to_a_case_that_parses_and_is_formatted(text):
    converted = import_argdown(text.encode("utf-8"), "generated")
    parsed(converted.text)
    assert format_text(converted.text)[0] == converted.text


def test_export_argdown_of_the_tour_case_writes_every_claim_event_and_evidence(tmp_path):
    result = CliRunner().invoke(cli, ["export", "--format", "argdown", str(ROOT / "docs" / "examples" / "bridge.cx")])
    assert result.exit_code == 0
    for title in ("[storm]: The March storm damages the pier", "[cuts]: The council wants to cut the ferry anyway",
                  "[minutes_pier]: the pier cannot take the ferry until it is repaired"):
        assert title in result.stdout
    assert "sources, actors, chains" in result.stderr


def test_import_argdown_writes_to_a_new_file_and_refuses_an_existing_one(tmp_path):
    runner = CliRunner()
    target = tmp_path / "case.cx"
    first = runner.invoke(cli, ["import", "argdown", str(DATA / "relations.argdown"), "-o", str(target)])
    assert first.exit_code == 0 and target.read_text(encoding="utf-8").startswith('case "Imported from relations')
    again = runner.invoke(cli, ["import", "argdown", str(DATA / "relations.argdown"), "-o", str(target)])
    assert again.exit_code == 2 and "exists; give --force" in again.stderr


# Argdown's own example files (its repository's examples/ and packages/argdown-core/test/) are MIT-licensed, but
# the material they were read from is reference data this project does not copy into its history: point this
# variable at a folder of them (a checkout of argdown/argdown, or the files saved from it) to run them.
UPSTREAM = os.environ.get("CAUSAL_ARGDOWN_EXAMPLES")


@pytest.mark.skipif(not UPSTREAM, reason="CAUSAL_ARGDOWN_EXAMPLES names no folder of Argdown's own example files")
def test_argdowns_own_examples_import_to_formatted_cases_that_read_back_the_same():
    files = sorted(Path(UPSTREAM).rglob("*.argdown"))
    assert files, f"no .argdown file under {UPSTREAM}"
    for path in files:
        converted = import_argdown(path.read_bytes(), f"Imported from {path.name}")
        case = parsed(converted.text)
        assert format_text(converted.text) == (converted.text, []), path
        assert structure(case)[0], f"{path}: no statement imported"
        again = parsed(import_argdown(export_argdown(case).text.encode("utf-8"), path.name).text)
        assert structure(again) == structure(case), path
