"""The parser's tables cached between runs (causal.language.parser_cache): a parser read from the cache parses as the
one built from the grammar does, and a cache that is stale, damaged, foreign or unwritable is never used: the parser
is built from the grammar instead, and nothing the user sees changes."""

from __future__ import annotations

import hashlib
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark

from causal.language import parser, parser_cache
from causal.language.syntax_errors import MISTAKES
from tests.conftest import ROOT, TESTS

CORPUS_FILES = sorted(
    path for folder in (TESTS / "data", ROOT / "cases", ROOT / "docs" / "examples") for path in folder.rglob("*.cx")
)


def _corpus() -> list[str]:
    texts = []
    for path in CORPUS_FILES:
        text = path.read_text(encoding="utf-8", errors="replace")
        # Whole, and cut short: the cuts end in the middle of statements, so syntax errors of every kind are parsed.
        texts += [text, text[: len(text) // 2], text[: len(text) // 3]]
    return texts + [example for examples in MISTAKES.values() for example in examples]


CORPUS = _corpus()


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of the test's own, used by every parser the test makes."""
    folder = tmp_path / "cache"
    monkeypatch.delenv(parser_cache.NO_CACHE_VARIABLE, raising=False)
    monkeypatch.setenv(parser_cache.DIRECTORY_VARIABLE, str(folder))
    return folder


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """Records each time Lark builds a parser from a grammar (a parser read from the cache is not built)."""
    built: list[str] = []
    build = Lark.__init__

    def recording(self, grammar, **options):
        built.append(grammar)
        build(self, grammar, **options)

    monkeypatch.setattr(Lark, "__init__", recording)
    return built


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("parser-*.marshal")) if folder.is_dir() else []


def _results(made: parser._Parser, texts: list[str]) -> list:
    """What the parser makes of each text: the AST (equal when it says the same), every statement's span (which AST
    equality leaves out), and the problems with their spans, messages and hints."""
    results = []
    for text in texts:
        case, problems = made.parse(text)
        spans = None if case is None else [statement.span for statement in case.statements]
        results.append((case, spans, problems))
    return results


@contextmanager
def cache_settings(no_cache: str | None, directory: Path | None) -> Iterator[None]:
    """The cache's two variables set (or unset, for None) while the block runs; for fixtures and properties, where
    pytest's monkeypatch cannot go."""
    wanted = {parser_cache.NO_CACHE_VARIABLE: no_cache, parser_cache.DIRECTORY_VARIABLE: directory}
    saved = {name: os.environ.get(name) for name in wanted}
    try:
        for name, value in wanted.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = str(value)
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def built_parser() -> parser._Parser:
    with cache_settings("1", None):
        return parser._Parser()


@pytest.fixture(scope="module")
def cache_file_made(tmp_path_factory) -> Path:
    """The cache file that a parser writes, made once for the tests that damage a copy of it."""
    folder = tmp_path_factory.mktemp("cache")
    with cache_settings(None, folder):
        parser._Parser()
    (path,) = _cache_files(folder)
    return path


@pytest.fixture(scope="module")
def cached_parser(cache_file_made) -> parser._Parser:
    """A parser read back from tables that another parser cached."""
    with cache_settings(None, cache_file_made.parent):
        return parser._Parser()


# --- the cache is used, and changes nothing ---------------------------------------------------


def test_the_first_parser_caches_its_tables_and_the_next_reads_them_without_building(cache_folder, builds):
    parser._Parser()
    assert len(builds) == 1 and len(_cache_files(cache_folder)) == 1
    parser._Parser()
    assert len(builds) == 1


@pytest.mark.slow
def test_a_parser_read_from_the_cache_parses_every_case_and_mistake_as_the_built_one(built_parser, cached_parser):
    assert _results(cached_parser, CORPUS) == _results(built_parser, CORPUS)


_pieces = st.one_of(st.text(max_size=30), st.sampled_from(["->", ":", '"', "..", ",", "\n", "event", "link", "vs"]))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(CORPUS), st.integers(min_value=0), st.lists(_pieces, max_size=4))
def test_a_cached_parser_and_a_built_one_agree_on_any_edit_of_a_case(built_parser, cached_parser, text, cut, inserted):
    position = cut % (len(text) + 1)
    edited = text[:position] + "".join(inserted) + text[position:]
    assert _results(cached_parser, [edited]) == _results(built_parser, [edited])


