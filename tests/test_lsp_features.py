"""The language server's answers, computed in process on small cases and on cases/syria.cx (causal.lsp).

The server itself, over standard input and output, is tests/test_lsp_server.py; these are its answers one by one.
"""

from __future__ import annotations

import shutil
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from causal.analysis.explain import explain_tree
from causal.language.formatter import format_bytes
from causal.language.parser import clauses_of
from causal.lsp import scanning
from causal.lsp.actions import code_actions, formatting
from causal.lsp.completion import NAMES_AFTER, completion
from causal.lsp.diagnostics import diagnostics, rules_documentation
from causal.lsp.hover import hover
from causal.lsp.names import RenameRefused, definition, document_symbols, prepare_rename, references, rename
from causal.lsp.positions import apply_changes
from causal.lsp.workspace import Workspace, location_of
from causal.model.case_model import iter_references
from causal.pipeline import check_bytes, check_file
from causal.rules.registry import RULES
from tests.conftest import ROOT

CURSOR = "|"


@pytest.fixture
def syria(tmp_path):
    """A copy of cases/syria.cx beside its article, and its URI."""
    for name in ("syria.cx", "putin-pays-iran-back.txt"):
        shutil.copy(ROOT / "cases" / name, tmp_path / name)
    return tmp_path / "syria.cx"


