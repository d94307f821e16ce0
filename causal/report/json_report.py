"""The JSON report of `causal check --format json` (schema: docs/json.md).

The shape is a public interface: keys are only ever added under a new
``version``, never renamed or removed within one. Version 3 adds the labels,
confidences, settings and the competing-hypotheses analysis to version 1;
``--json-version 1`` still writes version 1 exactly. Version 2, a
development version whose `outcomes` and labels had another shape, is retired.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from itertools import chain
from types import GeneratorType
from typing import TYPE_CHECKING

from causal.report.printable import json_safe
from causal.report.summary import Summary
from causal.rules.findings import Severity

if TYPE_CHECKING:  # annotations only: `causal check` reads VERSIONS for its options without loading the analysis
    from causal.analysis.chains import ChainVerdict
    from causal.analysis.views import ItemView
    from causal.report.file_report import FileReport
    from causal.rules.findings import Finding

VERSION = 3
VERSIONS = (1, 3)


def finding_dict(finding: Finding, version: int = VERSION) -> dict:
    span = finding.span
    fields = {
        "rule": finding.rule,
        "code": finding.code,
        "severity": finding.severity.label,
        "message": finding.message,
        "help": finding.help,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }
    if version >= 2:
        fields["expected"] = finding.expected
    return fields


def _confidence(value: float) -> float:
    # Rounded so that the output is the same bytes on every platform.
    return round(value, 4)


def chain_dict(verdict: ChainVerdict, version: int = VERSION) -> dict:
    weakest = None
    if verdict.weakest is not None:
        weakest = {"step": verdict.weakest.text, "reason": verdict.weakest_reason}
    fields = {
        "name": verdict.name,
        "steps": list(verdict.steps),
        "verdict": verdict.verdict,
        "weakest": weakest,
    }
    if version >= 2:
        fields["confidence"] = _confidence(verdict.confidence)
        fields["weakest_first"] = [
            {"step": step.text, "confidence": _confidence(step.confidence), "reason": step.reason}
            for step in verdict.weakest_first
        ]
    return fields


def item_dict(item: ItemView) -> dict:
    """One argument of the case's framework: its kind, label and confidence."""
    fields = {"id": item.id, "kind": item.kind, "label": item.label.value}
    fields["confidence"] = None if item.confidence is None else _confidence(item.confidence)
    if item.credulous is not None:
        fields["credulous"] = item.credulous
        fields["sceptical"] = item.sceptical
    return fields


def file_dict(report: FileReport, version: int = VERSION) -> dict:
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _file(report, version).items()}


def _file(report: FileReport, version: int) -> dict:
    """A file's fields, its long lists (findings, items) made one element at a time as they are read."""
    fields = {
        "path": report.path,
        "findings": (finding_dict(finding, version) for finding in report.findings),
        "chains": [chain_dict(verdict, version) for verdict in report.chains],
    }
    if version >= 2:
        analysis = report.analysis
        fields["semantics"] = None if analysis is None else analysis.labels.labelled_under
        fields["acceptance"] = None if analysis is None else analysis.labels.acceptance
        fields["items"] = (item_dict(item) for item in report.items())
        hypotheses = report.competing_hypotheses()
        if hypotheses is None:
            fields["outcomes"] = []
        else:
            from causal.report.ach_json import ach_to_json

            fields["outcomes"] = ach_to_json(hypotheses)
    return fields


def report_dict(reports: Sequence[FileReport], version: int = VERSION) -> dict:
    return {
        "version": version,
        "files": [file_dict(report, version) for report in reports],
        "summary": _summary_dict(Summary.of(reports)),
    }


def _summary_dict(summary: Summary) -> dict:
    return {severity.label: summary.count(severity) for severity in sorted(Severity, reverse=True)}


def _report(reports: Iterable[FileReport], version: int) -> dict:
    """The report's fields: its files made as ``reports`` yields them, each ending a piece of text, and its
    summary counted once they are all out."""
    seen: list[FileReport] = []

    def files() -> Iterator[object]:
        for report in reports:
            seen.append(report)
            yield _file(report, version)
            yield PIECE_END

    return {"version": version, "files": files(), "summary": Deferred(lambda: _summary_dict(Summary.of(seen)))}


def render_json(reports: Sequence[FileReport], version: int = VERSION) -> str:
    """The JSON text, indented, keys in schema order; no trailing newline.

    Text that cannot be encoded as UTF-8 (a file name with undecodable bytes,
    kept by Python as lone surrogates) is written as a JSON `\\uDCxx` escape,
    and so are DEL, the C1 controls and the bidi and invisible characters
    (`causal.report.printable.json_safe`): the JSON is plain text on a terminal, and
    `json.loads` gives back the very strings of the input.
    """
    return "".join(iter_json(reports, version))


