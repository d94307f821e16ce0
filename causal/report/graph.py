"""The causal graph of one checked case: what is drawn, and what each drawn thing means.

`dot.py` and `mermaid.py` draw this view; none of the three judges anything
itself. Support strength and time order come from the report's link views
(causal.analysis.views), labels and the attacks from the analysis, chains from
the report's chain verdicts and hypotheses from its competing-hypotheses
analysis: the same judgements the rules and the text report use, so the
picture never disagrees with them.

Every element has an id from `element_id` (the one scheme the DOT, the SVG and
the HTML report share), a tooltip saying what it is and why it looks the way
it does, and the line of the case file that declares it. Each look has a
meaning (`Meaning`); the legend lists only the meanings the drawing uses.

Encodings use the Okabe-Ito palette, which stays distinct under the common
colour-vision deficiencies, and never rely on colour alone: each also differs
by line (solid, dashed, dotted), width, arrowhead, node outline or a word in
its label, so a greyscale print keeps them apart (docs/graph.md).
"""

from __future__ import annotations

import enum
import math
import textwrap
from collections.abc import Iterable

from attrs import frozen

from causal.analysis.ach import CONSISTENT, INCONSISTENT
from causal.analysis.labels import Attack, label_reason
from causal.analysis.links import Strength
from causal.model.case_model import CAUSAL_NODE_KINDS, Model
from causal.model.times import describe
from causal.report.excerpt import printable
from causal.report.file_report import FileReport

TITLE_WIDTH = 22
MAX_TITLE = 160
MAX_TOOLTIP = 400


def element_id(kind: str, key: str | int) -> str:
    """The id of a drawn element, the same in DOT, SVG and HTML.

    ``item-<name>`` (an event, claim, or an attacked source or evidence item),
    ``link-<i>`` (the model's link i, as `FileReport.link(i)` numbers it),
    ``junction-<i>`` (the point a joint link i runs through), ``attack-<i>``
    (attack i of the analysis's attacks, in their order), ``contradiction-<name>``,
    ``gap-<chain>-<step>`` (step numbers from 1), ``chain-<name>``, ``hypothesis-<name>``,
    ``bears-<evidence>-<hypothesis>-<item>`` and ``explains-<hypothesis>``.
    """
    return f"{kind}-{key}"


class Colour(enum.Enum):
    """The Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008), plus a neutral grey."""

    BLACK = "#000000"
    ORANGE = "#E69F00"
    SKY_BLUE = "#56B4E9"
    GREEN = "#009E73"  # bluish green
    BLUE = "#0072B2"
    VERMILLION = "#D55E00"
    PURPLE = "#CC79A7"  # reddish purple
    GREY = "#999999"


class Line(enum.Enum):
    SOLID = "solid"
    DASHED = "dashed"
    DOTTED = "dotted"


class Head(enum.Enum):
    NORMAL = "normal"  # filled triangle
    VEE = "vee"
    HOLLOW = "onormal"
    DIAMOND = "odiamond"
    TEE = "tee"
    NONE = "none"


class Width(enum.Enum):
    THIN = "1"
    NORMAL = "1.5"
    THICK = "3.5"


@frozen
class Look:
    """How an edge is drawn. An undirected look (a contradiction) has its head at both ends."""

    line: Line = Line.SOLID
    colour: Colour = Colour.BLACK
    head: Head = Head.NORMAL
    width: Width = Width.NORMAL
    directed: bool = True


