"""The API's examples (docs/api.md, the README's tour) run, and its types serve a type checker: mypy --strict
accepts the examples and rejects a wrong use of the API (the package ships py.typed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.S)
EXAMPLES = [
    block for page in ("docs/api.md", "README.md") for block in PYTHON_BLOCK.findall((ROOT / page).read_text("utf-8"))
]

# Each line is a mistake mypy must name, with the error code it must give.
WRONG_USE = """\
import causal

report = causal.check("cases/syria.cx")
line: str = report.findings[0].line  # assignment
causal.check("cases/syria.cx", fail_on="fatal")  # arg-type
causal.check("cases/syria.cx", "preferred")  # call-arg
report.verdict  # attr-defined
causal.chek("cases/syria.cx")  # attr-defined
confidence: float = report.items[0].confidence  # assignment
"""


def test_the_docs_have_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("number", range(len(EXAMPLES)))
def test_each_example_of_the_api_docs_runs(number, monkeypatch):
    monkeypatch.chdir(ROOT)
    exec(compile(EXAMPLES[number], f"example {number + 1}", "exec"), {})


def mypy(tmp_path, source: str) -> list[str]:
    """mypy --strict's error lines for ``source``, the package found in this repository (an editable install's
    import hook is invisible to mypy), its own errors silenced: only the use of the API is checked."""
    pytest.importorskip("mypy", reason="mypy is not installed (the test extra installs it)")
    program = tmp_path / "program.py"
    program.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental"]
        + ["--cache-dir", os.devnull, "--no-error-summary", "--show-error-codes", program.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(ROOT)},
    )
    assert done.returncode in (0, 1), done.stderr
    return [line for line in done.stdout.splitlines() if ": error: " in line]


@pytest.mark.slow
def test_mypy_accepts_the_examples_of_the_api_docs(tmp_path):
    assert mypy(tmp_path, "\n".join(EXAMPLES)) == []


@pytest.mark.slow
def test_mypy_names_each_wrong_use_of_the_api(tmp_path):
    expected = {
        (number, line.rpartition("# ")[2])
        for number, line in enumerate(WRONG_USE.splitlines(), start=1)
        if "  # " in line
    }
    errors = mypy(tmp_path, WRONG_USE)
    found = {(int(line.split(":")[1]), line.rpartition("[")[2].rstrip("]")) for line in errors}
    assert found == expected, "\n".join(errors)