# Pieces of about this many characters are handed out, so that writing them costs few calls.
_PIECE = 1 << 16


def iter_json(reports: Iterable[FileReport], version: int = VERSION) -> Iterator[str]:
    """`render_json`'s text in pieces, made as they are written.

    The report is never held whole, as text or as dicts: findings and items
    are turned into dicts, encoded and let go a few hundred at a time, and a
    file's part is handed out as soon as ``reports`` yields the file (the
    summary comes last, counted from the files seen). The pieces joined are
    exactly `json.dumps(report_dict(...), indent=2, ensure_ascii=False)`,
    made safe as `render_json` says.
    """
    return iter_json_value(_report(reports, version))


class Deferred:
    """A JSON value worked out only when the writing reaches it, such as a count of what was written before."""

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


# Yielded by a generator inside a value given to `iter_json_value` where the text so far is handed out;
# it writes nothing.
PIECE_END = object()


def iter_json_value(value: object) -> Iterator[str]:
    """``value`` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, in pieces, made safe as
    `render_json` says.

    Generators in ``value`` are written as lists, a member or a batch of
    members at a time; a `Deferred` is worked out when the writing reaches
    it. A piece is handed out every `_PIECE` characters or so, and wherever
    a generator yields `PIECE_END`.
    """
    pending: list[str] = []
    size = 0
    for part in _encode(value, 0):
        if part is PIECE_END or size >= _PIECE:
            if pending:
                yield _safe("".join(pending))
                pending, size = [], 0
            if part is PIECE_END:
                continue
        pending.append(part)
        size += len(part)
    if pending:
        yield _safe("".join(pending))


def iter_jsonl(reports: Iterable[FileReport], version: int = VERSION) -> Iterator[str]:
    """JSON Lines: one compact object a finding (its file's `path`, then the JSON report's finding fields),
    each on a line of its own; a file's lines are handed out as soon as ``reports`` yields the file."""
    for report in reports:
        lines = [
            _safe(_encoders()[1].encode({"path": report.path, **finding_dict(finding, version)})) + "\n"
            for finding in report.findings
        ]
        if lines:
            yield "".join(lines)


def _safe(text: str) -> str:
    return json_safe(text).encode("utf-8", "backslashreplace").decode("utf-8")


@cache
def _encoders() -> tuple:
    """The encoder of indented JSON and the compact one: made once, as json.dumps with options makes a new one each
    call; and made on first use, as `causal check` imports this module for its options whatever the format."""
    import json

    return json.JSONEncoder(indent=2, ensure_ascii=False), json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

# Members of a long list are encoded this many at a time: as fast as encoding the list whole,
# with only this many of its dicts alive at once.
_BATCH = 512


def _lazy(value: object) -> bool:
    """Whether ``value`` is written member by member: a list made as it is read, a value worked out late, or
    a dict holding one."""
    if isinstance(value, (GeneratorType, Deferred)):
        return True
    return isinstance(value, dict) and any(
        isinstance(member, (GeneratorType, Deferred, dict)) and _lazy(member) for member in value.values()
    )


def _indented(text: str, depth: int) -> str:
    """JSON text encoded at nesting 0 as it reads at ``depth`` (JSON strings hold no raw line break)."""
    return text.replace("\n", "\n" + "  " * depth) if depth and "\n" in text else text


def _encode(value: object, depth: int) -> Iterator:
    """``value`` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it at nesting ``depth``, in parts,
    with `PIECE_END` where a generator yields it.

    Generators (written as lists) and the dicts that hold them are written a
    member, or a batch of members, at a time; a `Deferred` is worked out
    here; anything else is encoded whole.
    """
    if isinstance(value, Deferred):
        value = value.make()
    if not _lazy(value):
        yield _indented(_encoders()[0].encode(value), depth)
        return
    inner = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        for number, (key, member) in enumerate(value.items()):
            yield ("{" if number == 0 else ",") + inner + _encoders()[0].encode(key) + ": "
            yield from _encode(member, depth + 1)
        yield "{}" if not value else "\n" + "  " * depth + "}"
        return
    started = False
    batch: list = []
    for member in chain(value, [_LIST_END]):
        if member is not _LIST_END and member is not PIECE_END and not _lazy(member):
            batch.append(member)
            if len(batch) < _BATCH:
                continue
        if batch:
            # "[\n  a,\n  b\n]" less its brackets is the members as they follow "[" at nesting 0.
            members = _encoders()[0].encode(batch)[1:-2]
            yield ("," if started else "[") + _indented(members, depth)
            started, batch = True, []
        if member is PIECE_END:
            yield PIECE_END
        elif member is not _LIST_END and _lazy(member):
            yield ("," if started else "[") + inner
            started = True
            yield from _encode(member, depth + 1)
    yield "\n" + "  " * depth + "]" if started else "[]"


_LIST_END = object()
