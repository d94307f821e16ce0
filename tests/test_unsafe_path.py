"""unsafe-path: a document reached through a symbolic link pointing outside the case's folder is never read."""

from __future__ import annotations

import builtins
import io
import os
import pathlib

import pytest

from causal.checker import check_text

SECRET = "the secret words outside the case"


@pytest.fixture
def layout(tmp_path):
    """A case folder with links out of it, and a secret file beside the folder."""
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (case_dir / "inside.txt").write_text(SECRET, encoding="utf-8")
    try:
        (case_dir / "link.txt").symlink_to(secret)
        (case_dir / "linked_dir").symlink_to(outside, target_is_directory=True)
        (case_dir / "inner_link.txt").symlink_to(case_dir / "inside.txt")
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")
    return case_dir, secret


@pytest.fixture
def opened(monkeypatch):
    """Every path opened while the test runs, resolved."""
    paths: list[pathlib.Path] = []

    def recording(original):
        def wrapper(file, *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)):
                paths.append(pathlib.Path(os.fsdecode(file)).resolve())
            return original(file, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "open", recording(builtins.open))
    monkeypatch.setattr(io, "open", recording(io.open))
    monkeypatch.setattr(os, "open", recording(os.open))
    original_path_open = pathlib.Path.open

    def path_open(self, *args, **kwargs):
        paths.append(self.resolve())
        return original_path_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", path_open)
    return paths


CASE = """
source linked "Through a link to a file" reliability B document "link.txt"
source in_dir "Through a link to a folder" reliability B document "linked_dir/secret.txt"
claim rift "Moscow and Tehran fall out"
evidence e1 from linked credibility 2 quote "{secret}" supports rift
evidence e2 from in_dir credibility 2 quote "not what it says" supports rift
""".format(secret=SECRET)


def test_a_symlink_pointing_outside_is_refused_and_the_file_behind_it_is_never_opened(layout, opened):
    case_dir, secret = layout
    report = check_text(CASE, path=str(case_dir / "case.cx"), base_dir=case_dir)
    refused = [f for f in report.findings if f.rule == "unsafe-path"]
    assert [f.subject.names for f in refused] == [("linked",), ("in_dir",)]
    assert all("symbolic link" in f.message for f in refused)
    assert secret.resolve() not in opened
    # The refused documents' quotes are neither checked nor called unverifiable.
    assert not {"quote-not-found", "unverifiable-quote", "document-unreadable"} & {f.rule for f in report.findings}
    assert all(document.text is None for document in report.model.documents.values())


def test_a_symlink_that_stays_inside_the_folder_is_read(layout, opened):
    case_dir, secret = layout
    case = f"""
    source linked "Through a link inside" reliability B document "inner_link.txt"
    claim rift "Moscow and Tehran fall out"
    evidence e1 from linked credibility 2 quote "{SECRET}" supports rift
    evidence e2 from linked credibility 2 quote "words that are not there" supports rift
    """
    report = check_text(case, path=str(case_dir / "case.cx"), base_dir=case_dir)
    assert "unsafe-path" not in {f.rule for f in report.findings}
    assert [f.subject.names for f in report.findings if f.rule == "quote-not-found"] == [("e2",)]
    assert (case_dir / "inside.txt").resolve() in opened
    assert secret.resolve() not in opened


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside/secret.txt", "sub/../../outside/secret.txt", "~/secret.txt"])
def test_paths_written_to_leave_the_folder_are_refused_before_anything_is_opened(layout, opened, path):
    case_dir, secret = layout
    case = f'source s "S" reliability B document "{path}"\n'
    report = check_text(case, path=str(case_dir / "case.cx"), base_dir=case_dir)
    assert "unsafe-path" in {f.rule for f in report.findings}
    # (The grammar may be loaded during the call; nothing near the case, nor the named file, is opened.)
    root = case_dir.parent.resolve()
    assert not [p for p in opened if p == root or root in p.parents or p == pathlib.Path("/etc/passwd")]