class Meaning(enum.Enum):
    """What a drawn look says, in the legend's order and words."""

    EVENT = "event (date below the title)"
    CLAIM = "claim"
    SOURCE = "source (drawn when attacked)"
    EVIDENCE = "evidence (drawn when attacked)"
    JOINT = "joint causes meet here"
    REJECTED_ITEM = "rejected: an attack defeats it"
    UNDECIDED_ITEM = "undecided: attacks leave it open"
    UNSUPPORTED_ITEM = "unsupported: nothing that stands supports it"
    CHAIN = "chain under test, with its verdict"
    HYPOTHESIS = "hypothesis, with its ACH rank"
    SUPPORTED = "supported link"
    SINGLE_SOURCE = "single source: all evidence from one origin"
    WEAK = "weak: only low-grade evidence"
    ASSUMED = "assumed without evidence"
    UNSUPPORTED = "no evidence (unsupported link)"
    LATE = "cause dated after its effect"
    REJECTED_LINK = "rejected link: does not count"
    UNDECIDED_LINK = "undecided link (diamond head)"
    CHAIN_LINK = "makes a step of a chain (thick)"
    GAP = "chain gap: no link makes the step"
    CHAIN_START = "where a chain starts"
    REBUTS = "rebuts: says the item is false"
    UNDERCUTS = "undercuts: says the link does not follow"
    UNDERMINES = "undermines: says the source or evidence is not to be trusted"
    ATTACK_FAILS = "attack that fails: weaker than what it attacks"
    CONTRADICTION = "contradiction: both cannot be true"
    EXPLAINS = "hypothesis explains the outcome"
    ARGUED_BY = "chain that argues the hypothesis"
    CONSISTENT = "evidence for the item fits the hypothesis (ACH C)"
    INCONSISTENT = "evidence for the item speaks against the hypothesis (ACH I)"


# The sample look of each edge meaning. A modifier (late, rejected, undecided, chain link) is shown
# on a plain link: on a real link it changes only its own channel.
EDGE_LOOKS: dict[Meaning, Look] = {
    Meaning.SUPPORTED: Look(),
    Meaning.SINGLE_SOURCE: Look(colour=Colour.BLUE, head=Head.VEE),
    Meaning.WEAK: Look(colour=Colour.ORANGE, head=Head.HOLLOW),
    Meaning.ASSUMED: Look(Line.DOTTED),
    Meaning.UNSUPPORTED: Look(Line.DASHED, Colour.VERMILLION),
    Meaning.LATE: Look(colour=Colour.VERMILLION, width=Width.THICK, head=Head.VEE),
    Meaning.REJECTED_LINK: Look(colour=Colour.GREY, width=Width.THIN),
    Meaning.UNDECIDED_LINK: Look(head=Head.DIAMOND),
    Meaning.CHAIN_LINK: Look(width=Width.THICK),
    Meaning.GAP: Look(Line.DASHED, Colour.VERMILLION, width=Width.THICK),
    Meaning.CHAIN_START: Look(Line.DOTTED, Colour.GREY, Head.NONE),
    Meaning.REBUTS: Look(colour=Colour.PURPLE, head=Head.TEE),
    Meaning.UNDERCUTS: Look(colour=Colour.PURPLE, head=Head.TEE),
    Meaning.UNDERMINES: Look(colour=Colour.PURPLE, head=Head.TEE),
    Meaning.ATTACK_FAILS: Look(Line.DASHED, Colour.PURPLE, Head.TEE, Width.THIN),
    Meaning.CONTRADICTION: Look(Line.DASHED, Colour.PURPLE, Head.TEE, directed=False),
    Meaning.EXPLAINS: Look(colour=Colour.GREEN, head=Head.VEE, width=Width.THICK),
    Meaning.ARGUED_BY: Look(Line.DOTTED, Colour.GREEN, Head.NONE),
    Meaning.CONSISTENT: Look(Line.DOTTED, Colour.GREEN),
    Meaning.INCONSISTENT: Look(Line.DOTTED, Colour.VERMILLION, Head.TEE),
}
NODE_MEANINGS = (
    Meaning.EVENT,
    Meaning.CLAIM,
    Meaning.SOURCE,
    Meaning.EVIDENCE,
    Meaning.JOINT,
    Meaning.REJECTED_ITEM,
    Meaning.UNDECIDED_ITEM,
    Meaning.UNSUPPORTED_ITEM,
    Meaning.CHAIN,
    Meaning.HYPOTHESIS,
)
STATUS_MEANINGS = {
    "rejected": Meaning.REJECTED_ITEM,
    "undecided": Meaning.UNDECIDED_ITEM,
    "unsupported": Meaning.UNSUPPORTED_ITEM,
}
_ATTACK_MEANINGS = {"rebuts": Meaning.REBUTS, "undercuts": Meaning.UNDERCUTS, "undermines": Meaning.UNDERMINES}


