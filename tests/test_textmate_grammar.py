"""The TextMate grammar of the VS Code extension (editors/vscode/syntaxes/cx.tmLanguage.json), run by a TextMate
engine: textmate-grammar-python, a Python port of vscode-textmate on the same Oniguruma regular expressions.

The scope tests are tests/data/highlight/*.cx, in vscode-tmgrammar-test's format, so the same files also run on
VS Code's own engine (`npm run test:grammar` in editors/vscode; the last test here runs it when it is installed).
The two engines give the same scopes on every example case. One difference is known: the Python engine lets any
Unicode space stand before a token, where vscode-textmate marks a no-break space invalid, as causal rejects it; the
syntax test keeps its no-break space alone on a line, where both mark it.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings

from causal.language.printer import format_case
from tests.conftest import ROOT
from tests.highlighting import (
    SCOPE_NAME,
    SYNTAX_TESTS,
    TEXTMATE_GRAMMAR,
    VSCODE,
    example_files,
    grammar_words,
    has_in_order,
    parses,
    pygments_categories,
    read_syntax_test,
    split_lines,
    textmate_category,
    textmate_grammar,
    textmate_lines,
)
from tests.strategies import case_files

EXAMPLES = example_files()
SYNTAX_TEST_FILES = sorted(SYNTAX_TESTS.glob("*.cx"))
STATEMENT_SCOPE = "keyword.control.statement.cx"
CLAUSE_SCOPE = "keyword.other.clause.cx"


def _example_id(path):
    return str(path.relative_to(ROOT))


def _alternatives(repository_key: str) -> set[str]:
    """The words of a keyword pattern, `(?:case|source|...)` followed by the end of a word."""
    match = re.fullmatch(r"\(\?:([\w|-]+)\)(.*)", textmate_grammar()["repository"][repository_key]["match"])
    assert match, f"the {repository_key} pattern is no longer (?:word|word...): update this test"
    return set(match.group(1).split("|"))


def _grammar_scopes() -> set[str]:
    """Every scope the grammar can give: the names in its patterns and captures."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "name" and isinstance(value, str):
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(textmate_grammar())
    return found


def _scopes_of_word(word: str) -> tuple[str, ...]:
    [line] = textmate_lines(word)
    assert len(set(line)) == 1, f"{word!r} is split into several tokens: {line}"
    return line[0]


# --- the grammar file -------------------------------------------------------------


def test_the_grammar_names_its_scope_and_file_type():
    grammar = textmate_grammar()
    assert grammar["scopeName"] == SCOPE_NAME
    assert grammar["fileTypes"] == ["cx"]


def test_every_include_names_a_pattern_of_the_repository():
    grammar = textmate_grammar()
    includes = re.findall(r'"include":\s*"#([^"]+)"', TEXTMATE_GRAMMAR.read_text(encoding="utf-8"))
    assert includes
    assert set(includes) <= set(grammar["repository"])


# --- keywords: the grammar of causal is the reference --------------------------------


def test_the_keyword_patterns_list_exactly_the_grammar_keywords():
    words = grammar_words()
    assert _alternatives("statement-keywords") == words.statement_keywords
    assert _alternatives("clause-keywords") == words.clause_keywords


@pytest.mark.parametrize("keyword", sorted(grammar_words().statement_keywords))
def test_a_statement_keyword_gets_the_statement_scope(keyword):
    assert _scopes_of_word(keyword) == (SCOPE_NAME, STATEMENT_SCOPE)


@pytest.mark.parametrize("keyword", sorted(grammar_words().clause_keywords))
def test_a_clause_keyword_gets_the_clause_scope(keyword):
    assert _scopes_of_word(keyword) == (SCOPE_NAME, CLAUSE_SCOPE)


@pytest.mark.parametrize("keyword", sorted(grammar_words().statement_keywords | grammar_words().clause_keywords))
def test_a_name_that_begins_with_a_keyword_is_a_name(keyword):
    for name in (f"{keyword}_x", f"{keyword}-x", f"{keyword}2"):
        assert _scopes_of_word(name) == (SCOPE_NAME, "variable.other.cx")


@pytest.mark.parametrize("symbol", sorted(grammar_words().symbols))
def test_a_symbol_of_the_grammar_is_an_operator_or_punctuation(symbol):
    scope = _scopes_of_word(symbol)[-1]
    assert scope.startswith(("keyword.operator.", "punctuation.separator."))


# --- scope tests ------------------------------------------------------------------


def test_there_are_syntax_tests():
    assert [path.name for path in SYNTAX_TEST_FILES] == ["invalid.cx", "scopes.cx"]