def opened(text: str, tmp_path, name: str = "case.cx"):
    """(the checked document, the cursor's (line, character)) for a text with `|` where the cursor is, if anywhere."""
    cursor = None
    if CURSOR in text:
        before = text[: text.index(CURSOR)]
        cursor = (before.count("\n"), len(before) - (before.rfind("\n") + 1))
        text = text.replace(CURSOR, "", 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    workspace = Workspace()
    workspace.open(path.as_uri(), text, 1)
    return workspace.checked(path.as_uri()), cursor


def labels(found: types.CompletionList) -> list[str]:
    return [item.label for item in found.items]


SMALL = textwrap.dedent(
    """\
    case "Small"
    source radio "Harbour Radio" reliability B
    actor mayor "The mayor"
    event storm "The storm" by mayor at 2024-03-02
    event halt "The ferry stops"
    claim cuts "Cuts"
    evidence report from radio credibility 2 supports storm
    link damage: storm -> halt kind causes because report
    hypothesis weather "The weather" explains halt
    chain story: storm -> halt
    """
)


# --- what the server reads from the library ------------------------------------------------------------------------


def test_checking_a_files_bytes_gives_the_findings_checking_the_file_gives(syria):
    from_file = check_file(str(syria))
    from_bytes = check_bytes(syria.read_bytes(), str(syria), syria.parent)
    assert from_bytes.findings == from_file.findings and len(from_file.findings) > 40


def test_checking_bytes_refuses_what_the_reader_refuses():
    assert check_bytes(b"", "empty.cx", None).unreadable
    assert check_bytes(b'case "a\x00"', "nul.cx", None).unreadable


def test_an_explanation_without_expansion_is_the_root_line_alone(syria):
    report = check_file(str(syria))
    whole = explain_tree(report.analysis, report.chains, "rift")
    root = explain_tree(report.analysis, report.chains, "rift", expand=False)
    assert whole.children and not root.children and (root.item, root.label, root.detail) == (
        whole.item, whole.label, whole.detail
    )


def test_the_clauses_of_a_statement_are_the_parsers_and_allow():
    assert clauses_of("link") == ("kind", "because", "mechanism", "feedback", "assumed", "added", "note", "allow")
    assert clauses_of("no-such-statement") == ()


# --- diagnostics ------------------------------------------------------------------------------------------------------


def test_diagnostics_are_the_findings_of_causal_check_with_code_severity_and_documentation(syria):
    workspace = Workspace()
    workspace.open(syria.as_uri(), syria.read_text(encoding="utf-8"), 1)
    document = workspace.checked(syria.as_uri())
    shown = diagnostics(document.report.findings, document.positions, "file:///docs/rules.md")
    findings = check_file(str(syria)).findings
    assert [(each.code, each.range.start.line + 1, each.range.start.character + 1) for each in shown] == [
        (finding.code, finding.span.line, finding.span.column) for finding in findings
    ]
    first = shown[0]
    assert first.source == "causal" and first.code_description.href == f"file:///docs/rules.md#{findings[0].rule}"
    assert all(each.severity == types.DiagnosticSeverity.Information for each, f in zip(shown, findings) if f.expected)
    assert "(expected)" in first.message and "\nhelp: " in first.message


def test_a_severity_is_mapped_and_an_unused_name_is_marked_unnecessary(tmp_path):
    document, _ = opened('event a "A"\nlink a -> b\n', tmp_path)
    shown = {each.data["rule"]: each for each in diagnostics(document.report.findings, document.positions, None)}
    assert shown["undefined-name"].severity == types.DiagnosticSeverity.Error
    assert shown["unsupported-link"].severity == types.DiagnosticSeverity.Error
    assert shown["undefined-name"].code_description is None
    document, _ = opened('event a "A"\n', tmp_path)
    (unused,) = diagnostics(document.report.findings, document.positions, None)
    assert unused.severity == types.DiagnosticSeverity.Information and unused.tags == [types.DiagnosticTag.Unnecessary]


def test_the_rules_documentation_is_the_clients_or_the_source_trees():
    assert rules_documentation("https://example.org/rules.md#x") == "https://example.org/rules.md"
    assert rules_documentation() == (ROOT / "docs" / "rules.md").as_uri()


def test_a_diagnostic_range_counts_utf16_units_after_an_astral_title(tmp_path):
    document, _ = opened('event a "😀😀" by nobody\n', tmp_path)
    undefined = next(f for f in document.report.findings if f.rule == "undefined-name")
    (shown,) = [d for d in diagnostics((undefined,), document.positions, None)]
    assert undefined.span.column == 17  # 1-based, in code points: each emoji is one
    assert (shown.range.start.character, shown.range.end.character) == (18, 24)  # from 0, in UTF-16: each is two


# --- names: definition, references, rename, outline --------------------------------------------------------------


def test_definition_of_a_use_is_its_declaration_and_references_are_every_use(tmp_path):
    document, (line, character) = opened(SMALL.replace("link damage: storm", "link damage: st|orm"), tmp_path)
    (found,) = definition(document, line, character)
    assert (found.range.start.line, found.range.start.character, found.range.end.character) == (3, 6, 11)
    uses = references(document, line, character, include_declaration=True)
    assert [(each.range.start.line, each.range.start.character) for each in uses] == [(3, 6), (6, 50), (7, 13), (9, 13)]
    assert len(references(document, line, character, include_declaration=False)) == 3


def test_rename_changes_the_declaration_and_every_use_and_refuses_what_would_break_the_case(tmp_path):
    document, (line, character) = opened(SMALL.replace("supports storm", "supports sto|rm"), tmp_path)
    assert prepare_rename(document, line, character) is not None
    edit = rename(document, line, character, "tempest")
    edits = edit.changes[document.uri]
    changes = [((e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.new_text)
               for e in edits]
    renamed = apply_changes(document.text, list(reversed(changes)), "utf-16")
    assert "storm" not in renamed.replace('"The storm"', "") and renamed.count("tempest") == 4
    for refused in ("halt", "link", "2nd", "a b"):
        with pytest.raises(RenameRefused):
            rename(document, line, character, refused)


def test_rule_names_are_not_case_names(tmp_path):
    document, (line, character) = opened('event a "A" allow unused-dec|laration "ok"\n', tmp_path)
    assert definition(document, line, character) is None and prepare_rename(document, line, character) is None


def test_the_outline_has_every_declaration_and_link(tmp_path):
    document, _ = opened(SMALL, tmp_path)
    assert [(symbol.name, symbol.detail) for symbol in document_symbols(document)] == [
        ("radio", "source: Harbour Radio"), ("mayor", "actor: The mayor"), ("storm", "event: The storm"),
        ("halt", "event: The ferry stops"), ("cuts", "claim: Cuts"), ("report", "evidence"), ("damage", "link"),
        ("weather", "hypothesis: The weather"), ("story", "chain"),
    ]
    document, _ = opened('event a "A"\nevent b "B"\nlink a -> b\n', tmp_path)
    assert document_symbols(document)[-1].name == "a -> b"


# --- hover -----------------------------------------------------------------------------------------------------------


def test_hover_shows_the_declaration_and_its_label_confidence_and_grades(syria):
    workspace = Workspace()
    text = syria.read_text(encoding="utf-8")
    workspace.open(syria.as_uri(), text, 1)
    document = workspace.checked(syria.as_uri())
    line = text[: text.index("evidence hopes_report")].count("\n")
    shown = hover(document, line, len("evidence ho")).contents.value
    assert shown.startswith("```cx\nevidence hopes_report from debka credibility 6")
    assert "hopes\\_report (evidence): accepted - nothing attacks it; confidence 0.25; graded E6" in shown
    source_line = text[: text.index("source moscow_dc")].count("\n")
    assert "reliability" in hover(document, source_line, len("source mos")).contents.value


def test_hover_on_an_unlabelled_link_shows_the_link_and_on_a_rule_its_summary(tmp_path):
    document, (line, character) = opened(SMALL + 'link halt -|> cuts assumed "x" allow weak-support "fine"\n', tmp_path)
    shown = hover(document, line, character).contents.value
    assert "halt->cuts (link):" in shown and "confidence" in shown
    shown = hover(document, line, len('link halt -> cuts assumed "x" allow weak-s')).contents.value
    assert shown.startswith("**weak-support** (CX202, warning)")


def test_hover_escapes_what_the_case_wrote(tmp_path):
    document, (line, character) = opened(
        'event a "A"\nevent b "B"\nlink a -|> b assumed "``` <i>*z*</i>"', tmp_path
    )
    shown = hover(document, line, character).contents.value
    # The declaration in a fence longer than its own backticks, the explanation with Markdown's marks escaped.
    assert shown.startswith('````cx\nlink a -> b assumed "``` <i>*z*</i>"\n````\n') and shown.count("````") == 2
    assert shown.endswith("\\`\\`\\` \\<i>\\*z\\*\\</i>")


# --- completion ----------------------------------------------------------------------------------------------------

COMPLETIONS = [
    ("link damage: storm -> halt because |", {"report"}, {"storm", "radio"}),
    ("link storm -> |", {"storm", "halt", "cuts"}, {"report", "radio", "weather"}),
    ("link |", {"storm", "halt", "cuts"}, {"report"}),
    ("chain c: storm -> halt, |", {"storm", "cuts"}, {"report"}),
    ("evidence e from |", {"radio"}, {"mayor", "storm"}),
    ("evidence e from radio supports storm, |", {"halt", "cuts", "damage"}, {"radio"}),
    ("evidence e from radio hoop |", {"weather"}, {"storm"}),
    ("evidence e from radio hoop weather |", {"passed", "failed"}, {"storm"}),
    ("event e \"E\" by |", {"mayor"}, {"radio"}),
    ("source s \"S\" via |", {"radio"}, {"mayor"}),
    ("hypothesis h \"H\" explains |", {"halt", "storm"}, {"report"}),
    ("hypothesis h \"H\" explains halt argued-by |", {"story"}, {"halt"}),
    ("contradiction c: storm vs |", {"halt", "damage"}, {"report"}),
    ("link storm -> halt kind |", {"causes", "prevents"}, {"storm"}),
    ("source s \"S\" reliability |", {"A", "F"}, {"radio"}),
    ("expect chain story is |", {"broken", "weak", "supported"}, set()),
    ("expect |", {"unsupported-link", "no", "chain"}, {"storm"}),
    ("expect no |", {"unsupported-link"}, {"chain"}),
    ("expect unsupported-link on |", {"storm", "report", "chain"}, set()),
    ("expect chain |", {"story"}, {"storm"}),
    ("event e \"E\" allow |", {"unused-declaration", "weak-support"}, {"storm"}),
    ("set |", {"weak-support", "semantics"}, {"storm"}),
    ("link storm -> halt because report |", {"kind", "mechanism", "assumed", "link", "event"}, {"because", "storm"}),
    ("event e \"E\" |", {"at", "by", "during", "note", "allow", "link"}, {"because", "storm"}),
    ("|", {"case", "link", "event", "expect"}, {"storm", "because"}),
    ("link storm -> halt because rep|", {"report"}, {"storm"}),
    ("event |", set(), {"storm", "case"}),
    ("link storm -> halt note \"x |", set(), {"storm", "case"}),
    ("link storm -> halt # a comment |", set(), {"storm"}),
]


@pytest.mark.parametrize(("typed", "offered", "not_offered"), COMPLETIONS, ids=[typed for typed, _, _ in COMPLETIONS])
def test_completion_offers_what_the_grammar_expects_at_the_cursor(tmp_path, typed, offered, not_offered):
    document, (line, character) = opened(SMALL + typed, tmp_path)
    found = set(labels(completion(document, line, character)))
    assert offered <= found and not (not_offered & found)


def test_completion_replaces_the_word_being_typed_and_shows_titles(tmp_path):
    document, (line, character) = opened(SMALL + "link storm -> ha|", tmp_path)
    (item,) = [each for each in completion(document, line, character).items if each.label == "halt"]
    assert item.detail == "event The ferry stops" and item.text_edit.range.start.character == len("link storm -> ")


def _probe_kinds(keyword: str) -> frozenset[str]:
    """The kinds the model accepts after a clause keyword, read from iter_references on a statement that has it."""
    probes = {
        "VIA": 'source s "S" via X', "BY": 'event e "E" by X', "FROM": "evidence e from X",
        "SUPPORTS": "evidence e from s supports X", "BECAUSE": "link a -> b because X",
        "REBUTS": "evidence e from s rebuts X", "UNDERCUTS": "evidence e from s undercuts X",
        "UNDERMINES": "evidence e from s undermines X", "CONSISTENT_WITH": "evidence e from s consistent-with X",
        "INCONSISTENT_WITH": "evidence e from s inconsistent-with X", "NEUTRAL_TO": "evidence e from s neutral-to X",
        "HOOP": "evidence e from s hoop X passed", "SMOKING_GUN": "evidence e from s smoking-gun X passed",
        "STRAW_IN_THE_WIND": "evidence e from s straw-in-the-wind X failed",
        "DOUBLY_DECISIVE": "evidence e from s doubly-decisive X passed",
        "LIKELIHOOD": "evidence e from s likelihood X 1",
        "EXPLAINS": 'hypothesis h "H" explains X', "ARGUED_BY": 'hypothesis h "H" explains o argued-by X',
        "COMPATIBLE_WITH": 'hypothesis h "H" explains o compatible-with X',
    }
    report = check_bytes(probes[keyword].encode(), "probe.cx", None)
    (reference,) = [each for each in iter_references(report.case) if each.word.text == "X"]
    return reference.kinds


@pytest.mark.parametrize("keyword", sorted(NAMES_AFTER))
def test_the_names_completed_after_a_clause_are_the_kinds_the_model_accepts_there(keyword):
    assert NAMES_AFTER[keyword] == _probe_kinds(keyword)


def test_rule_completion_offers_every_rule(tmp_path):
    document, (line, character) = opened(SMALL + "expect no |", tmp_path)
    assert {rule.name for rule in RULES} <= set(labels(completion(document, line, character)))


# --- code actions and formatting ---------------------------------------------------------------------------------


def _actions(document, line: int) -> dict[str, types.CodeAction]:
    wanted = types.Range(types.Position(line, 0), types.Position(line, 200))
    return {action.title: action for action in code_actions(document, wanted, None)}


def _applied(document, action: types.CodeAction) -> str:
    edits = action.edit.changes[document.uri]
    changes = [((e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.new_text)
               for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)]
    return apply_changes(document.text, changes, "utf-16")


def test_a_did_you_mean_becomes_a_fix_that_writes_the_suggestion(tmp_path):
    document, _ = opened(SMALL + "link stomr -> halt assumed \"x\"\n", tmp_path)
    action = _actions(document, SMALL.count("\n"))["Change to `storm`"]
    assert action.is_preferred and action.diagnostics[0].code == "CX101"
    fixed = _applied(document, action)
    assert 'link storm -> halt assumed "x"' in fixed and check_bytes(fixed.encode(), "x.cx", tmp_path).findings != ()


@pytest.mark.parametrize(
    ("typed", "fixed"),
    [
        ('event a "A" allow unused-declaratoin "x"\n', 'event a "A" allow unused-declaration "x"\n'),
        ('event a "A"\nset semantcs grounded\n', 'event a "A"\nset semantics grounded\n'),
        ('event a "A"\nexpect unsuported-link on a\n', 'event a "A"\nexpect unsupported-link on a\n'),
    ],
)
def test_a_mistyped_rule_or_setting_is_fixed_by_its_did_you_mean(tmp_path, typed, fixed):
    document, _ = opened(typed, tmp_path)
    wanted = types.Range(types.Position(0, 0), types.Position(3, 0))
    (action,) = [each for each in code_actions(document, wanted, None) if each.title.startswith("Change to")]
    assert _applied(document, action) == fixed


def test_a_document_is_read_from_its_files_folder_or_else_the_workspaces(tmp_path):
    assert location_of((tmp_path / "a b.cx").as_uri()) == (str(tmp_path / "a b.cx"), tmp_path)
    assert location_of("untitled:Untitled-1", tmp_path) == ("untitled:Untitled-1", tmp_path)


def test_an_unsupported_link_gets_assumed(tmp_path):
    document, _ = opened(SMALL + "link storm -> cuts # why\n", tmp_path)
    fixed = _applied(document, _actions(document, SMALL.count("\n"))['Add `assumed "…"`'])
    assert 'link storm -> cuts assumed "…" # why' in fixed
    assert not [f for f in check_bytes(fixed.encode(), "x.cx", tmp_path).findings if f.rule == "unsupported-link"]


def test_an_undefined_name_is_declared_as_each_kind_its_place_takes(tmp_path):
    document, _ = opened(SMALL + "  link storm -> flood because leak\n", tmp_path)
    line = SMALL.count("\n")
    actions = _actions(document, line)
    assert {"Declare `flood` as an event", "Declare `flood` as a claim", "Declare `leak` as evidence"} <= set(actions)
    fixed = _applied(document, actions["Declare `flood` as an event"])
    assert fixed.splitlines()[line : line + 2] == ['  event flood "…"', "  link storm -> flood because leak"]
    fixed = _applied(document, actions["Declare `leak` as evidence"])
    assert fixed.splitlines()[line] == "  evidence leak from SOURCE"


def test_formatting_gives_what_causal_fmt_gives(tmp_path):
    messy = 'event storm "The March storm"   at 2024-03-02\r\nlink storm->halt   # why\r\nevent halt "H"\r\n'
    document, _ = opened(messy, tmp_path)
    (edit,) = formatting(document)
    change = ((edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character),
              edit.new_text)
    assert apply_changes(messy, [change], "utf-16").encode() == format_bytes(messy.encode()).output
    formatted, _ = opened(format_bytes(messy.encode()).output.decode(), tmp_path)
    assert formatting(formatted) == []
    broken, _ = opened("link a ->", tmp_path)
    assert formatting(broken) is None


# --- a half-written case ------------------------------------------------------------------------------------------


def test_a_half_written_statement_leaves_names_hover_and_completion_to_the_rest(syria):
    text = syria.read_text(encoding="utf-8")
    at = text.index("link plan_motive")
    broken = text[:at] + "link putin_hopes -> \n" + text[at:]
    workspace = Workspace()
    workspace.open(syria.as_uri(), broken, 2)
    document = workspace.checked(syria.as_uri())
    assert [finding.rule for finding in document.report.findings] == ["syntax-error"]
    line = broken[:at].count("\n")
    assert "air_base_task" in labels(completion(document, line, len("link putin_hopes -> ")))
    assert "putin\\_hopes (claim): accepted" in hover(document, line, len("link putin")).contents.value
    (declared,) = definition(document, line, len("link putin"))
    assert declared.range.start.line == text[: text.index("claim putin_hopes")].count("\n")
    assert len(references(document, line, len("link putin"), True)) == 7


def test_a_case_that_never_parsed_still_completes_and_finds_declarations_by_scanning(tmp_path):
    # One line, so one statement run that does not parse: nothing is left to check, and there was no model before.
    document, (line, character) = opened('event storm "S" event halt "H" link storm -> |', tmp_path)
    assert document.snapshot is None
    assert {"storm", "halt"} <= set(labels(completion(document, line, character)))
    (found,) = definition(document, line, character - len("torm -> "))
    assert (found.range.start.line, found.range.start.character) == (0, len("event "))
    assert [symbol.name for symbol in document_symbols(document)] == ["storm", "halt"]


def test_the_last_good_model_answers_hover_when_nothing_of_the_text_parses(tmp_path):
    path = tmp_path / "case.cx"
    workspace = Workspace()
    workspace.open(path.as_uri(), 'event storm "The storm"\nevent halt "H"\nlink storm -> halt assumed "x"\n', 1)
    assert workspace.checked(path.as_uri()).snapshot.exact
    workspace.change(path.as_uri(), [(None, 'event storm "The sto')], 2)
    document = workspace.checked(path.as_uri())
    assert not document.snapshot.exact
    assert 'event storm "The storm"' in hover(document, 0, len("event st")).contents.value


FEATURES = [
    lambda document, line, character: completion(document, line, character),
    lambda document, line, character: hover(document, line, character),
    lambda document, line, character: definition(document, line, character),
    lambda document, line, character: references(document, line, character, True),
    lambda document, line, character: prepare_rename(document, line, character),
    lambda document, line, character: document_symbols(document),
    lambda document, line, character: formatting(document),
    lambda document, line, character: code_actions(
        document, types.Range(types.Position(line, 0), types.Position(line + 1, 0)), None
    ),
]
SYRIA = (ROOT / "cases" / "syria.cx").read_text(encoding="utf-8")


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(SYRIA)), st.integers(0, 40), st.text(max_size=6), st.integers(0, 700), st.integers(0, 90))
def test_every_answer_to_a_half_written_case_comes_without_an_exception(tmp_path_factory, cut, removed, typed, line,
                                                                         character):
    text = SYRIA[:cut] + typed + SYRIA[cut + removed :]
    workspace = Workspace()
    uri = (tmp_path_factory.getbasetemp() / "half.cx").as_uri()
    workspace.open(uri, text, 1)
    document = workspace.checked(uri)
    for feature in FEATURES:
        feature(document, line, character)
    try:
        rename(document, line, character, "renamed")
    except RenameRefused:
        pass