@frozen
class Node:
    """A drawn node. ``key`` is unique in the drawing: an item's name, or `chain#`, `hypothesis#` or
    `link#` and a name or number, which no item's name can be (`#` is not a name character)."""

    key: str
    id: str
    kind: str  # event | claim | source | evidence | junction | chain | hypothesis
    lines: tuple[str, ...]  # the label
    tooltip: str
    line: int | None  # in the case file
    status: str = "accepted"  # accepted | rejected | undecided | unsupported (items); a verdict colours a chain
    meanings: tuple[Meaning, ...] = ()
    colour: Colour = Colour.BLACK  # a chain's outline, by its verdict

    @property
    def name(self) -> str:
        return self.key


@frozen
class Edge:
    """A drawn edge between two node keys."""

    id: str
    source: str
    target: str
    lines: tuple[str, ...]  # the label; empty for none
    look: Look
    tooltip: str
    line: int | None
    meanings: tuple[Meaning, ...]
    constraint: bool = True  # False: the edge does not pull its ends into causal order
    status: str = "accepted"  # a link's label


@frozen
class LegendEntry:
    meaning: Meaning
    look: Look | None  # None: a node sample (``node`` says which)
    node: str | None = None  # kind[:status] of the sample node


@frozen
class GraphView:
    title: str
    path: str  # the case file as given, for links back to it
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    legend: tuple[LegendEntry, ...]
    # Pairs of node keys drawn one after the other (invisibly joined), so that small disconnected
    # parts are packed side by side in rows instead of each taking a band of its own.
    packing: tuple[tuple[str, str], ...] = ()


def _wrapped(text: str) -> list[str]:
    text = printable(" ".join(text.split()))
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1] + "…"
    return textwrap.wrap(text, TITLE_WIDTH) or [""]


def _tip(*parts: str) -> str:
    text = printable(" ".join(" ".join(part for part in parts if part).split()))
    return text if len(text) <= MAX_TOOLTIP else text[: MAX_TOOLTIP - 1] + "…"


