"""The Python API: check a case from a script or a notebook and read the result as typed records (docs/api.md).

    import causal
    report = causal.check("cases/syria.cx")
    report.ok, report.findings, report.chains, report.items, report.outcomes

`check` and `check_text` run the same pipeline as `causal check` (causal.pipeline) and return a `Report`: plain
frozen records of the findings, chain verdicts, item labels and competing hypotheses, which stay the same within a
major version whatever the internals become. `Report.ok` is the rule of the command's exit status
(causal.report.passing) and `Report.to_json()` is the text of `causal check --format json`, so the API and the
command line never disagree.

Bad input (a missing file, a syntax error, a case too large) is reported as findings, never raised; a wrong
argument (a number for a path, an unknown semantics or rule) is a programmer's error and raises TypeError or
ValueError saying what was expected.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from causal.inputs.case_files import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from causal.analysis.ach import HypothesisResult, OutcomeAnalysis, Row
    from causal.analysis.chains import ChainVerdict, StepAssessment
    from causal.analysis.views import ItemView
    from causal.report.file_report import FileReport
    from causal.rules.findings import Finding as InternalFinding
    from causal.rules.findings import Severity as InternalSeverity

__all__ = [
    "Chain",
    "EvidenceRow",
    "Finding",
    "Hypothesis",
    "Item",
    "Outcome",
    "Report",
    "Step",
    "check",
    "check_text",
]

Severity = Literal["error", "warning", "info"]
Label = Literal["accepted", "rejected", "undecided", "unsupported"]
Verdict = Literal["supported", "weak", "broken"]
# The choices of the options, as `causal check` offers them (causal.model.settings holds the same lists, and a test
# compares them).
Semantics = Literal["grounded", "complete", "preferred", "stable"]
Acceptance = Literal["sceptical", "credulous"]
Preferences = Literal["strength", "none"]

# What `causal check -` calls a case read from standard input; `check_text`'s default name says it came from code.
TEXT_NAME = "<string>"
STDIN = "-"


@dataclass(frozen=True)
class Finding:
    """One problem found in a case: which rule found it, how bad it is, what it is, how to fix it, and where.

    Lines and columns count from 1; columns in characters (code points). ``end_column`` is the column just after
    the span. ``expected``: an `expect` line of the case accounts for it, so it does not fail the check.
    """

    rule: str
    code: str
    severity: Severity
    message: str
    help: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    expected: bool

    def __str__(self) -> str:
        # The shape of `--format concise`, which editors and people read.
        mark = " (expected)" if self.expected else ""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]{mark}"


@dataclass(frozen=True)
class Step:
    """One step `causes -> effects` of a chain, judged by the best link making it."""

    text: str  # `a, b -> c`, as the reports show it
    causes: tuple[str, ...]
    effects: tuple[str, ...]
    confidence: float
    reason: str
    position: int  # in the chain, from 0


@dataclass(frozen=True)
class Chain:
    """A chain of the case and its verdict: supported, weak or broken, with its weakest step and why."""

    name: str
    steps: tuple[str, ...]  # the chain's names as written, joint causes joined by `, `
    verdict: Verdict
    confidence: float
    weakest: Step | None  # None for a chain without steps
    reason: str  # why the verdict is what it is (for a chain that is not supported: what weakens it most)
    weakest_first: tuple[Step, ...]
    line: int


@dataclass(frozen=True)
class Item:
    """One argument of the case's framework (event, claim, evidence, link, source, ...) and its label.

    ``confidence`` is None for sources (they are graded, not judged). ``credulous`` and ``sceptical`` are None
    under grounded semantics, where they are the label itself.
    """

    id: str
    kind: str
    label: Label
    confidence: float | None
    credulous: bool | None
    sceptical: bool | None


@dataclass(frozen=True)
class Hypothesis:
    """One competing explanation of an outcome, as Heuer's analysis and the process-tracing tests leave it.

    ``inconsistency`` is Heuer's score (the weights of the evidence inconsistent with it, summed; lower is
    better); ``rank`` 1 is first by the ranking key (docs/language.md); ``standing`` is `standing`,
    `eliminated` or `argument broken`; ``verdict`` is the process-tracing verdict (`eliminated`, `confirmed`,
    `conflict`, `standing` or `none`); ``added`` the analyst's reason for a hypothesis the text does not make.
    """

    name: str
    title: str
    rank: int
    tied: bool
    standing: str
    inconsistency: float
    consistency: float
    inconsistent_count: int
    consistent_count: int
    verdict: str
    argued_by: tuple[str, ...]
    added: str | None
    line: int


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence item of an outcome's matrix: its weight, label, diagnosticity and a mark per hypothesis.

    ``marks`` maps each hypothesis to `C` (consistent), `I` (inconsistent), `N` (neutral) or `?` (uncoded).
    ``diagnostic`` is False when the row cannot tell the hypotheses apart (every cell coded with one mark).
    """

    evidence: str
    weight: float
    grades: str  # the Admiralty grades the weight comes from, such as `B2`
    label: str
    diagnostic: bool
    marks: Mapping[str, str]
    line: int