def test_every_answer_at_every_token_of_a_small_half_written_case_comes_without_an_exception(tmp_path):
    text = SMALL + 'link storm -> halt because\nevidence "x\nchain c: a ->\n'
    document, _ = opened(text, tmp_path)
    for token in scanning.scan(text):
        line, character = document.positions.position_of_offset(token.start)
        for feature in FEATURES:
            feature(document, line, character)


def test_statement_keywords_are_offered_where_a_statement_may_start(tmp_path):
    document, (line, character) = opened(SMALL + "\n|", tmp_path)
    kinds = {item.label: item.kind for item in completion(document, line, character).items}
    assert all(kinds[keyword] == types.CompletionItemKind.Keyword for keyword in ("case", "evidence", "set"))


def test_the_tool_causal_table_above_the_case_applies_and_is_read_again_at_each_check(tmp_path):
    table = tmp_path / "pyproject.toml"
    table.write_text('[tool.causal]\nignore = ["unused-declaration"]\n', encoding="utf-8")
    document, _ = opened('event a "A"\n', tmp_path)
    assert document.report.findings == check_file(str(tmp_path / "case.cx")).findings == ()
    table.write_text("[tool.causal]\n", encoding="utf-8")
    again, _ = opened('event a "A"\n', tmp_path)
    assert [finding.rule for finding in again.report.findings] == ["unused-declaration"]