class _Drawing:
    def __init__(self, report: FileReport) -> None:
        self.report = report
        self.model: Model = report.model
        self.analysis = report.analysis
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []

    def add_edge(self, edge: Edge) -> None:
        self.edges.append(edge)

    # --- items ---------------------------------------------------------------------

    def item(self, name: str) -> Node:
        model, labels = self.model, self.analysis.labels
        declaration = model.declarations[name]
        kind = model.kind_of(name)
        title = getattr(declaration, "title", None)
        lines = [name, *(_wrapped(title.value) if title is not None else [])]
        time = getattr(declaration, "time", None)
        if time is not None:  # as written, even when a date in it is invalid
            lines.append(describe(time))
        status = labels.label(name).value
        if status != "accepted":
            lines.append(f"({status})")
        meanings = [Meaning[kind.upper()]]
        if status in STATUS_MEANINGS:
            meanings.append(STATUS_MEANINGS[status])
        title_text = f' "{title.value}"' if title is not None else ""
        tooltip = _tip(f"{kind} {name}{title_text}: {status}", f"({label_reason(labels, name)})")
        return Node(
            name, element_id("item", name), kind, tuple(lines), tooltip, declaration.span.line, status, tuple(meanings)
        )

    def add_item(self, name: str) -> None:
        if name not in self.nodes:
            self.nodes[name] = self.item(name)

    # --- links ---------------------------------------------------------------------

    def link(self, index: int, chain_steps: dict[int, list[str]]) -> None:
        model = self.model
        link = model.links[index]
        view = self.report.link(index)
        judged = view.assessment
        kind = link.kind.text if link.kind is not None else "causes"
        if judged.strength is Strength.UNSUPPORTED:
            amount = "no evidence"
        elif judged.strength is Strength.ASSUMED:
            amount = "assumed"
        else:
            amount = f"{len(judged.support)} evidence"
        first = f"{kind} ({amount})"
        if link.label is not None:
            first = f"{link.label.text}: {first}"
        lines = [first]
        strength_meaning = {
            Strength.UNSUPPORTED: Meaning.UNSUPPORTED,
            Strength.ASSUMED: Meaning.ASSUMED,
            Strength.WEAK: Meaning.WEAK,
            Strength.SINGLE_SOURCE: Meaning.SINGLE_SOURCE,
        }.get(judged.strength, Meaning.SUPPORTED)
        look = EDGE_LOOKS[strength_meaning]
        meanings = [strength_meaning]
        if judged.strength is Strength.WEAK:
            lines.append("weak" + (", single source" if judged.independent == 1 else ""))
        elif judged.strength is Strength.SINGLE_SOURCE:
            lines.append("single source")
        if view.late_cause is not None:
            lines.append("cause after effect")
            late = EDGE_LOOKS[Meaning.LATE]
            look = Look(look.line, late.colour, late.head, look.width)
            meanings.append(Meaning.LATE)
        status = judged.label.value
        if status == "rejected":
            look = Look(look.line, Colour.GREY, look.head, Width.THIN)
            meanings.append(Meaning.REJECTED_LINK)
        elif status == "undecided":
            look = Look(look.line, look.colour, Head.DIAMOND, look.width)
            meanings.append(Meaning.UNDECIDED_LINK)
        # An unsupported link already says "no evidence".
        if status not in ("accepted", "unsupported"):
            lines.append(status)
        chains = chain_steps.get(index, [])
        if chains and status != "rejected":
            look = Look(look.line, look.colour, look.head, Width.THICK)
            meanings.append(Meaning.CHAIN_LINK)
        if chains:
            lines.append(", ".join(chains))
        causes = tuple(dict.fromkeys(word.text for word in link.causes))
        effect = link.effect.text
        described = f"link {', '.join(causes)} -> {effect} ({kind})"
        tooltip = _tip(
            f"{described}: {status};", judged.reason + ("; cause dated after its effect" if view.late_cause else "")
        )
        line = link.span.line
        target = effect
        if len(causes) > 1:
            junction = f"link#{index + 1}"
            self.nodes[junction] = Node(
                junction, element_id("junction", index), "junction", (), tooltip, line, meanings=(Meaning.JOINT,)
            )
            for number, cause in enumerate(causes, start=1):
                joined = Look(look.line, look.colour, Head.NONE, look.width)
                self.add_edge(
                    Edge(
                        f"{element_id('link', index)}-cause-{number}",
                        cause,
                        junction,
                        (),
                        joined,
                        tooltip,
                        line,
                        (),
                        status=status,
                    )
                )
            causes = (junction,)
        self.add_edge(
            Edge(
                element_id("link", index),
                causes[0],
                target,
                tuple(lines),
                look,
                tooltip,
                line,
                tuple(meanings),
                status=status,
            )
        )

    # --- chains --------------------------------------------------------------------

    def chains(self) -> dict[int, list[str]]:
        """Draw each chain as a node at its start, and its gaps; return the chain steps each link makes."""
        model, drawn = self.model, self.nodes
        steps_of: dict[int, list[str]] = {}
        verdict_colour = {"broken": Colour.VERMILLION, "weak": Colour.ORANGE, "supported": Colour.BLACK}
        for verdict in self.report.chains:
            declaration = model.chains.get(verdict.name)
            line = declaration.span.line if declaration is not None else verdict.span.line
            key = f"chain#{verdict.name}"
            summary = f"{verdict.verdict}, confidence {verdict.confidence:.2f}"
            tooltip = _tip(
                f"chain {verdict.name}: {' -> '.join(verdict.steps)};",
                f"{summary};",
                f"weakest step {verdict.weakest.text}: {verdict.weakest_reason}" if verdict.weakest else "",
            )
            self.nodes[key] = Node(
                key,
                element_id("chain", verdict.name),
                "chain",
                (f"chain {verdict.name}", summary),
                tooltip,
                line,
                verdict.verdict,
                (Meaning.CHAIN,),
                verdict_colour.get(verdict.verdict, Colour.BLACK),
            )
            for step in verdict.assessments:
                number = step.position + 1
                for index in step.links:
                    steps_of.setdefault(index, []).append(f"{verdict.name} #{number}")
                if step.position == 0:
                    for start in step.causes:
                        if start in drawn:
                            self.add_edge(
                                Edge(
                                    f"{element_id('chain', verdict.name)}-start-{start}",
                                    key,
                                    start,
                                    (),
                                    EDGE_LOOKS[Meaning.CHAIN_START],
                                    tooltip,
                                    line,
                                    (Meaning.CHAIN_START,),
                                )
                            )
                for effect in step.effects:
                    if model.links_making(step.causes, effect):
                        continue
                    for cause in step.causes:
                        if cause in drawn and effect in drawn:
                            gap_id = element_id("gap", f"{verdict.name}-{number}")
                            if any(edge.id == gap_id and edge.source == cause for edge in self.edges):
                                continue
                            self.add_edge(
                                Edge(
                                    gap_id,
                                    cause,
                                    effect,
                                    (f"gap in chain {verdict.name}",),
                                    EDGE_LOOKS[Meaning.GAP],
                                    _tip(f"chain {verdict.name}, step {number}: no link makes {cause} -> {effect}"),
                                    line,
                                    (Meaning.GAP,),
                                )
                            )
        return steps_of

    # --- attacks and contradictions --------------------------------------------------

    def contradictions(self) -> None:
        for name, contradiction in self.model.contradictions.items():
            left, right = contradiction.left.text, contradiction.right.text
            if left in self.nodes and right in self.nodes:
                self.add_edge(
                    Edge(
                        element_id("contradiction", name),
                        left,
                        right,
                        (f"contradiction {name}",),
                        EDGE_LOOKS[Meaning.CONTRADICTION],
                        _tip(f"contradiction {name}: {left} and {right} cannot both be true"),
                        contradiction.span.line,
                        (Meaning.CONTRADICTION,),
                        constraint=False,
                    )
                )

    def attacks(self) -> None:
        """The attacks the case writes (not those on what a target rests on, nor contradictions)."""
        model = self.model
        for number, attack in enumerate(self.analysis.labels.attacks):
            if attack.through is not None or attack.kind not in _ATTACK_MEANINGS:
                continue
            if attack.attacker not in self.nodes:
                continue
            target = self._attack_target(attack)
            if target is None:
                continue
            meanings = [_ATTACK_MEANINGS[attack.kind]]
            look = EDGE_LOOKS[meanings[0]]
            label = attack.kind
            if not attack.defeats:
                look, label = EDGE_LOOKS[Meaning.ATTACK_FAILS], f"{attack.kind} (fails)"
                meanings.append(Meaning.ATTACK_FAILS)
            tooltip = _tip(f"{attack.attacker} {attack.kind} {attack.target}:", attack.comparison)
            line = model.declarations[attack.attacker].span.line
            self.add_edge(
                Edge(
                    element_id("attack", number),
                    attack.attacker,
                    target,
                    (label,),
                    look,
                    tooltip,
                    line,
                    tuple(meanings),
                )
            )

    def _attack_target(self, attack: Attack) -> str | None:
        """The node an attack is drawn to: its target, or for an undercut the link's junction or effect."""
        model = self.model
        kind = model.kind_of(attack.target)
        if kind in ("source", "evidence"):
            self.add_item(attack.target)
            return attack.target
        if attack.target in self.nodes:
            return attack.target
        index = model.link_index(attack.target)
        if index is None:
            return None
        junction = f"link#{index + 1}"
        if junction in self.nodes:
            return junction
        effect = model.links[index].effect.text
        return effect if effect in self.nodes else None

    # --- hypotheses ------------------------------------------------------------------

    def hypotheses(self) -> None:
        model = self.model
        if not model.hypotheses:
            return
        ach = self.report.competing_hypotheses()
        for outcome in ach.outcomes:
            total = len(outcome.hypotheses)
            for column, result in enumerate(outcome.hypotheses):
                key = f"hypothesis#{result.name}"
                rank = f"ACH rank {result.rank} of {total}" + (" (tied)" if result.tied else "")
                standing = "" if result.standing == "standing" else result.standing
                lines = [
                    f"hypothesis {result.name}",
                    *_wrapped(result.title),
                    rank + (f", {standing}" if standing else ""),
                ]
                tooltip = _tip(
                    f'hypothesis {result.name} "{result.title}" explains {outcome.outcome}:',
                    f"{rank}; inconsistency {result.inconsistency:.2f} ({result.inconsistent_count} I),",
                    f"consistency {result.consistency:.2f} ({result.consistent_count} C);",
                    f"process tracing {result.verdict}" + (f"; {standing}" if standing else ""),
                )
                self.nodes[key] = Node(
                    key,
                    element_id("hypothesis", result.name),
                    "hypothesis",
                    tuple(lines),
                    tooltip,
                    result.line,
                    meanings=(Meaning.HYPOTHESIS,),
                )
                if outcome.outcome in self.nodes:
                    self.add_edge(
                        Edge(
                            element_id("explains", result.name),
                            key,
                            outcome.outcome,
                            ("explains",),
                            EDGE_LOOKS[Meaning.EXPLAINS],
                            tooltip,
                            result.line,
                            (Meaning.EXPLAINS,),
                        )
                    )
                for chain in result.argued_by:
                    chain_key = f"chain#{chain}"
                    if chain_key in self.nodes:
                        self.add_edge(
                            Edge(
                                f"{element_id('chain', chain)}-argues-{result.name}",
                                chain_key,
                                key,
                                ("argues",),
                                EDGE_LOOKS[Meaning.ARGUED_BY],
                                _tip(f"chain {chain} argues hypothesis {result.name}"),
                                result.line,
                                (Meaning.ARGUED_BY,),
                                constraint=False,
                            )
                        )
                self._bearing(outcome.rows, column, result.name, key)

    def _bearing(self, rows: Iterable, column: int, hypothesis: str, key: str) -> None:
        """Edges from the items an evidence item supports to the hypothesis it is consistent or inconsistent with."""
        for row in rows:
            cell = row.cells[column]
            if cell.mark not in (CONSISTENT, INCONSISTENT) or not row.counts:
                continue
            item = self.model.evidence.get(row.evidence)
            if item is None:
                continue
            meaning = Meaning.CONSISTENT if cell.mark == CONSISTENT else Meaning.INCONSISTENT
            word = "consistent with" if cell.mark == CONSISTENT else "inconsistent with"
            for supported in dict.fromkeys(word.text for word in item.supports):
                if supported not in self.nodes:
                    continue
                self.add_edge(
                    Edge(
                        element_id("bears", f"{row.evidence}-{hypothesis}-{supported}"),
                        supported,
                        key,
                        (f"{row.evidence}: {cell.mark}",),
                        EDGE_LOOKS[meaning],
                        _tip(f"evidence {row.evidence} ({row.grades}) supports {supported} and is {word} {hypothesis}"),
                        row.line,
                        (meaning,),
                    )
                )