# --- whatever is wrong with the cache, the parser is built from the grammar -------------------


def _valid_file(folder: Path, made: Path) -> Path:
    """A copy of a good cache file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / made.name
    path.write_bytes(made.read_bytes())
    return path


def _damage_payload(blob: bytes) -> bytes:
    position = len(blob) - 100  # inside the tables, past the header
    return blob[:position] + bytes([blob[position] ^ 0x01]) + blob[position + 1 :]


def _rewrite_payload(blob: bytes, payload: bytes) -> bytes:
    """The file's header with another payload and that payload's own digest: a well-formed file holding ``payload``."""
    magic, key, _digest, _rest = blob.split(b"\n", 3)
    return b"\n".join([magic, key, hashlib.sha256(payload).hexdigest().encode("ascii"), payload])


DAMAGE = {
    "empty": lambda blob: b"",
    "not ours": lambda blob: b"\x00\xff garbage" * 100,
    "cut short": lambda blob: blob[: len(blob) // 2],
    "one bit flipped": _damage_payload,
    "another key": lambda blob: blob.replace(blob.split(b"\n")[1], b"0" * 64, 1),
    "not marshal data": lambda blob: _rewrite_payload(blob, b"\xffnot marshal data"),
    "tables of another shape": lambda blob: _rewrite_payload(blob, marshal.dumps({"data": {}, "memo": {}})),
    "not a dict": lambda blob: _rewrite_payload(blob, marshal.dumps([1, 2, 3])),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_cache_file_is_not_used_but_built_anew_and_replaced(cache_folder, builds, cache_file_made, damage):
    path = _valid_file(cache_folder, cache_file_made)
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    parser._Parser()
    assert len(builds) == 1
    parser._Parser()  # reads the file written in place of the damaged one
    assert len(builds) == 1 and _cache_files(cache_folder) == [path]


def test_a_parser_built_after_lark_failed_to_read_the_cache_parses_as_the_built_one(
    cache_folder, builds, cache_file_made, built_parser
):
    path = _valid_file(cache_folder, cache_file_made)
    path.write_bytes(DAMAGE["tables of another shape"](path.read_bytes()))  # passes every check but Lark's
    made = parser._Parser()
    assert len(builds) == 1
    assert _results(made, CORPUS[::4]) == _results(built_parser, CORPUS[::4])


def test_a_changed_grammar_does_not_read_the_tables_of_the_old_one(cache_folder, builds, cache_file_made, monkeypatch):
    old = _valid_file(cache_folder, cache_file_made)
    changed = parser.grammar_text() + "\n// a comment: another grammar text, the same language\n"
    monkeypatch.setattr(parser, "grammar_text", lambda: changed)
    parser._Parser()
    assert builds == [changed]
    assert old in _cache_files(cache_folder) and len(_cache_files(cache_folder)) == 2


def test_a_cache_file_of_another_user_is_not_read(cache_folder, builds, cache_file_made, monkeypatch):
    if not hasattr(os, "getuid"):
        pytest.skip("no users on this system")
    _valid_file(cache_folder, cache_file_made)
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    parser._Parser()
    assert len(builds) == 1


def test_a_cache_folder_that_cannot_be_made_leaves_parsing_unchanged(tmp_path, monkeypatch, builds):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.delenv(parser_cache.NO_CACHE_VARIABLE, raising=False)
    monkeypatch.setenv(parser_cache.DIRECTORY_VARIABLE, str(blocker / "cache"))
    parser._Parser()
    parser._Parser()
    assert len(builds) == 2
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="permissions do not bind root")
def test_a_read_only_cache_folder_leaves_parsing_unchanged(cache_folder, builds):
    cache_folder.mkdir(mode=0o500)
    try:
        parser._Parser()
        parser._Parser()
        assert len(builds) == 2 and _cache_files(cache_folder) == []
    finally:
        cache_folder.chmod(0o700)


def test_causal_no_cache_neither_reads_nor_writes_the_cache(cache_folder, builds, cache_file_made, monkeypatch):
    path = _valid_file(cache_folder, cache_file_made)
    before = path.stat()
    monkeypatch.setenv(parser_cache.NO_CACHE_VARIABLE, "1")
    parser._Parser()
    assert len(builds) == 1
    assert _cache_files(cache_folder) == [path] and path.stat().st_mtime_ns == before.st_mtime_ns


def test_writing_leaves_no_temporary_file_behind(cache_folder):
    assert parser_cache.store("0" * 64, {"tables": [1, 2, 3]})
    assert parser_cache.load("0" * 64) == {"tables": [1, 2, 3]}
    assert [path.name for path in cache_folder.iterdir()] == [parser_cache.cache_file("0" * 64).name]


def test_what_marshal_cannot_write_is_not_stored(cache_folder):
    assert not parser_cache.store("0" * 64, {"a transformer": object()})
    assert not cache_folder.exists() or list(cache_folder.iterdir()) == []


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_no_changed_or_cut_cache_file_is_ever_trusted(tmp_path_factory, data):
    with cache_settings(None, tmp_path_factory.mktemp("cache")):
        key = "ab" * 32
        assert parser_cache.store(key, {"data": ["tables", 1, 2.5, None], "memo": {1: "x"}})
        path = parser_cache.cache_file(key)
        blob = path.read_bytes()
        if data.draw(st.booleans(), label="cut"):
            changed = blob[: data.draw(st.integers(min_value=0, max_value=len(blob) - 1), label="length")]
        else:
            position = data.draw(st.integers(min_value=0, max_value=len(blob) - 1), label="position")
            byte = data.draw(st.integers(min_value=0, max_value=255).filter(lambda b: b != blob[position]))
            changed = blob[:position] + bytes([byte]) + blob[position + 1 :]
        path.write_bytes(changed)
        assert parser_cache.load(key) is None


# --- where the cache lives --------------------------------------------------------------------


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG folders are for Linux and other Unixes")
def test_the_cache_lives_in_the_xdg_cache_folder_unless_causal_cache_dir_says_otherwise(tmp_path, monkeypatch):
    for name in (parser_cache.NO_CACHE_VARIABLE, parser_cache.DIRECTORY_VARIABLE, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert parser_cache.cache_directory() == tmp_path / "home" / ".cache" / "causal"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert parser_cache.cache_directory() == tmp_path / "home" / ".cache" / "causal"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert parser_cache.cache_directory() == tmp_path / "xdg" / "causal"
    monkeypatch.setenv(parser_cache.DIRECTORY_VARIABLE, str(tmp_path / "mine"))
    assert parser_cache.cache_directory() == tmp_path / "mine"
    monkeypatch.setenv(parser_cache.NO_CACHE_VARIABLE, "1")
    assert parser_cache.cache_directory() is None


# --- end to end -------------------------------------------------------------------------------


@pytest.mark.slow
def test_causal_check_reports_the_same_with_a_damaged_cache_as_without_one(tmp_path):
    case = ROOT / "docs" / "examples" / "bridge.cx"
    folder = tmp_path / "cache"
    base = {key: value for key, value in os.environ.items() if not key.startswith("CAUSAL_")}

    def check(**variables: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "causal", "check", str(case)], capture_output=True, text=True,
            env={**base, **variables}, cwd=tmp_path,
        )

    without = check(CAUSAL_NO_CACHE="1")
    assert check(CAUSAL_CACHE_DIR=str(folder)).stdout == without.stdout  # builds and writes the cache
    (path,) = _cache_files(folder)
    path.write_bytes(_damage_payload(path.read_bytes()))
    damaged = check(CAUSAL_CACHE_DIR=str(folder))
    warm = check(CAUSAL_CACHE_DIR=str(folder))
    for run in (damaged, warm):
        assert (run.returncode, run.stdout, run.stderr) == (without.returncode, without.stdout, without.stderr)
