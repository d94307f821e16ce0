"""SARIF 2.1.0 (OASIS's Static Analysis Results Interchange Format), for code scanning in CI.

One log, one run. The run's tool is causal, with every rule of the registry:
its name as the `id`, its code and family under `properties`, its summary,
what it finds, and its whole documentation (`causal rules NAME`, and the
Markdown of docs/rules.md) as `help`, with its default severity as the
default level (`error`, `warning`, `info` -> `note`). The rule's page in the
repository is named by `properties.documentation` (a path, not a URL: no
output of causal points to the network).

Each finding is a result: rule id and index, level (the finding's own
severity), message, and one location: the file (a URI relative to the
working folder where the file lies below it, else a `file:` URI) and the
region, whose columns count Unicode code points (`columnKind`) and whose
`endColumn` is just after the last character, as SARIF and causal's JSON
both have it. The finding's help is under `properties.help`. A finding an
`expect` line accounts for carries a suppression of kind `inSource` with the
justification that the case expects it: it is reported and does not fail the
run, which is what a suppression in the source means to SARIF's readers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from causal.version import __version__
from causal.report.file_report import FileReport
from causal.report.json_report import PIECE_END, iter_json_value
from causal.report.locations import artifact_uri, is_unnamed_stdin
from causal.rules.base import Rule
from causal.rules.documentation import explain, markdown_section
from causal.rules.findings import Finding, Severity
from causal.rules.registry import FAMILY_OF, RULES

SARIF_VERSION = "2.1.0"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
RULE_INDEX = {rule.name: index for index, rule in enumerate(RULES)}
EXPECTED_JUSTIFICATION = "An `expect` line in the case file states that the checker finds this."


def rule_descriptor(rule: Rule) -> dict:
    return {
        "id": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.finds.split())},
        "help": {"text": explain(rule), "markdown": markdown_section(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "code": rule.code,
            "family": FAMILY_OF[rule.name].rpartition(".")[2],
            "documentation": f"docs/rules.md#{rule.name}",
        },
    }


def result(path: str, finding: Finding, working_folder: Path | None = None) -> dict:
    span = finding.span
    if is_unnamed_stdin(path):
        artifact: dict = {"description": {"text": "standard input"}}
    else:
        artifact = {"uri": artifact_uri(path, working_folder)}
    fields: dict = {
        "ruleId": finding.rule,
        "ruleIndex": RULE_INDEX[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {
                        "startLine": span.line,
                        "startColumn": span.column,
                        "endLine": span.end_line,
                        "endColumn": span.end_column,
                    },
                }
            }
        ],
    }
    if finding.expected:
        fields["suppressions"] = [{"kind": "inSource", "justification": EXPECTED_JUSTIFICATION}]
    fields["properties"] = {"code": finding.code, "help": finding.help}
    return fields


def sarif_log(reports: Iterable[FileReport], working_folder: Path | None = None) -> dict:
    """The log, its results made as ``reports`` yields the files (a generator: write it with `iter_sarif`,
    or pass it to `json.loads(render_sarif(...))` to have it whole)."""

    def results() -> Iterator[object]:
        for report in reports:
            for finding in report.findings:
                yield result(report.path, finding, working_folder)
            yield PIECE_END

    run = {
        "tool": {
            "driver": {
                "name": "causal",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(rule) for rule in RULES],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results(),
    }
    return {"version": SARIF_VERSION, "runs": (member for member in [run])}


def iter_sarif(reports: Iterable[FileReport], working_folder: Path | None = None) -> Iterator[str]:
    """The SARIF log as indented JSON in pieces, each file's results as soon as ``reports`` yields the file;
    strings made safe as in the JSON report (`causal.report.json_report`); no trailing newline."""
    return iter_json_value(sarif_log(reports, working_folder))


def render_sarif(reports: Iterable[FileReport], working_folder: Path | None = None) -> str:
    return "".join(iter_sarif(reports, working_folder))
