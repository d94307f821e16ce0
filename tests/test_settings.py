"""Settings from pyproject.toml, the case file and the command line, and the commands that use labels."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

import causal.pipeline
from causal.cli.commands import cli
from causal.model.settings import (
    ConfigError,
    Settings,
    find_pyproject,
    project_from_pyproject,
    project_settings,
    settings_from_pyproject,
)
from causal.pipeline import check_text
from tests.sample_cases import ATTACKED_CHAIN

CONTRADICTED = textwrap.dedent(
    """
    source tass "TASS" reliability B
    source irna "IRNA" reliability B
    claim khamenei "Khamenei blocked the base"
    claim soleimani "Soleimani blocked the base"
    evidence k from tass credibility 2 supports khamenei
    evidence s from irna credibility 2 supports soleimani
    contradiction who: khamenei vs soleimani
    expect contradiction on who
    """
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _labels(runner: CliRunner, path, *options: str) -> dict[str, str]:
    result = runner.invoke(cli, ["check", "--format", "json", *options, str(path)])
    assert result.exit_code == 0, result.output
    return {item["id"]: item["label"] for item in json.loads(result.stdout)["files"][0]["items"]}


def test_pyproject_tool_causal_sets_the_defaults_the_case_and_command_line_override(runner, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.causal]\nsemantics = "preferred"\nacceptance = "credulous"\n')
    cases = tmp_path / "cases"
    cases.mkdir()
    case = cases / "who.cx"
    case.write_text(CONTRADICTED)
    assert _labels(runner, case)["khamenei"] == "accepted"  # credulous preferred, from pyproject.toml
    case.write_text(CONTRADICTED + "set acceptance sceptical\n")
    assert _labels(runner, case)["khamenei"] == "undecided"  # the case overrides pyproject.toml
    assert _labels(runner, case, "--acceptance", "credulous")["khamenei"] == "accepted"  # the command line wins
    assert _labels(runner, case, "--semantics", "grounded")["khamenei"] == "undecided"


def test_pyproject_weights_and_thresholds(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text(
        "[tool.causal]\nlow-confidence = 0.6\nweak-reliability = \"D\"\n"
        "preferences = \"none\"\n[tool.causal.grade-confidence]\nB2 = 0.5\n"
    )
    settings = settings_from_pyproject(path)
    assert settings.low_confidence == 0.6 and settings.weak_reliability == "D"
    assert settings.preferences == "none"
    assert settings.grade_confidence["B2"] == 0.5 and settings.grade_confidence["A1"] == 0.8


def test_the_nearest_pyproject_with_a_tool_causal_table_is_used(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.causal]\nsemantics = \"stable\"\n")
    inner = tmp_path / "project"
    (inner / "cases").mkdir(parents=True)
    (inner / "pyproject.toml").write_text("[project]\nname = \"other\"\n")  # no [tool.causal]: skipped
    assert find_pyproject(inner / "cases") == tmp_path / "pyproject.toml"


def test_a_nearer_tool_causality_table_does_not_hide_tool_causal_further_up(tmp_path):
    """Regression: a byte search for `[tool.causal` took `[tool.causality]` (or the words in a string) for the table."""
    (tmp_path / "pyproject.toml").write_text("[tool.causal]\nsemantics = \"stable\"\n")
    inner = tmp_path / "project"
    inner.mkdir()
    (inner / "pyproject.toml").write_text(
        "[tool.causality]\nx = 1\n[project]\ndescription = \"see [tool.causal] in the docs\"\n"
    )
    assert find_pyproject(inner) == tmp_path / "pyproject.toml"
    assert project_settings(inner).settings.semantics == "stable"


def test_a_pyproject_that_is_not_toml_is_skipped_unless_it_has_a_tool_causal_header(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.causal]\nsemantics = \"stable\"\n")
    inner = tmp_path / "project"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project\nname = 1\n")
    assert find_pyproject(inner) == tmp_path / "pyproject.toml"
    (inner / "pyproject.toml").write_text("[tool.causal]\nsemantics = \n")
    assert find_pyproject(inner) == inner / "pyproject.toml"


def test_tool_causal_as_a_dotted_key_or_an_inline_table_is_found(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool]\ncausal = { semantics = \"stable\" }\n")
    assert find_pyproject(tmp_path) == tmp_path / "pyproject.toml"
    assert project_settings(tmp_path).settings.semantics == "stable"


def test_an_oversized_pyproject_is_skipped_unless_it_has_a_tool_causal_header(tmp_path):
    padding = "# padding\n" * 120_000
    (tmp_path / "pyproject.toml").write_text("[tool.causal]\nsemantics = \"stable\"\n")
    inner = tmp_path / "project"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.causality]\n" + padding)
    assert find_pyproject(inner) == tmp_path / "pyproject.toml"
    (inner / "pyproject.toml").write_text("[tool.causal]\n" + padding)
    assert find_pyproject(inner) == inner / "pyproject.toml"


def test_tool_causal_select_ignore_and_fail_on_are_read_as_written(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.causal]\nselect = ["unsupported-link", "CX301,chain-gap"]\nignore = "CX101"\nfail-on = "warning"\n'
    )
    project = project_from_pyproject(path)
    assert project.select == ("unsupported-link", "CX301", "chain-gap")
    assert project.ignore == ("CX101",) and project.fail_on == "warning"


def _check(runner, case, *options):
    return runner.invoke(cli, ["check", "--format", "json", *options, str(case)])


def _rules_reported(result) -> set[str]:
    return {finding["rule"] for finding in json.loads(result.stdout)["files"][0]["findings"]}


def test_tool_causal_select_and_ignore_filter_the_report_and_the_command_line_wins(runner, tmp_path):
    case = tmp_path / "c.cx"
    case.write_text('event a "A" at 2015\nevent b "B" at 2016\nevent c "C" at 2017\nlink a -> b\n')
    everything = _rules_reported(_check(runner, case))
    assert {"unsupported-link", "unused-declaration"} <= everything
    (tmp_path / "pyproject.toml").write_text('[tool.causal]\nselect = ["CX201"]\n')
    causal.pipeline._project_in.cache_clear()
    assert _rules_reported(_check(runner, case)) == {"unsupported-link"}
    assert "unsupported-link" not in _rules_reported(_check(runner, case, "--select", "unused-declaration"))
    (tmp_path / "pyproject.toml").write_text('[tool.causal]\nignore = ["unsupported-link"]\n')
    causal.pipeline._project_in.cache_clear()
    assert _rules_reported(_check(runner, case)) == everything - {"unsupported-link"}
    assert "unsupported-link" in _rules_reported(_check(runner, case, "--ignore", "unused-declaration"))


def test_tool_causal_fail_on_sets_the_exit_status_and_the_command_line_wins(runner, tmp_path):
    case = tmp_path / "c.cx"
    case.write_text('event a "A" at 2015\n')  # one info finding: a is never used
    assert _check(runner, case).exit_code == 0
    (tmp_path / "pyproject.toml").write_text('[tool.causal]\nfail-on = "info"\n')
    causal.pipeline._project_in.cache_clear()
    assert _check(runner, case).exit_code == 1
    assert _check(runner, case, "--fail-on", "error").exit_code == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('[tool.causal]\nselect = ["unsuported-link"]\n', "unknown rule `unsuported-link` (did you mean"),
        ('[tool.causal]\nignore = ["CX999"]\n', "ignore: unknown rule `CX999`"),
        ("[tool.causal]\nselect = 3\n", "select must be a list of rule names or codes"),
        ('[tool.causal]\nfail-on = "fatal"\n', "fail-on: `fatal` is not a severity"),
        ("[tool.causal]\nfail-on = 1\n", "fail-on must be a string"),
        ('[tool.causal]\nfail_on = "info"\n', "unknown key `fail_on`. Did you mean `fail-on`?"),
    ],
)
def test_bad_run_options_in_tool_causal_stop_the_check_with_exit_2(runner, tmp_path, content, words):
    (tmp_path / "pyproject.toml").write_text(content)
    causal.pipeline._project_in.cache_clear()
    case = tmp_path / "c.cx"
    case.write_text(CONTRADICTED)
    result = runner.invoke(cli, ["check", str(case)])
    assert result.exit_code == 2, result.output
    assert words in result.stdout and str(tmp_path / "pyproject.toml") in result.stdout


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("[tool.causal]\nsemantic = \"preferred\"\n", "unknown key `semantic`. Did you mean `semantics`?"),
        ("[tool.causal]\nsemantics = \"admissible\"\n", "`admissible` is not a semantics"),
        ("[tool.causal]\nlow-confidence = 2\n", "a threshold must be a number from 0 to 1"),
        ("[tool.causal.grade-confidence]\nG2 = 0.5\n", "`G2` is not a pair of grades"),
        ("[tool.causal.grade-confidence]\n\"B\u00b2\" = 0.5\n", "is not a pair of grades"),  # a digit int() cannot read
        ("[tool.causal]\npreferences = \"last-link\"\n", "`last-link` is not a way of weighing attacks"),
        ("[tool.causal\n", "not valid TOML"),
    ],
)
def test_a_bad_tool_causal_table_is_a_clear_error(tmp_path, content, words):
    path = tmp_path / "pyproject.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as raised:
        settings_from_pyproject(path)
    assert str(path) in str(raised.value) and words in str(raised.value)


def test_check_exits_2_with_the_settings_problem_and_no_traceback(runner, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.causal]\nsemantics = 3\n")
    case = tmp_path / "c.cx"
    case.write_text(CONTRADICTED)
    result = runner.invoke(cli, ["check", str(case)])
    assert result.exit_code == 2
    assert "the settings cannot be used" in result.stdout and "pyproject.toml" in result.stdout
    assert "Traceback" not in result.output


def test_settings_default_when_there_is_no_pyproject():
    assert Settings().semantics == "grounded" and Settings().acceptance == "sceptical"


# --- causal explain and causal export ------------------------------------------------

# The shared attacked chain, with a rebuttal of rift that is itself undermined, and an unlabelled link.
CHAIN = ATTACKED_CHAIN + textwrap.dedent(
    """
    evidence e4 from tass credibility 2 rebuts rift
    evidence e5 from debka credibility 2 undermines e4
    link promise -> withdrawal assumed "a shortcut"
    """
)


@pytest.fixture
def chain_file(tmp_path):
    path = tmp_path / "chain.cx"
    path.write_text(CHAIN)
    return path


def test_explain_shows_attackers_and_supporters_with_labels_down_to_the_sources(runner, chain_file):
    result = runner.invoke(cli, ["explain", str(chain_file), "l2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("l2 (link): rejected - e2 (accepted) undercuts it")
    assert "├── undercut by e2 (evidence): accepted - an undercut always succeeds; confidence 0.72; graded B2" in lines
    assert "│   └── from tass (source): accepted - reliability B" in lines
    # e4 (TASS, B2) defeats rift, which has no support; e5 (DEBKA, E2) is too weak to undermine e4.
    assert any(line.startswith("├── rebutted, through rift, by e4 (evidence): accepted - strength 0.72 >= 0.00") for line in lines)
    assert any("undermined (fails) by e5 (evidence): accepted - strength 0.40 < 0.72" in line for line in lines)
    assert any(line.startswith("└── supported by e3 (evidence): accepted") for line in lines)
    # tass appears twice; the second time it is not expanded again.
    assert sum("from tass (source)" in line for line in lines) == 2
    assert any("from tass (source): accepted (explained above)" in line for line in lines)


def test_explain_accepts_unlabelled_links_and_chains(runner, chain_file):
    link = runner.invoke(cli, ["explain", str(chain_file), "promise -> withdrawal"])
    assert link.exit_code == 0 and link.stdout.startswith("promise->withdrawal (link): accepted - nothing attacks it")
    chain = runner.invoke(cli, ["explain", str(chain_file), "thesis"])
    assert chain.exit_code == 0
    assert chain.stdout.startswith(
        "thesis (chain) - broken, confidence 0.00; weakest step first; rift is rejected; withdrawal is unsupported\n"
        "├── step promise -> rift"
    )


def test_explain_of_an_unknown_id_is_a_usage_error(runner, chain_file):
    result = runner.invoke(cli, ["explain", str(chain_file), "rfit"])
    assert result.exit_code == 2
    assert "the case has no item `rfit`" in result.output and "Traceback" not in result.output


def test_explain_of_a_hypothesis_points_to_causal_ach(runner, tmp_path):
    path = tmp_path / "h.cx"
    path.write_text(CHAIN + 'hypothesis payback "Payback" explains withdrawal argued-by thesis\n')
    result = runner.invoke(cli, ["explain", str(path), "payback"])
    assert result.exit_code == 2
    assert "`payback` is a hypothesis: `causal ach` weighs it against its rivals" in result.output


@pytest.mark.parametrize("fmt", ["apx", "tgf"])
def test_export_writes_a_framework_that_af_solve_reads_back_with_the_same_grounded_extension(
    runner, chain_file, tmp_path, fmt
):
    target = tmp_path / f"chain.{fmt}"
    exported = runner.invoke(cli, ["export", "--format", fmt, str(chain_file), "-o", str(target)])
    assert exported.exit_code == 0, exported.output
    solved = runner.invoke(cli, ["af", "solve", "-p", "SE-GR", "-f", str(target)])
    assert solved.exit_code == 0
    accepted = set(solved.stdout.strip()[1:-1].split(","))
    analysis = check_text(CHAIN, path="chain.cx").analysis
    # The export holds the defeats, so its grounded extension is the items the defeat graph accepts
    # (some of which are unsupported: support is not part of the framework).
    assert accepted == {item for item, label in analysis.labels.all_dung_labels(analysis.model).items() if label.value == "accepted"}
    assert "withdrawal" in accepted and analysis.labels.label("withdrawal").value == "unsupported"


def test_export_refuses_to_overwrite_the_case_file(runner, chain_file):
    result = runner.invoke(cli, ["export", str(chain_file), "-o", str(chain_file)])
    assert result.exit_code == 2
    assert chain_file.read_text() == CHAIN


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("[tool.causal]\nlow-confidence = " + "9" * 4301 + "\n", "an integer is too long to read"),
        ("[tool.causal]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
        ("[tool.causal]\nx = " + "{a = " * 100_000 + "1" + "}" * 100_000 + "\n", "nested too deeply"),
        ("[tool.causal]\n" + "# padding\n" * 120_000, "is over the 1024 KB"),
    ],
    ids=["long-integer", "deep-array", "deep-inline-table", "oversized"],
)
def test_a_pyproject_python_cannot_read_is_a_clear_error(runner, tmp_path, content, words):
    path = tmp_path / "pyproject.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as raised:
        settings_from_pyproject(path)
    assert str(path) in str(raised.value) and words in str(raised.value)
    case = tmp_path / "c.cx"
    case.write_text(CONTRADICTED)
    result = runner.invoke(cli, ["check", str(case)])
    assert result.exit_code == 2 and words in result.stdout
    assert "internal error" not in result.output
