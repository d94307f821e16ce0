"""The README's tour shows real output: each `$ causal ...` in a console block is run and compared.

The tour's example files are docs/examples/; `cases/` is the repository's.
A line `...` in the README stands for output left out: the parts around it
must appear, in order.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

CONSOLE_BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def _commands() -> list[tuple[tuple[str, ...], str, str]]:
    """(shell steps before it, command, expected output) for every `$ causal` line of the README.

    Other `$` lines (writing a file with printf, say) are the setup of the
    `causal` commands after them in the same block.
    """
    found = []
    for block in CONSOLE_BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        setup: list[str] = []
        command, output = None, []
        for line in [*block.splitlines(), "$ "]:
            if not line.startswith("$ "):
                output.append(line)
                continue
            if command is not None and command.startswith("causal "):
                found.append((tuple(setup), command, "\n".join(output)))
            elif command is not None:
                setup.append(command)
            command, output = line[2:], []
    return found


COMMANDS = _commands()


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tour")
    for example in (ROOT / "docs" / "examples").iterdir():
        shutil.copy(example, folder / example.name)
    os.symlink(ROOT / "cases", folder / "cases")
    return folder


def _run(command: str, folder) -> str:
    words = shlex.split(command)
    result = subprocess.run(
        [sys.executable, "-m", "causal", *words[1:]],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )
    return result.stdout.rstrip("\n")


def test_the_readme_has_a_tour():
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize(("setup", "command", "expected"), COMMANDS, ids=[command for _, command, _ in COMMANDS])
def test_each_tour_command_prints_what_the_readme_shows(tour, setup, command, expected):
    for step in setup:
        subprocess.run(step, shell=True, cwd=tour, check=True)
    actual = _run(command, tour)
    pieces = [piece.strip("\n") for piece in re.split(r"^\.\.\.$", expected, flags=re.M)]
    position = 0
    for piece in pieces:
        if not piece:
            continue
        found = actual.find(piece, position)
        assert found >= 0, f"README shows, for `{command}`:\n{piece}\n\nbut it prints:\n{actual}"
        position = found + len(piece)
    if len(pieces) == 1:
        assert actual == expected.rstrip("\n")
