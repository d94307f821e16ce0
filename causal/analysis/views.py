"""What a report shows of a case's analysis: one record per item, per link, and the competing hypotheses.

Renderers read these through the report (causal.report.file_report.FileReport)
and never call the analysis themselves, so a format shows exactly what the
rules judged. They are made on demand, not by every check: a text report of a
large case never pays for every item's confidence, and the JSON report streams
the items one at a time instead of holding them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from attrs import frozen

from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.confidence import evidence_confidence, item_confidence, link_confidence
from causal.analysis.labels import Label, argument_kinds
from causal.analysis.links import LinkAssessment, assess_link, late_cause
from causal.inputs.spans import Span

if TYPE_CHECKING:
    from causal.analysis.ach import Analysis
    from causal.analysis.chains import ChainVerdict
    from causal.analysis.explain import Node


@frozen
class ItemView:
    """One argument of the case's framework: its kind, label and confidence (sources have none: they are graded).
    `credulous` and `sceptical` are None under grounded semantics, where they are the label itself."""

    id: str
    kind: str
    label: Label
    confidence: float | None
    credulous: bool | None = None
    sceptical: bool | None = None


def item_views(analysis: CaseAnalysis) -> Iterator[ItemView]:
    acceptability = analysis.labels
    several = acceptability.labelled_under != "grounded"
    for item, kind in argument_kinds(analysis.model).items():
        yield ItemView(
            item,
            kind,
            acceptability.label(item),
            _confidence(analysis, item, kind),
            acceptability.is_credulous(item) if several else None,
            acceptability.is_sceptical(item) if several else None,
        )


def _confidence(analysis: CaseAnalysis, item: str, kind: str) -> float | None:
    model = analysis.model
    if kind == "evidence":
        return evidence_confidence(analysis, model.evidence[item])
    if kind == "link":
        return link_confidence(analysis, model.link_index(item))
    if kind in ("event", "claim"):
        return item_confidence(analysis, item)
    return None


@frozen
class LinkView:
    """A link's judgement (support, strength, label) and its first cause dated after its effect, if any."""

    assessment: LinkAssessment
    late_cause: str | None


def link_view(analysis: CaseAnalysis, index: int) -> LinkView:
    return LinkView(assess_link(analysis, index), late_cause(analysis.model, analysis.model.links[index]))


def competing_hypotheses(analysis: CaseAnalysis) -> Analysis:
    """The competing-hypotheses matrices of every outcome, with tests and posteriors (causal.analysis.ach)."""
    # Imported here: a text report of a case without hypotheses never needs the ACH machinery.
    from causal.analysis.ach import analyse

    return analyse(analysis)


# A reporting path longer than this is shown cut: a relay of thousands of `via` hops would
# otherwise make every source's view as long as the relay.
MAX_SHOWN_PATH = 50


@frozen
class SourceView:
    """A source as a report shows it: its grade, its reporting path (itself first, then its carriers,
    nearest first; at most MAX_SHOWN_PATH of them), the outlets its words reach us through, and
    every reliability grade on the path."""

    name: str
    title: str
    reliability: str
    document: str | None
    path: tuple[str, ...]
    path_cut: bool  # the path goes on past what `path` holds
    outlets: tuple[str, ...]
    path_grades: tuple[str, ...]
    label: Label
    span: Span


def source_views(analysis: CaseAnalysis) -> Iterator[SourceView]:
    model = analysis.model
    reporting = model.reporting
    for name, source in model.sources.items():
        path = reporting.path(name, limit=MAX_SHOWN_PATH + 1)
        yield SourceView(
            name,
            source.title.value,
            model.reliability_of(name),
            None if source.document is None else source.document.value,
            tuple(path[:MAX_SHOWN_PATH]),
            len(path) > MAX_SHOWN_PATH,
            tuple(sorted(reporting.outlets.get(name, ()))),
            tuple(sorted(reporting.path_grades.get(name, ()))),
            analysis.labels.label(name),
            source.span,
        )


def explanation(
    analysis: CaseAnalysis, chains: tuple[ChainVerdict, ...], item: str, max_nodes: int | None = None
) -> Node:
    """Why ``item`` (an argument's id or a chain's name) got its label: `causal explain`'s tree, expanded
    while it has fewer than ``max_nodes`` nodes."""
    # Imported here: only `explain` and the HTML report need the trees.
    from causal.analysis.explain import explain_tree

    return explain_tree(analysis, chains, item, max_nodes=max_nodes)
