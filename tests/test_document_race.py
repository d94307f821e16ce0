"""A document's folder swapped for a symbolic link while the case is checked: the file outside is never read.

The check that a document lies inside the case's folder and the opening of it
are one walk from the opened folder, so no swap between the two can lead the
checker out of the folder (see `causal.inputs.files.Folder`).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from causal.inputs.files import BENEATH
from causal.model import case_model as model
from causal.pipeline import check_text

SECRET = "NIGHTJAR-7741"
INSIDE = "The pier cannot take the ferry until it is repaired."
OUTSIDE = f"The pier cannot take the {SECRET} ferry until it is repaired."

# On the code before the fix, with these, 500 checks read the file outside 2 to 29 times (in each of
# 10 runs), and 20 s of checks (16,855) 519 times.
PAUSE = 1e-4
SWITCH_INTERVAL = 1e-5

CASE = f"""
source council "Harbour council minutes" reliability B document "minutes/text.txt"
event halt "The ferry stops running"
evidence pier from council credibility 2 quote "{INSIDE}" supports halt
"""


@pytest.fixture
def swappable(tmp_path):
    """A case folder whose `minutes` folder can be swapped for a link to a folder outside holding the secret."""
    case_dir = tmp_path / "case"
    (case_dir / "minutes").mkdir(parents=True)
    (case_dir / "minutes" / "text.txt").write_text(INSIDE, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "text.txt").write_text(OUTSIDE, encoding="utf-8")
    try:
        (tmp_path / "probe").symlink_to(outside, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")
    return case_dir, outside


def _document(case_dir: Path) -> model.Document:
    return check_text(CASE, path=str(case_dir / "case.cx"), base_dir=case_dir).model.documents["council"]


def _before_opening(monkeypatch, name: str, change) -> None:
    """Make ``change`` happen once, just before ``name`` is opened: the race, at its worst moment."""
    original = os.open
    pending = [change]

    def opening(path, *args, **kwargs):
        if pending and os.path.basename(os.fsdecode(path)) == name:
            pending.pop()()
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", opening)


def _swap_for_link(folder: Path, target: Path) -> None:
    folder.rename(folder.with_name(folder.name + ".parked"))
    folder.symlink_to(target, target_is_directory=target.is_dir())


@pytest.mark.skipif(not BENEATH, reason="no openat with O_NOFOLLOW on this system")
def test_a_folder_swapped_for_a_link_after_its_check_and_before_its_opening_is_refused(swappable, monkeypatch):
    case_dir, outside = swappable
    _before_opening(monkeypatch, "minutes", lambda: _swap_for_link(case_dir / "minutes", outside))
    document = _document(case_dir)
    assert document.text is None
    assert "symbolic link" in document.unsafe


@pytest.mark.skipif(not BENEATH, reason="no openat with O_NOFOLLOW on this system")
def test_a_document_swapped_for_a_link_after_its_check_and_before_its_opening_is_refused(swappable, monkeypatch):
    case_dir, outside = swappable
    _before_opening(
        monkeypatch, "text.txt", lambda: _swap_for_link(case_dir / "minutes" / "text.txt", outside / "text.txt")
    )
    document = _document(case_dir)
    assert document.text is None
    assert "symbolic link" in document.unsafe


@pytest.mark.skipif(not BENEATH, reason="no openat with O_NOFOLLOW on this system")
def test_a_document_replaced_after_its_check_is_checked_again_and_the_new_one_read(swappable, monkeypatch):
    case_dir, _outside = swappable
    replacement = case_dir / "new.txt"
    replacement.write_text("A new text.", encoding="utf-8")
    _before_opening(monkeypatch, "text.txt", lambda: os.replace(replacement, case_dir / "minutes" / "text.txt"))
    assert _document(case_dir).text == "A new text."


def test_where_documents_are_opened_by_name_a_file_replaced_after_its_check_is_not_read(swappable, monkeypatch):
    case_dir, _outside = swappable
    monkeypatch.setattr(model, "BENEATH", False)
    replacement = case_dir / "new.txt"
    replacement.write_text("A new text.", encoding="utf-8")
    _before_opening(monkeypatch, "text.txt", lambda: os.replace(replacement, case_dir / "minutes" / "text.txt"))
    document = _document(case_dir)
    assert document.text is None
    assert "changed while it was being opened" in document.problem


class Swapper(threading.Thread):
    """Swaps ``case_dir/minutes`` for a symbolic link to ``outside`` and back, until stopped."""

    def __init__(self, case_dir: Path, outside: Path) -> None:
        super().__init__(daemon=True)
        self.folder = case_dir / "minutes"
        self.parked = case_dir / "minutes.parked"
        self.outside = outside
        self.stopping = threading.Event()
        self.swaps = 0

    def run(self) -> None:
        while not self.stopping.is_set():
            os.rename(self.folder, self.parked)
            os.symlink(self.outside, self.folder, target_is_directory=True)
            # A pause in each state lets checks start in both (the checker reads the folder, or is refused).
            time.sleep(PAUSE)
            os.unlink(self.folder)
            os.rename(self.parked, self.folder)
            self.swaps += 1
            time.sleep(PAUSE)

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def _race(case_dir: Path, outside: Path, seconds: float, most: int) -> tuple[int, int, int]:
    """Check the case repeatedly while the folder is swapped; (checks, leaks, checks that read the document)."""
    swapper = Swapper(case_dir, outside)
    checks = leaks = clean = 0
    switch = sys.getswitchinterval()
    # Short thread switches interleave the swaps with the checker's system calls more finely.
    sys.setswitchinterval(SWITCH_INTERVAL)
    swapper.start()
    deadline = time.monotonic() + seconds
    try:
        while checks < most and time.monotonic() < deadline:
            report = check_text(CASE, path=str(case_dir / "case.cx"), base_dir=case_dir)
            checks += 1
            text = report.model.documents["council"].text
            said = " ".join(f"{f.message} {f.help}" for f in report.findings)
            if SECRET in said or (text is not None and SECRET in text):
                leaks += 1
            if text == INSIDE:
                clean += 1
    finally:
        swapper.stop()
        sys.setswitchinterval(switch)
    assert swapper.swaps > 0
    return checks, leaks, clean


def _assert_never_read(checks: int, leaks: int, clean: int) -> None:
    assert leaks == 0, f"{leaks} of {checks} checks read the file outside the case's folder"
    # Both states were met: the swaps did happen during the checks, and the document was read between them.
    assert 0 < clean < checks, f"{clean} of {checks} checks read the document: the race was not run"


@pytest.mark.slow
@pytest.mark.skipif(not BENEATH, reason="no openat with O_NOFOLLOW on this system: the race is only narrowed")
def test_a_folder_swapped_for_a_link_outside_while_checking_never_leads_out(swappable):
    _assert_never_read(*_race(*swappable, seconds=2.0, most=500))


@pytest.mark.slow
@pytest.mark.skipif(not BENEATH, reason="no openat with O_NOFOLLOW on this system: the race is only narrowed")
def test_a_folder_swapped_for_a_link_outside_for_longer_never_leads_out(swappable):
    _assert_never_read(*_race(*swappable, seconds=10.0, most=10_000))
