"""The report data: everything `causal check` knows about one case file, which every renderer reads.

Renderers take a `FileReport` and compute nothing of their own: what they show
(findings, chain verdicts, labels, link judgements, the competing-hypotheses
matrix) was computed once by the pipeline (causal.pipeline) and is held here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from attrs import frozen

from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.chains import ChainVerdict
from causal.analysis.views import (
    ItemView,
    LinkView,
    SourceView,
    competing_hypotheses,
    explanation,
    item_views,
    link_view,
    source_views,
)
from causal.language import ast
from causal.model.case_model import Model
from causal.rules.findings import Finding, Severity

if TYPE_CHECKING:
    from causal.analysis.ach import Analysis
    from causal.analysis.explain import Node


@frozen
class FileReport:
    """Everything `causal check` knows about one case file."""

    path: str
    text: str
    findings: tuple[Finding, ...]
    chains: tuple[ChainVerdict, ...] = ()
    case: ast.CaseFile | None = None
    model: Model | None = None
    analysis: CaseAnalysis | None = None
    unreadable: bool = False  # the file could not be read (or its settings used): its one finding says why
    # The least severity that fails the run, as the file's `[tool.causal]` sets it (`fail-on`); None: not set.
    fail_on: Severity | None = None

    def items(self) -> Iterator[ItemView]:
        """Every argument with its label and confidence, made one at a time as it is read."""
        return iter(()) if self.analysis is None else item_views(self.analysis)

    def link(self, index: int) -> LinkView:
        """The judgement of the model's link ``index`` (the case parsed)."""
        if self.analysis is None:
            raise ValueError("the case did not parse; it has no links")
        return link_view(self.analysis, index)

    def competing_hypotheses(self) -> Analysis | None:
        return None if self.analysis is None else competing_hypotheses(self.analysis)

    def sources(self) -> Iterator[SourceView]:
        """Every source with its grade and reporting path, in file order."""
        return iter(()) if self.analysis is None else source_views(self.analysis)

    def explain(self, item: str, max_nodes: int | None = None) -> Node:
        """`causal explain`'s tree for an argument's id or a chain's name (the case parsed), expanded while it
        has fewer than ``max_nodes`` nodes."""
        if self.analysis is None:
            raise ValueError("the case did not parse; it has nothing to explain")
        return explanation(self.analysis, self.chains, item, max_nodes)
