"""The causal graph of one checked case, with each edge styled by what the checker judged.

`dot.py` and `mermaid.py` draw this view; none of the three judges anything
itself. Support strength and time order come from the report's link views
(causal.analysis.views), and broken chains from its chain verdicts: the same
judgements the rules and the chain verdicts use, so the picture never disagrees
with the text report.
"""

from __future__ import annotations

import enum
import textwrap

from attrs import frozen

from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.links import Strength
from causal.model.case_model import CAUSAL_NODE_KINDS, Model
from causal.model.times import describe
from causal.report.excerpt import printable
from causal.report.file_report import FileReport

TITLE_WIDTH = 28
MAX_TITLE = 160

ELEMENT_KINDS = ("item", "link", "attack", "chain", "hypothesis")


def element_id(kind: str, key: str | int) -> str:
    """The one id scheme of drawn elements, shared by DOT, SVG and the HTML report that links to them:
    `item-<name>`, `link-<i>` (the index of `FileReport.link(i)`), `attack-<i>` (in the model's order),
    `chain-<name>`, `hypothesis-<name>`. Names never hold whitespace, so the ids are valid HTML ids."""
    if kind not in ELEMENT_KINDS:
        raise ValueError(f"no drawn element of kind {kind!r}")
    return f"{kind}-{key}"


class Line(enum.Enum):
    SOLID = "solid"
    DASHED = "dashed"  # no evidence, not assumed
    DOTTED = "dotted"  # assumed


class Colour(enum.Enum):
    PLAIN = "black"
    WEAK = "darkorange"  # weak support or one origin source
    ERROR = "red"  # cause after effect, a broken chain, a chain gap
    CONTRADICTION = "purple"
    ATTACK = "firebrick"  # one item rebuts or undercuts another
    REJECTED = "grey60"  # a link rejected by the case's attacks


@frozen
class Look:
    """How an edge is drawn."""

    line: Line = Line.SOLID
    colour: Colour = Colour.PLAIN
    thick: bool = False
    directed: bool = True


GAP_LOOK = Look(Line.DASHED, Colour.ERROR, thick=True)
CONTRADICTION_LOOK = Look(Line.DASHED, Colour.CONTRADICTION, directed=False)
ATTACK_LOOK = Look(Line.SOLID, Colour.ATTACK)
REJECTED_LOOK = Look(Line.SOLID, Colour.REJECTED)


@frozen
class Node:
    name: str
    kind: str  # event | claim
    lines: tuple[str, ...]  # the label: name, title wrapped, time, and the status unless accepted
    status: str = "accepted"  # accepted | rejected | undecided | unsupported


@frozen
class Edge:
    """One causal link. A joint link (several causes) is drawn through a junction."""

    index: int  # into Model.links
    causes: tuple[str, ...]
    effect: str
    lines: tuple[str, ...]  # the label
    look: Look
    status: str = "accepted"

    @property
    def joint(self) -> bool:
        return len(self.causes) > 1


@frozen
class Extra:
    """An edge that is not a link: a chain gap, a contradiction, or an attack between two drawn items."""

    source: str
    target: str
    label: str
    look: Look  # GAP_LOOK, CONTRADICTION_LOOK or ATTACK_LOOK
    element: str | None = None  # its element_id, for an attack


@frozen
class GraphView:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    extras: tuple[Extra, ...]


def _wrapped(text: str) -> list[str]:
    text = printable(" ".join(text.split()))
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1] + "…"
    return textwrap.wrap(text, TITLE_WIDTH) or [""]


def _nodes(analysis: CaseAnalysis) -> list[Node]:
    model = analysis.model
    nodes = []
    for name, declaration in model.declarations.items():
        kind = model.kind_of(name)
        if kind not in CAUSAL_NODE_KINDS:
            continue
        lines = [name, *_wrapped(declaration.title.value)]
        if declaration.time is not None:  # as written, even when a date in it is invalid
            lines.append(describe(declaration.time))
        status = analysis.labels.label(name).value
        if status != "accepted":
            lines.append(f"({status})")
        nodes.append(Node(name, kind, tuple(lines), status))
    return nodes


def _drawn_links(model: Model) -> list[int]:
    """Links whose causes and effect are all events or claims, in file order."""
    return sorted({index for indexes in model.links_by_effect.values() for index in indexes})


