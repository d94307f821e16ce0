"""The causal graph as Graphviz DOT.

Events are ellipses, claims boxes; a joint link runs from its causes into a
small junction point and from there, as one edge, to its effect. Names and
labels are written as quoted DOT strings, so any name or title is safe: the
text is made `printable` (no newline or control character), backslashes and
quotes are escaped, and `&` is written `&amp;`, since Graphviz reads HTML
entities in every string. There are no HTML-like `<...>` labels.
"""

from __future__ import annotations

from causal.report.file_report import FileReport
from causal.report.graph import LEGEND, Colour, Edge, GraphView, Line, Look, element_id, graph_view
from causal.report.printable import printable

THICK = "2.5"


def quote(text: str) -> str:
    """A DOT quoted string holding ``text`` literally (no escString line breaks, no entities)."""
    text = printable(text.replace("\n", " "))
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") + '"'


def label(lines: tuple[str, ...] | list[str]) -> str:
    """A DOT label of several centred lines."""
    return '"' + "\\n".join(quote(line)[1:-1] for line in lines) + '"'


def _attributes(**pairs: str | None) -> str:
    shown = [f"{key}={value}" for key, value in pairs.items() if value is not None]
    return f" [{', '.join(shown)}]" if shown else ""


def _edge_style(look: Look) -> dict[str, str | None]:
    colour = None if look.colour is Colour.PLAIN else look.colour.value
    return {
        "style": None if look.line is Line.SOLID else look.line.value,
        "color": colour,
        "fontcolor": colour,
        "penwidth": THICK if look.thick else None,
    }


def _look(look: Look) -> dict[str, str | None]:
    return _edge_style(look) if look.directed else {"dir": "none", **_edge_style(look)}


# How an item's status shows on its node: rejected items greyed out and dashed, undecided ones
# shaded, unsupported ones drawn with a dotted outline (nothing stands behind them).
NODE_STATUS_STYLE: dict[str, dict[str, str]] = {
    "accepted": {},
    "rejected": {"style": '"filled,dashed"', "fillcolor": "grey92", "color": "grey60", "fontcolor": "grey40"},
    "undecided": {"style": "filled", "fillcolor": "lightyellow", "color": "goldenrod"},
    "unsupported": {"style": "dotted", "color": "grey30"},
}


def _junction(edge: Edge) -> str:
    # `#` never occurs in a name, so junction ids cannot clash with nodes.
    return quote(f"link#{edge.index + 1}")


def _link(edge: Edge) -> list[str]:
    style = _edge_style(edge.look)
    # A joint link's parts share its id as a prefix, so that a reader can pick out all of them.
    link_id = element_id("link", edge.index)
    if not edge.joint:
        attributes = _attributes(label=label(edge.lines), **style, id=quote(link_id))
        return [f"  {quote(edge.causes[0])} -> {quote(edge.effect)}{attributes}"]
    junction = _junction(edge)
    junction_id = quote(f"{link_id}-junction")
    junction_attributes = _attributes(shape="point", width="0.08", color=style["color"], id=junction_id)
    out = [f"  {junction}{junction_attributes}"]
    for number, cause in enumerate(edge.causes, start=1):
        attributes = _attributes(arrowhead="none", **style, id=quote(f"{link_id}-cause-{number}"))
        out.append(f"  {quote(cause)} -> {junction}{attributes}")
    attributes = _attributes(label=label(edge.lines), **style, id=quote(link_id))
    out.append(f"  {junction} -> {quote(edge.effect)}{attributes}")
    return out


def _legend() -> list[str]:
    out = [
        "  subgraph cluster_legend {",
        '    label="Legend"; fontsize=11; color=grey; style=rounded;',
        '    node [fontsize=9, fontname="Helvetica"];',
        '    edge [fontsize=8, fontname="Helvetica"];',
        f'    "legend#event" [shape=ellipse, label={label(["event", "date"])}];',
        f'    "legend#claim" [shape=box, label={label(["claim"])}];',
        '    "legend#joint" [shape=point, width=0.08, xlabel="joint cause"];',
        f'    "legend#rejected"{_attributes(shape="ellipse", label=quote("rejected"), **NODE_STATUS_STYLE["rejected"])};',
        f'    "legend#undecided"{_attributes(shape="ellipse", label=quote("undecided"), **NODE_STATUS_STYLE["undecided"])};',
        f'    "legend#unsupported"{_attributes(shape="ellipse", label=quote("unsupported"), **NODE_STATUS_STYLE["unsupported"])};',
    ]
    # Each row: a short sample edge, then its meaning as a text node (edge labels
    # would make Graphviz add label nodes and shuffle the rows).
    for number, (meaning, look) in enumerate(LEGEND, start=1):
        start, end, text = (quote(f"legend#{number}{part}") for part in "abt")
        out.append(f"    {start} [shape=point, width=0.02, style=invis];")
        out.append(f"    {end} [shape=point, width=0.02, style=invis];")
        out.append(f"    {text} [shape=plaintext, label={quote(meaning)}];")
        out.append(f"    {start} -> {end}{_attributes(**_look(look))}")
        out.append(f"    {end} -> {text} [style=invis];")
    # Keep the rows in order: each kind of part in one column.
    for part in "abt":
        parts = " ".join(quote(f"legend#{number}{part}") for number in range(1, len(LEGEND) + 1))
        out.append(f"    {{rank=same; {parts}}}")
    # The node samples in a column of their own, right of the edge samples.
    out.append('    "legend#1t" -> "legend#event" [style=invis];')
    out.append('    {rank=same; "legend#event" "legend#claim" "legend#joint" "legend#rejected" "legend#undecided" "legend#unsupported"}')
    out.append("  }")
    return out


def render_view(view: GraphView) -> str:
    out = [
        "digraph causal {",
        f"  label={quote(view.title)}; labelloc=t; fontsize=14;",
        '  rankdir=LR; fontname="Helvetica";',
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in view.nodes:
        shape = "box" if node.kind == "claim" else "ellipse"
        status = NODE_STATUS_STYLE[node.status]
        node_id = quote(element_id("item", node.name))
        attributes = _attributes(shape=shape, label=label(node.lines), **status, id=node_id)
        out.append(f"  {quote(node.name)}{attributes}")
    for edge in view.edges:
        out.extend(_link(edge))
    for extra in view.extras:
        # An undirected edge (a contradiction) must not pull its sides into causal order.
        constraint = None if extra.look.directed else "false"
        element = None if extra.element is None else quote(extra.element)
        attributes = _attributes(label=quote(extra.label), **_look(extra.look), constraint=constraint, id=element)
        out.append(f"  {quote(extra.source)} -> {quote(extra.target)}{attributes}")
    out.extend(_legend())
    out.append("}")
    return "\n".join(out)


def render_dot(report: FileReport) -> str:
    """The DOT text for a report whose case parsed; no trailing newline."""
    return render_view(graph_view(report))