def _drawn_links(model: Model) -> list[int]:
    """Links whose causes and effect are all events or claims, in file order."""
    return sorted({index for indexes in model.links_by_effect.values() for index in indexes})


def _legend(nodes: Iterable[Node], edges: Iterable[Edge]) -> tuple[LegendEntry, ...]:
    used = {meaning for element in (*nodes, *edges) for meaning in element.meanings}
    samples = {
        Meaning.EVENT: "event",
        Meaning.CLAIM: "claim",
        Meaning.SOURCE: "source",
        Meaning.EVIDENCE: "evidence",
        Meaning.JOINT: "junction",
        Meaning.REJECTED_ITEM: "event:rejected",
        Meaning.UNDECIDED_ITEM: "event:undecided",
        Meaning.UNSUPPORTED_ITEM: "event:unsupported",
        Meaning.CHAIN: "chain",
        Meaning.HYPOTHESIS: "hypothesis",
    }
    entries = [LegendEntry(meaning, None, samples[meaning]) for meaning in NODE_MEANINGS if meaning in used]
    entries += [LegendEntry(meaning, look) for meaning, look in EDGE_LOOKS.items() if meaning in used]
    return tuple(entries)


def _packing(nodes: dict[str, Node], edges: list[Edge]) -> tuple[tuple[str, str], ...]:
    """Invisible joins that pack the disconnected parts under the largest one, in columns.

    Graphviz's own packing loses edge labels under `dot`, and without it each part takes a band of its own
    beside the others, so a case with many small parts draws as a wide strip. Here each small part is
    joined below another: the columns, each headed under the largest part's last rank, are as many as that
    part is wide (in nodes of one rank), and each part goes to the shortest column. A part's depth is its
    longest path in ranks (over edges that order their ends; a loop is cut where it closes). Linear but
    for sorting the parts.
    """
    keys = list(nodes)
    position = {key: number for number, key in enumerate(keys)}
    parent = list(range(len(keys)))

    def root(number: int) -> int:
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    following: list[list[int]] = [[] for _ in keys]
    incoming = [0] * len(keys)
    for edge in edges:
        source, target = position[edge.source], position[edge.target]
        parent[root(source)] = root(target)
        if edge.constraint and source != target:
            following[source].append(target)
            incoming[target] += 1
    depth = [0] * len(keys)
    ready = [number for number in range(len(keys)) if incoming[number] == 0]
    while ready:
        number = ready.pop()
        for target in following[number]:
            depth[target] = max(depth[target], depth[number] + 1)
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    parts: dict[int, list[int]] = {}
    for number in range(len(keys)):
        parts.setdefault(root(number), []).append(number)
    if len(parts) < 2:
        return ()
    measured = []
    for members in parts.values():
        top = min(members, key=lambda number: (depth[number], number))
        bottom = max(members, key=lambda number: (depth[number], -number))
        per_rank: dict[int, int] = {}
        for number in members:
            if nodes[keys[number]].kind != "junction":
                per_rank[depth[number]] = per_rank.get(depth[number], 0) + 1
        measured.append((depth[bottom] + 1, max(per_rank.values(), default=1), len(members), members[0], top, bottom))
    measured.sort(key=lambda part: (-part[2], -part[0], part[3]))
    largest, rest = measured[0], measured[1:]
    columns = max(1, min(len(rest), max(largest[1], math.isqrt(len(rest)))))
    heights = [0] * columns
    lasts = [largest[5]] * columns
    pairs = []
    for part in sorted(rest, key=lambda part: (-part[0], -part[2], part[3])):
        column = min(range(columns), key=lambda number: (heights[number], number))
        pairs.append((keys[lasts[column]], keys[part[4]]))
        heights[column] += part[0]
        lasts[column] = part[5]
    return tuple(pairs)


def graph_view(report: FileReport) -> GraphView:
    """The view of a report whose case parsed (``report.model`` is set)."""
    model, analysis = report.model, report.analysis
    if model is None or analysis is None:
        raise ValueError("the case did not parse; there is no graph to draw")
    drawing = _Drawing(report)
    for name in model.declarations:
        if model.kind_of(name) in CAUSAL_NODE_KINDS:
            drawing.add_item(name)
    chain_steps = drawing.chains()
    for index in _drawn_links(model):
        drawing.link(index, chain_steps)
    drawing.contradictions()
    drawing.attacks()
    drawing.hypotheses()
    nodes = drawing.nodes
    title = model.header.title.value if model.header is not None else report.path
    return GraphView(
        printable(title),
        report.path,
        tuple(nodes.values()),
        tuple(drawing.edges),
        _legend(nodes.values(), drawing.edges),
        _packing(nodes, drawing.edges),
    )