@dataclass(frozen=True)
class Outcome:
    """The competing-hypotheses analysis of one outcome: its hypotheses (file order), their ranking (names, first
    first) and the evidence matrix (file order)."""

    outcome: str
    hypotheses: tuple[Hypothesis, ...]
    ranking: tuple[str, ...]
    evidence: tuple[EvidenceRow, ...]

    def hypothesis(self, name: str) -> Hypothesis:
        """The hypothesis called ``name``; KeyError naming the outcome's hypotheses if there is none."""
        for hypothesis in self.hypotheses:
            if hypothesis.name == name:
                return hypothesis
        raise KeyError(f"{name!r}: outcome {self.outcome} has hypotheses {', '.join(self.ranking)}")


class Report:
    """What checking one case found. Made by `check` and `check_text`; read it, do not build it.

    The lists are made from the underlying report the first time they are read, so a large case's items cost
    nothing until asked for.
    """

    def __init__(self, file_report: FileReport, fail_on: Severity | None = None) -> None:
        # The library's own report, for the renderers (`_repr_html_`) and for code that needs more than this API
        # gives; its shape is internal and may change in any release.
        self.file_report = file_report
        self._fail_on = fail_on

    @property
    def path(self) -> str:
        """The path as given (`check`), or the name given (`check_text`)."""
        return self.file_report.path

    @property
    def unreadable(self) -> bool:
        """The file could not be read, or its `[tool.causal]` used: the one finding says why, and nothing else was
        checked (`causal check` exits with 2)."""
        return self.file_report.unreadable

    @property
    def parsed(self) -> bool:
        """The case was read and parsed, so chains, items and outcomes are known (a syntax error leaves them
        empty)."""
        return self.file_report.model is not None

    @property
    def fail_on(self) -> Severity:
        """The least severity that fails the check: `check`'s ``fail_on``, else `[tool.causal]`'s, else error."""
        if self._fail_on is not None:
            return self._fail_on
        table = self.file_report.fail_on
        return "error" if table is None else cast(Severity, table.label)

    @property
    def ok(self) -> bool:
        """Whether `causal check` with the same options would exit with 0: the case was read and no finding at or
        above `fail_on` is left that no `expect` line accounts for."""
        from causal.report.passing import passes

        return passes([self.file_report], _severity(self._fail_on))

    @property
    def failed(self) -> bool:
        """``not ok``."""
        return not self.ok

    @functools.cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, in the order of the reports (by line and column)."""
        path = self.file_report.path
        return tuple(_finding(path, finding) for finding in self.file_report.findings)

    @functools.cached_property
    def chains(self) -> tuple[Chain, ...]:
        """Every chain's verdict, in file order."""
        return tuple(_chain(verdict) for verdict in self.file_report.chains)

    @functools.cached_property
    def items(self) -> tuple[Item, ...]:
        """Every argument of the case with its label and confidence, in the JSON report's order."""
        return tuple(_item(view) for view in self.file_report.items())

    @functools.cached_property
    def outcomes(self) -> tuple[Outcome, ...]:
        """The competing-hypotheses analysis: one `Outcome` per outcome with hypotheses, in file order."""
        analysis = self.file_report.competing_hypotheses()
        return () if analysis is None else tuple(_outcome(outcome) for outcome in analysis.outcomes)

    @property
    def semantics(self) -> str | None:
        """The semantics the labels were computed under (grounded when a harder one ran out of time); None when
        the case did not parse."""
        analysis = self.file_report.analysis
        return None if analysis is None else analysis.labels.labelled_under

    @property
    def acceptance(self) -> str | None:
        """Whether accepted meant in every extension (sceptical) or in some (credulous); None when the case did not
        parse."""
        analysis = self.file_report.analysis
        return None if analysis is None else analysis.labels.acceptance

    @property
    def summary(self) -> dict[Severity, int]:
        """How many findings of each severity, expected ones included (as the JSON report's `summary`)."""
        counts: dict[Severity, int] = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def item(self, id: str) -> Item:
        """The item called ``id`` (a link without a name is `cause->effect`); KeyError if the case has none."""
        for item in self.items:
            if item.id == id:
                return item
        raise KeyError(f"{id!r}: {self.path} has no such item" + ("" if self.parsed else " (the case did not parse)"))

    def chain(self, name: str) -> Chain:
        """The chain called ``name``; KeyError if the case has none."""
        for chain in self.chains:
            if chain.name == name:
                return chain
        raise KeyError(f"{name!r}: {self.path} has no such chain")

    def to_json(self, version: int = 3) -> str:
        """The text `causal check --format json` prints for this file alone (less the final newline)."""
        from causal.report.json_report import render_json

        return render_json([self.file_report], _json_version(version))

    def to_dict(self, version: int = 3) -> dict[str, Any]:
        """The JSON report as Python objects: `json.loads(self.to_json(version))`, with every key of docs/json.md."""
        from causal.report.json_report import report_dict

        return report_dict([self.file_report], _json_version(version))

    def _repr_html_(self) -> str:
        """The HTML report of `causal report` (its graph drawn where Graphviz is installed), which notebooks show."""
        from causal.report.html_report import drawn_page

        return drawn_page(self.file_report)[0]

    def __repr__(self) -> str:
        if self.unreadable:
            problem = self.file_report.findings[0].message if self.file_report.findings else "unreadable"
            return f"<causal.Report {self.path!r}: unreadable: {problem}>"
        counts = self.summary
        expected = sum(1 for finding in self.findings if finding.expected)
        tally = f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info"
        if expected:
            tally += f" ({expected} expected)"
        return f"<causal.Report {self.path!r}: {'ok' if self.ok else 'failed'}, {tally}>"


