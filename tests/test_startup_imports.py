"""What each small command loads: `causal --version` no checker, `causal rules` no parser, and `causal check` on a case
without hypotheses, documents or settings none of the code for them, nor Lark once the parser cache is warm
(bench/startup.py measures the time; this checks the modules, which do not depend on how busy the machine is)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SMALL_CASE = 'event a "A"\nevent b "B"\nlink a -> b kind enables\n'

# Run as the console script runs: the modules loaded once the command has finished, printed as JSON on stderr's
# last line (stdout is the command's own).
PROBE = """
import sys
from causal.cli.entry import main
sys.argv = ["causal", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
loaded = sorted(sys.modules)
import json
print(json.dumps(loaded), file=sys.stderr)
"""


def loaded_by(*arguments: str, cwd, cache: Path | None = None) -> set[str]:
    """The modules the command loads: with the parser cache in ``cache`` (run once before, so that it is warm), or
    with the cache off."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CAUSAL_")}
    if cache is None:
        environment["CAUSAL_NO_CACHE"] = "1"
    else:
        environment["CAUSAL_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-c", PROBE, *arguments]
    if cache is not None:
        subprocess.run(command, capture_output=True, env=environment, cwd=cwd)
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=cwd)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


CHECKER = {"causal.language.parser", "causal.pipeline", "causal.model.case_model", "causal.rules.registry"}
RENDERERS = {
    "causal.report.dot",
    "causal.report.mermaid",
    "causal.report.svg",
    "causal.report.tree",
    "causal.report.html_report",
    "causal.interchange",
}
# Commands of their own module, loaded by `causal` only when one of them runs (or `--help` lists them).
OTHER_COMMANDS = {
    "causal.cli.af",
    "causal.cli.fmt",
    "causal.cli.lsp",
    "causal.cli.report_command",
    "causal.cli.interchange",
    "causal.argumentation.formats",
}
CASE_EXTRAS = {
    "causal.analysis.ach",  # hypotheses
    "causal.analysis.explain",  # `causal explain`
    "causal.report.ach_json",
    "tomllib",  # a pyproject.toml above the case
    "difflib",  # an unknown name or a quote not found
    "ahocorasick",  # a document to search
    "subprocess",  # Graphviz
    "json",  # a JSON report
    "hashlib",  # OpenSSL: the parser cache takes SHA-256 from the interpreter's own module
    "shutil",  # the progress line, drawn only for a long run
}


def test_causal_version_loads_no_checker_and_no_renderer(tmp_path):
    loaded = loaded_by("--version", cwd=tmp_path)
    assert "click" in loaded
    assert not loaded & (CHECKER | RENDERERS | OTHER_COMMANDS | {"causal.language.ast"})


def test_causal_rules_loads_no_parser_and_no_renderer(tmp_path):
    loaded = loaded_by("rules", cwd=tmp_path)
    assert "causal.rules.registry" in loaded
    assert not loaded & ({"lark", "causal.language.parser", "causal.pipeline"} | RENDERERS | OTHER_COMMANDS)


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
    # With a warm cache, as an editor's or a hook's every check after the first: the parser runs without Lark.
    loaded = loaded_by("check", str(path), cwd=tmp_path, cache=tmp_path / "cache")
    assert CHECKER <= loaded
    assert not loaded & (RENDERERS | OTHER_COMMANDS | extras | {"lark"})


def test_causal_check_with_the_cache_off_loads_lark_and_no_more_than_that(tmp_path):
    path = tmp_path / "small.cx"
    path.write_text(SMALL_CASE, encoding="utf-8")
    loaded = loaded_by("check", str(path), cwd=tmp_path)
    assert CHECKER | {"lark"} <= loaded
    assert not loaded & (RENDERERS | OTHER_COMMANDS | {"causal.analysis.ach", "ahocorasick", "subprocess"})


def test_causal_help_lists_the_commands_loaded_on_demand_as_if_they_were_loaded_at_start(tmp_path):
    import importlib

    import click

    from causal.cli.commands import cli

    # An 80-column terminal: click's help is then 78 columns wide.
    environment = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-m", "causal", "--help"], capture_output=True, text=True, env=environment, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    # The same group with every command loaded at start, as `causal --help` would show it.
    loaded = {}
    for name, location in cli.lazy_commands.items():
        module, _, attribute = location.partition(":")
        loaded[name] = getattr(importlib.import_module(module), attribute)
    eager = click.Group("causal", commands={**cli.commands, **loaded})
    formatter = click.HelpFormatter(width=78)
    eager.format_commands(click.Context(eager), formatter)
    expected = formatter.getvalue()
    assert {"af", "fmt", "lsp"} <= set(cli.lazy_commands)
    assert "  lsp " in expected and "  check " in expected
    assert done.stdout.endswith(expected)


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
    assert {module for module in before if module.split(".")[0] in {"causal", "lark", "attrs", "click"}} == {
        "causal",
        "causal.version",
    }
    assert "causal.api" in after
