"""unsafe-path: a document reached through a symbolic link pointing outside the case's folder is never read."""

from __future__ import annotations

import builtins
import io
import os
import pathlib

import pytest

from causal.inputs.files import BENEATH
from causal.model import case_model as model
from causal.pipeline import check_text

SECRET = "the secret words outside the case"


@pytest.fixture(
    autouse=True,
    params=[
        pytest.param(True, id="walked", marks=pytest.mark.skipif(not BENEATH, reason="no openat with O_NOFOLLOW")),
        pytest.param(False, id="by-name"),
    ],
)
def walk(request, monkeypatch):
    """Every test runs with documents walked from the opened folder, and with the fallback that opens them by name."""
    monkeypatch.setattr(model, "BENEATH", request.param)
    return request.param


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


def _path_of(descriptor: int) -> pathlib.Path | None:
    """The path of what ``descriptor`` has open, where the system tells it (Linux, macOS)."""
    try:
        if os.path.isdir("/proc/self/fd"):
            return pathlib.Path(os.readlink(f"/proc/self/fd/{descriptor}"))
        import fcntl

        if hasattr(fcntl, "F_GETPATH"):
            return pathlib.Path(os.fsdecode(fcntl.fcntl(descriptor, fcntl.F_GETPATH, bytes(1024)).rstrip(b"\0")))
    except OSError:
        pass
    return None


@pytest.fixture
def opened(monkeypatch):
    """Every path opened, or asked to be opened, while the test runs, resolved.

    A name opened relative to a folder descriptor (``dir_fd``) is taken relative
    to that folder, and what an open returns is recorded by the path of its
    descriptor as well, so the record holds what was really opened.
    """
    paths: list[pathlib.Path] = []

    def recording(original):
        def wrapper(file, *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)):
                folder = _path_of(kwargs["dir_fd"]) if kwargs.get("dir_fd") is not None else None
                name = pathlib.Path(os.fsdecode(file))
                paths.append((folder / name if folder is not None else name).resolve())
            result = original(file, *args, **kwargs)
            descriptor = result if isinstance(result, int) else getattr(result, "fileno", lambda: None)()
            if descriptor is not None and (really := _path_of(descriptor)) is not None:
                paths.append(really)
            return result

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


def _document(case_dir, path):
    report = check_text(f'source s "S" reliability B document "{path}"\n', path="case.cx", base_dir=case_dir)
    return report.model.documents["s"]


def test_a_relative_link_that_goes_up_but_stays_inside_is_read(layout):
    case_dir, _secret = layout
    (case_dir / "sub").mkdir()
    (case_dir / "sub" / "up.txt").symlink_to("../inside.txt")
    assert _document(case_dir, "sub/up.txt").text == SECRET


def test_a_relative_link_that_goes_up_out_of_the_folder_is_refused(layout, opened):
    case_dir, secret = layout
    (case_dir / "out.txt").symlink_to("../outside/secret.txt")
    document = _document(case_dir, "out.txt")
    assert document.text is None and "symbolic link" in document.unsafe
    assert secret.resolve() not in opened


def test_an_absolute_link_to_the_folder_itself_and_down_again_is_read(layout):
    case_dir, _secret = layout
    (case_dir / "self").symlink_to(case_dir, target_is_directory=True)
    assert _document(case_dir, "self/self/inside.txt").text == SECRET


def test_links_in_a_loop_are_unreadable_not_a_hang(layout):
    case_dir, _secret = layout
    (case_dir / "a.txt").symlink_to("b.txt")
    (case_dir / "b.txt").symlink_to("a.txt")
    document = _document(case_dir, "a.txt")
    assert document.text is None and document.unsafe is None
    assert "a.txt cannot be read" in document.problem


@pytest.mark.parametrize(
    "path, problem",
    [
        ("missing.txt", "missing.txt does not exist"),
        ("inside.txt/more.txt", "inside.txt/more.txt cannot be read"),
        ("linked_dir", "symbolic link"),  # a link to a folder outside: refused before anything else
        (".", ". is a folder"),
        ("folder", "folder is a folder"),
    ],
)
def test_paths_that_lead_nowhere_readable_say_why(layout, path, problem):
    case_dir, _secret = layout
    (case_dir / "folder").mkdir()
    document = _document(case_dir, path)
    assert document.text is None
    assert problem in (document.problem or document.unsafe)