def check(
    path: str | os.PathLike[str],
    *,
    semantics: Semantics | None = None,
    acceptance: Acceptance | None = None,
    preferences: Preferences | None = None,
    time_limit: float | None = None,
    select: str | Iterable[str] = (),
    ignore: str | Iterable[str] = (),
    fail_on: Severity | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Report:
    """Check the case file at ``path``, as `causal check PATH` does; its documents are read from its folder and the
    nearest `[tool.causal]` above it applies (read afresh on every call).

    The options are those of `causal check` and win over the case's `set` lines and `[tool.causal]`:
    ``semantics`` (grounded, complete, preferred, stable), ``acceptance`` (sceptical, credulous),
    ``preferences`` (strength, none), ``time_limit`` (seconds), ``select`` and ``ignore`` (rule names or codes;
    a string may hold several, separated by commas), ``fail_on`` (error, warning, info: what `ok` counts) and
    ``max_bytes`` (larger files are refused, as an `input-error` finding).

    A file that cannot be read is a report with one `input-error` finding and ``unreadable`` set, not an
    exception. ``path`` is always a path: give case text to `check_text`.
    """
    from causal.pipeline import check_file

    given = _path(path)
    options = _Options.of(semantics, acceptance, preferences, time_limit, select, ignore, fail_on, max_bytes)
    report = check_file(
        given, options.max_bytes, options.select, options.ignore, options.overrides, cached_settings=False
    )
    return Report(report, options.fail_on)


def check_text(
    text: str,
    *,
    name: str = TEXT_NAME,
    base_dir: str | os.PathLike[str] | None = None,
    semantics: Semantics | None = None,
    acceptance: Acceptance | None = None,
    preferences: Preferences | None = None,
    time_limit: float | None = None,
    select: str | Iterable[str] = (),
    ignore: str | Iterable[str] = (),
    fail_on: Severity | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Report:
    """Check case text held in memory, as `causal check --stdin-filename NAME -` checks standard input.

    ``name`` is what findings and the JSON report call the case. ``base_dir`` is the folder its documents are
    read from and the nearest `[tool.causal]` is looked up from (default: the current folder). The other options
    are `check`'s.
    """
    from causal.pipeline import check_bytes

    if not isinstance(text, str):
        raise TypeError(f"check_text() takes the case as a str, not {type(text).__name__}; decode bytes first")
    if not isinstance(name, str):
        raise TypeError(f"check_text(name=...) must be a str, not {type(name).__name__}")
    folder = Path.cwd() if base_dir is None else Path(_path(base_dir, "base_dir"))
    options = _Options.of(semantics, acceptance, preferences, time_limit, select, ignore, fail_on, max_bytes)
    # Lone surrogates are kept as bytes that are not UTF-8, so the case is refused with a finding, as a file would be.
    data = text.encode("utf-8", "surrogatepass")
    report = check_bytes(data, name, folder, options.max_bytes, options.select, options.ignore, options.overrides)
    return Report(report, options.fail_on)


# --- from the library's records to the API's ------------------------------------------------


def _finding(path: str, finding: InternalFinding) -> Finding:
    span = finding.span
    return Finding(
        rule=finding.rule,
        code=finding.code,
        severity=cast(Severity, finding.severity.label),
        message=finding.message,
        help=finding.help,
        path=path,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        expected=finding.expected,
    )


def _step(step: StepAssessment) -> Step:
    return Step(step.text, step.causes, step.effects, step.confidence, step.reason, step.position)


def _chain(verdict: ChainVerdict) -> Chain:
    return Chain(
        name=verdict.name,
        steps=verdict.steps,
        verdict=cast(Verdict, verdict.verdict),
        confidence=verdict.confidence,
        weakest=None if verdict.weakest is None else _step(verdict.weakest),
        reason=verdict.weakest_reason,
        weakest_first=tuple(_step(step) for step in verdict.weakest_first),
        line=verdict.span.line,
    )


def _item(view: ItemView) -> Item:
    return Item(view.id, view.kind, view.label.value, view.confidence, view.credulous, view.sceptical)


def _hypothesis(result: HypothesisResult) -> Hypothesis:
    return Hypothesis(
        name=result.name,
        title=result.title,
        rank=result.rank,
        tied=result.tied,
        standing=result.standing,
        inconsistency=result.inconsistency,
        consistency=result.consistency,
        inconsistent_count=result.inconsistent_count,
        consistent_count=result.consistent_count,
        verdict=result.verdict,
        argued_by=result.argued_by,
        added=result.added,
        line=result.line,
    )


def _row(row: Row, names: list[str]) -> EvidenceRow:
    marks = {name: cell.mark for name, cell in zip(names, row.cells)}
    return EvidenceRow(row.evidence, row.weight, row.grades, row.label, row.diagnostic, marks, row.line)


def _outcome(outcome: OutcomeAnalysis) -> Outcome:
    names = [hypothesis.name for hypothesis in outcome.hypotheses]
    return Outcome(
        outcome=outcome.outcome,
        hypotheses=tuple(_hypothesis(hypothesis) for hypothesis in outcome.hypotheses),
        ranking=tuple(hypothesis.name for hypothesis in outcome.ranking),
        evidence=tuple(_row(row, names) for row in outcome.rows),
    )


# --- arguments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    """`check`'s options, checked and in the pipeline's terms."""

    overrides: dict[str, object]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: Severity | None
    max_bytes: int

    @classmethod
    def of(
        cls,
        semantics: str | None,
        acceptance: str | None,
        preferences: str | None,
        time_limit: float | None,
        select: str | Iterable[str],
        ignore: str | Iterable[str],
        fail_on: str | None,
        max_bytes: int,
    ) -> _Options:
        from causal.model.settings import ACCEPTANCES, MAX_TIME_LIMIT, PREFERENCES, SEMANTICS

        overrides: dict[str, object] = {}
        for key, value, choices in (
            ("semantics", semantics, SEMANTICS),
            ("acceptance", acceptance, ACCEPTANCES),
            ("preferences", preferences, PREFERENCES),
        ):
            if value is not None:
                overrides[key] = _choice(key, value, choices)
        if time_limit is not None:
            if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)):
                raise TypeError(f"time_limit must be a number of seconds, not {type(time_limit).__name__}")
            if not 0 < time_limit <= MAX_TIME_LIMIT:
                raise ValueError(f"time_limit must be above 0 and at most {MAX_TIME_LIMIT:,} seconds, not {time_limit}")
            overrides["time_limit"] = float(time_limit)
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
            raise TypeError(f"max_bytes must be an int, not {type(max_bytes).__name__}")
        if max_bytes < 1:
            raise ValueError(f"max_bytes must be at least 1, not {max_bytes}")
        chosen = None if fail_on is None else cast(Severity, _choice("fail_on", fail_on, ("error", "warning", "info")))
        return cls(overrides, _rule_names("select", select), _rule_names("ignore", ignore), chosen, max_bytes)


