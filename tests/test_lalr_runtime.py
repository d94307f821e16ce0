"""Parsing without Lark (causal.language.lalr_runtime): from the tables causal.language.parser writes out of Lark's
parser, a text gives the tree Lark gives, position for position, with the same problems; a syntax error is left to
Lark; and a check with a warm cache does not import Lark at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.language import lalr_runtime, parser
from causal.language.printer import format_case
from tests.strategies import case_files, commented_texts
from tests.test_parser_cache import CORPUS, cache_settings


@pytest.fixture(scope="module")
def lark_parser() -> parser._Parser:
    """Lark alone: the cache off, so no tables for the runtime are read."""
    with cache_settings("1", None):
        made = parser._Parser()
    assert made._runtime is None
    return made


@pytest.fixture(scope="module")
def runtime_parser(tmp_path_factory) -> parser._Parser:
    """A parser that reads the runtime's tables, written by one that built Lark's parser into an empty cache."""
    folder = tmp_path_factory.mktemp("cache")
    with cache_settings(None, folder):
        parser._Parser()
        made = parser._Parser()
    assert made._runtime is not None and made._lark is None
    return made


def everything(made: parser._Parser, text: str):
    """The tree with every field, spans and positions included (AST equality leaves them out), and the problems."""
    case, problems = made.parse(text)
    return (None if case is None else attrs.asdict(case)), problems


@pytest.mark.slow
def test_the_runtime_parses_every_case_and_mistake_as_lark_does(lark_parser, runtime_parser):
    for text in CORPUS:
        assert everything(runtime_parser, text) == everything(lark_parser, text)


def test_the_runtime_parses_every_whole_case_itself_and_leaves_each_syntax_error_to_lark(lark_parser, runtime_parser):
    parsed = refused = 0
    for text in CORPUS:
        case, _ = lark_parser.parse(text)
        runtime_parser._transformer.problems = []
        if case is None:
            with pytest.raises(lalr_runtime.NotParsed):
                runtime_parser._runtime.parse(text)
            refused += 1
        else:
            assert runtime_parser._runtime.parse(text) == case
            parsed += 1
    # The corpus holds both kinds, or this test would show nothing.
    assert parsed > 50 and refused > 50


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.one_of(case_files.map(format_case), commented_texts()))
def test_the_runtime_and_lark_agree_on_any_printed_case_with_any_comments(lark_parser, runtime_parser, text):
    assert everything(runtime_parser, text) == everything(lark_parser, text)


_pieces = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["->", ":", '"', "..", ",", "\n", "-", "#", "\\", "event", "link", "vs", "at", "2024-01", "1.5"]),
)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CORPUS), st.integers(min_value=0), st.lists(_pieces, max_size=4))
def test_the_runtime_and_lark_agree_on_any_edit_of_a_case(lark_parser, runtime_parser, text, cut, inserted):
    position = cut % (len(text) + 1)
    edited = text[:position] + "".join(inserted) + text[position:]
    assert everything(runtime_parser, edited) == everything(lark_parser, edited)


def test_tables_of_another_version_are_not_run(tmp_path, monkeypatch):
    monkeypatch.setenv(parser.parser_cache.DIRECTORY_VARIABLE, str(tmp_path))
    monkeypatch.delenv(parser.parser_cache.NO_CACHE_VARIABLE, raising=False)
    parser._Parser()
    key = parser._runtime_key(parser.grammar_text())
    tables = parser.parser_cache.load(key, parser.RUNTIME_CACHE_KIND)
    assert isinstance(tables, dict)
    parser.parser_cache.store(key, {**tables, "version": lalr_runtime.TABLES_VERSION + 1}, parser.RUNTIME_CACHE_KIND)
    made = parser._Parser()
    assert made._runtime is None and made._lark is not None


def test_the_tables_written_from_lark_read_from_the_cache_are_those_written_from_lark_built(tmp_path, monkeypatch):
    monkeypatch.setenv(parser.parser_cache.DIRECTORY_VARIABLE, str(tmp_path))
    monkeypatch.delenv(parser.parser_cache.NO_CACHE_VARIABLE, raising=False)
    parser._Parser()  # builds Lark's parser from the grammar and writes both files
    key = parser._runtime_key(parser.grammar_text())
    from_built = parser.parser_cache.load(key, parser.RUNTIME_CACHE_KIND)
    parser.parser_cache.cache_file(key, parser.RUNTIME_CACHE_KIND).unlink()
    made = parser._Parser()  # Lark's parser read from its cache; the runtime's tables written out of it
    assert made._lark is not None and made._runtime is None
    assert isinstance(from_built, dict) and parser.parser_cache.load(key, parser.RUNTIME_CACHE_KIND) == from_built


# --- what a check loads ----------------------------------------------------------------------

PROBE = """
import json, sys
from causal.cli.entry import main
sys.argv = ["causal", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _check(case_text: str, tmp_path, **variables: str) -> tuple[tuple[int, str], set[str]]:
    """`causal check` on the case: its exit status and output, and the modules it loaded."""
    path = tmp_path / "case.cx"
    path.write_text(case_text, encoding="utf-8")
    base = {key: value for key, value in os.environ.items() if not key.startswith("CAUSAL_")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "check", str(path)], capture_output=True, text=True,
        env={**base, **variables}, cwd=tmp_path,
    )
    return (done.returncode, done.stdout), set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("case_text", "has_syntax_error"),
    [('event a "A"\nevent b "B"\nlink a -> b kind enables\n', False), ('event a "A"\nlink a -> kind enables\n', True)],
    ids=["parses", "syntax error"],
)
def test_a_check_with_a_warm_cache_loads_lark_only_for_a_syntax_error(tmp_path, case_text, has_syntax_error):
    folder = tmp_path / "cache"
    without, _ = _check(case_text, tmp_path, CAUSAL_NO_CACHE="1")
    _check(case_text, tmp_path, CAUSAL_CACHE_DIR=str(folder))  # writes the cache
    warm, loaded = _check(case_text, tmp_path, CAUSAL_CACHE_DIR=str(folder))
    assert warm == without
    assert ("syntax-error" in warm[1]) == has_syntax_error
    assert ("lark" in loaded) == has_syntax_error