@pytest.mark.parametrize("path", SYNTAX_TEST_FILES, ids=lambda path: path.name)
def test_scopes_are_as_the_file_asserts(path):
    test = read_syntax_test(path.read_text(encoding="utf-8"))
    assert test.scope_name == SCOPE_NAME
    assert test.assertions
    lines = textmate_lines(test.source)
    failures = []
    for assertion in test.assertions:
        line = lines[assertion.source_line]
        if assertion.end > len(line):
            failures.append(f"line {assertion.test_line}: the assertion reaches past the end of its line")
            continue
        for column in range(assertion.start, assertion.end):
            scopes = line[column]
            missing = not has_in_order(scopes, assertion.required)
            unexpected = set(assertion.excluded) & set(scopes)
            if missing or unexpected:
                failures.append(f"line {assertion.test_line}, column {column}: {' '.join(scopes)}")
                break
    assert failures == []


@pytest.mark.parametrize("path", SYNTAX_TEST_FILES, ids=lambda path: path.name)
def test_every_scope_a_test_names_is_one_the_grammar_gives(path):
    # An assertion that a scope is absent holds for a misspelt scope too, and so would never fail.
    known = _grammar_scopes() | {SCOPE_NAME}
    test = read_syntax_test(path.read_text(encoding="utf-8"))
    named = {scope for assertion in test.assertions for scope in assertion.required + assertion.excluded}
    assert named - known == set()


def test_a_syntax_test_assertion_is_read_like_vscode_tmgrammar_test():
    test = read_syntax_test('# SYNTAX TEST "source.cx"\nset x 1\n# <--- a.cx\n#     ^ b.cx c.cx - d.cx\nevent e\n')
    assert test.source == "set x 1\nevent e\n"
    [left, up] = test.assertions
    assert (left.source_line, left.start, left.end, left.required) == (0, 0, 3, ("a.cx",))
    assert (up.source_line, up.start, up.end, up.required, up.excluded) == (0, 6, 7, ("b.cx", "c.cx"), ("d.cx",))


def test_a_scope_test_can_fail():
    test = read_syntax_test('# SYNTAX TEST "source.cx"\nset x 1\n# <--- keyword.other.clause.cx\n')
    [assertion] = test.assertions
    scopes = textmate_lines(test.source)[0][assertion.start]
    assert not has_in_order(scopes, assertion.required)


# --- every example: the two highlighters agree --------------------------------------


def _disagreements(text: str) -> list[str]:
    """Where the two highlighters put a character in different categories, as `line:column 'c': textmate / pygments`."""
    pygments = pygments_categories(text)
    disagreements = []
    offset = 0
    for number, ((line, ending), scopes) in enumerate(zip(split_lines(text), textmate_lines(text)), start=1):
        for column, character in enumerate(line):
            textmate = textmate_category(scopes[column])
            if textmate != pygments[offset + column]:
                disagreements.append(f"{number}:{column + 1} {character!r}: {textmate} / {pygments[offset + column]}")
        offset += len(line) + len(ending)
    return disagreements


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=_example_id)
def test_the_textmate_grammar_and_the_pygments_lexer_agree(path):
    """Character by character: keywords, strings, names, numbers, operators, comments and errors."""
    assert _disagreements(path.read_text(encoding="utf-8"))[:10] == []


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(case_files)
def test_the_highlighters_agree_on_any_printed_case(case):
    assert _disagreements(format_case(case))[:10] == []


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=_example_id)
def test_a_file_that_parses_has_no_invalid_or_unscoped_text(path):
    text = path.read_text(encoding="utf-8")
    if not parses(text):
        pytest.skip("a deliberate syntax error")
    problems = []
    for number, ((line, _), scopes) in enumerate(zip(split_lines(text), textmate_lines(text)), start=1):
        for column, character in enumerate(line):
            if any(scope.startswith("invalid.illegal.character.") for scope in scopes[column]):
                problems.append(f"{number}:{column + 1} {character!r} is marked invalid")
            elif scopes[column] == (SCOPE_NAME,) and character not in " \t\f":
                problems.append(f"{number}:{column + 1} {character!r} is matched by no pattern")
    assert problems == []


# --- VS Code's own engine, when it is installed -----------------------------------------


def test_the_syntax_tests_pass_on_vscode_textmate():
    runner = VSCODE / "node_modules" / ".bin" / "vscode-tmgrammar-test"
    if not runner.exists() or shutil.which("node") is None:
        pytest.skip(
            "vscode-tmgrammar-test is not installed: `npm install` in editors/vscode runs these on VS Code's engine"
        )
    result = subprocess.run(
        [str(runner), "--grammar", str(TEXTMATE_GRAMMAR), *map(str, SYNTAX_TEST_FILES)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