def _choice(key: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a str, one of {', '.join(choices)}; not {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"{key} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _rule_names(key: str, given: str | Iterable[str]) -> tuple[str, ...]:
    """Rule names or codes, as `--select` and `--ignore` take them, as rule names; ValueError for an unknown one."""
    from causal.rules.documentation import did_you_mean
    from causal.rules.registry import RULES, find_rule

    if isinstance(given, str):
        words = given.split(",")
    else:
        try:
            words = list(given)
        except TypeError:
            raise TypeError(f"{key} must be rule names or codes (a str or an iterable of str), not {given!r}") from None
    names: list[str] = []
    for word in words:
        if not isinstance(word, str):
            raise TypeError(f"{key} must hold rule names or codes as str, not {type(word).__name__} {word!r}")
        for part in (piece.strip() for piece in word.split(",")):
            if not part:
                continue
            rule = find_rule(part)
            if rule is None:
                raise ValueError(f"{key}: unknown rule `{part}`{did_you_mean(part, RULES)}; `causal rules` lists them")
            names.append(rule.name)
    return tuple(dict.fromkeys(names))


def _path(given: object, argument: str = "path") -> str:
    if not isinstance(given, (str, os.PathLike)):
        raise TypeError(
            f"{argument} must be a str or os.PathLike, not {type(given).__name__}; give case text to check_text()"
        )
    path = os.fspath(given)
    if not isinstance(path, str):
        raise TypeError(f"{argument} must be a str path, not {type(path).__name__}")
    if argument == "path" and path == STDIN:
        raise ValueError("path '-' is not read from standard input here; use check_text(sys.stdin.read())")
    return path


def _severity(word: Severity | None) -> InternalSeverity | None:
    from causal.rules.findings import Severity as InternalSeverity

    return None if word is None else InternalSeverity.parse(word)


def _json_version(version: int) -> int:
    from causal.report.json_report import VERSIONS

    if isinstance(version, bool) or version not in VERSIONS:
        raise ValueError(f"version must be one of {', '.join(map(str, VERSIONS))}, not {version!r}")
    return version