_STRENGTH_NOTES = {
    Strength.WEAK: "weak support",
    Strength.SINGLE_SOURCE: "single source",
}


def _edge(report: FileReport, model: Model, index: int, in_broken_chain: bool) -> Edge:
    link = model.links[index]
    view = report.link(index)
    judged = view.assessment
    kind = link.kind.text if link.kind is not None else "causes"
    count = len(judged.support)
    if judged.strength is Strength.UNSUPPORTED:
        amount = "no evidence"
    elif judged.strength is Strength.ASSUMED:
        amount = "assumed"
    else:
        amount = f"{count} evidence"
    first = f"{kind} ({amount})"
    if link.label is not None:
        first = f"{link.label.text}: {first}"
    lines = [first]
    out_of_order = view.late_cause is not None
    if judged.strength in _STRENGTH_NOTES:
        lines.append(_STRENGTH_NOTES[judged.strength])
    if out_of_order:
        lines.append("cause after effect")
    status = judged.label.value
    # An unsupported link already says "no evidence".
    if status not in ("accepted", "unsupported"):
        lines.append(status)
    line = {Strength.UNSUPPORTED: Line.DASHED, Strength.ASSUMED: Line.DOTTED}.get(judged.strength, Line.SOLID)
    if status == "rejected":
        colour = Colour.REJECTED
    elif out_of_order or in_broken_chain:
        colour = Colour.ERROR
    elif judged.strength in _STRENGTH_NOTES:
        colour = Colour.WEAK
    else:
        colour = Colour.PLAIN
    causes = tuple(dict.fromkeys(word.text for word in link.causes))
    return Edge(index, causes, link.effect.text, tuple(lines), Look(line, colour, in_broken_chain), status)


def graph_view(report: FileReport) -> GraphView:
    """The view of a report whose case parsed (``report.model`` is set)."""
    model, analysis = report.model, report.analysis
    if model is None or analysis is None:
        raise ValueError("the case did not parse; there is no graph to draw")
    nodes = _nodes(analysis)
    drawn = {node.name for node in nodes}
    broken: set[int] = set()
    extras: list[Extra] = []
    for verdict in report.chains:
        if verdict.verdict != "broken":
            continue
        for step in verdict.assessments:
            broken.update(step.links)
            for effect in step.effects:
                if model.links_making(step.causes, effect):
                    continue
                for cause in step.causes:
                    if cause in drawn and effect in drawn:
                        gap = Extra(cause, effect, f"gap in chain {verdict.name}", GAP_LOOK)
                        if gap not in extras:
                            extras.append(gap)
    for name, contradiction in model.contradictions.items():
        left, right = contradiction.left.text, contradiction.right.text
        if left in drawn and right in drawn:
            extras.append(Extra(left, right, f"contradiction {name}", CONTRADICTION_LOOK))
    for number, attack in enumerate(analysis.labels.attacks):
        # Attacks between drawn items only; an attack through a link's cause is drawn at the cause.
        if attack.through is None and attack.kind != "contradicts":
            if attack.attacker in drawn and attack.target in drawn:
                # An attack that its target's strength repels is drawn, and said to fail.
                label = attack.kind if attack.defeats else f"{attack.kind} (fails)"
                extras.append(
                    Extra(attack.attacker, attack.target, label, ATTACK_LOOK, element_id("attack", number))
                )
    edges = [_edge(report, model, index, index in broken) for index in _drawn_links(model)]
    title = model.header.title.value if model.header is not None else report.path
    return GraphView(printable(title), tuple(nodes), tuple(edges), tuple(extras))


# The legend both renderers draw: what each look means.
LEGEND: tuple[tuple[str, Look], ...] = (
    ("supported link", Look()),
    ("no evidence (unsupported)", Look(Line.DASHED)),
    ("assumed without evidence", Look(Line.DOTTED)),
    ("weak support / single source", Look(colour=Colour.WEAK)),
    ("cause after effect", Look(colour=Colour.ERROR)),
    ("link of a broken chain", Look(colour=Colour.ERROR, thick=True)),
    ("gap in a broken chain", GAP_LOOK),
    ("contradiction", CONTRADICTION_LOOK),
    ("attack (rebuts, undercuts)", ATTACK_LOOK),
    ("rejected link", REJECTED_LOOK),
)
