"""What each small command loads: `causal --version` no checker, `causal rules` no parser, and `causal check` on a case
without hypotheses, documents or settings none of the code for them (bench/startup.py measures the time; this checks
the modules, which do not depend on how busy the machine is)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SMALL_CASE = 'event a "A"\nevent b "B"\nlink a -> b kind enables\n'

# Run as the console script runs: the modules loaded once the command has finished, printed as JSON on stderr's
# last line (stdout is the command's own).
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


def loaded_by(*arguments: str, cwd) -> set[str]:
    environment = {**os.environ, "CAUSAL_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True, env=environment, cwd=cwd
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


CHECKER = {"lark", "causal.language.parser", "causal.pipeline", "causal.model.case_model", "causal.rules.registry"}
RENDERERS = {"causal.report.dot", "causal.report.mermaid", "causal.report.svg", "causal.report.tree"}
CASE_EXTRAS = {
    "causal.analysis.ach",  # hypotheses
    "causal.analysis.explain",  # `causal explain`
    "causal.report.ach_json",
    "tomllib",  # a pyproject.toml above the case
    "difflib",  # an unknown name or a quote not found
    "ahocorasick",  # a document to search
    "subprocess",  # Graphviz
}


def test_causal_version_loads_no_checker_and_no_renderer(tmp_path):
    loaded = loaded_by("--version", cwd=tmp_path)
    assert "click" in loaded
    assert not loaded & (CHECKER | RENDERERS | {"causal.language.ast"})


def test_causal_rules_loads_no_parser_and_no_renderer(tmp_path):
    loaded = loaded_by("rules", cwd=tmp_path)
    assert "causal.rules.registry" in loaded
    assert not loaded & ({"lark", "causal.language.parser", "causal.pipeline"} | RENDERERS)


@pytest.mark.parametrize("case", ["small", "bridge"])
def test_causal_check_loads_nothing_the_case_does_not_need(tmp_path, case):
    if case == "small":
        path = tmp_path / "small.cx"
        path.write_text(SMALL_CASE, encoding="utf-8")
        extras = CASE_EXTRAS
    else:
        path = ROOT / "docs" / "examples" / "bridge.cx"
        # Its source's document is searched for a quote; and the repository's pyproject.toml, above it, is read
        # to look for a [tool.causal] table.
        extras = CASE_EXTRAS - {"ahocorasick", "tomllib"}
    loaded = loaded_by("check", str(path), cwd=tmp_path)
    assert CHECKER <= loaded
    assert not loaded & (RENDERERS | extras)


def test_import_causal_loads_no_dependency_until_the_api_is_used(tmp_path):
    """`import causal` (which `causal --version` and `causal af solve` do) is the package's one module; the Python
    API's names (causal.check, ...) are imported from causal.api on first use."""
    probe = (
        "import json, sys\n"
        "import causal\n"
        "before = sorted(sys.modules)\n"
        "causal.check\n"
        "print(json.dumps([before, sorted(sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True)
    before, after = (set(modules) for modules in json.loads(done.stdout))
    assert {module for module in before if module.split(".")[0] in {"causal", "lark", "attrs", "click"}} == {"causal", "causal.version"}
    assert "causal.api" in after
