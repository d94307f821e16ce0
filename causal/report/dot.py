"""The causal graph as Graphviz DOT.

Events are ellipses, claims boxes, chains `cds` arrows, hypotheses hexagons;
a joint link runs from its causes into a small junction point and from there,
as one edge, to its effect. Every node and edge has an `id` (copied by
Graphviz into the SVG), a `tooltip` and, when the case came from a file, a
`URL` back to the line that declares it (docs/graph.md).

Names, labels, tooltips and URLs are written as quoted DOT strings, so any
name or title is safe: the text is made `printable` (no newline or control
character), backslashes and quotes are escaped, and `&` is written `&amp;`,
since Graphviz reads HTML entities in every string. The only HTML-like label
is the legend's, and it holds none of the case's text.
"""

from __future__ import annotations

import html
from urllib.parse import quote as url_quote

from causal.report.file_report import FileReport
from causal.report.graph import Colour, GraphView, Head, LegendEntry, Line, Look, Node, Width, graph_view
from causal.report.printable import printable

# The schemes a --link-base may have; anything else (javascript:, data:) could run code in a browser.
SAFE_SCHEMES = ("file:", "http:", "https:")


def quote(text: str) -> str:
    """A DOT quoted string holding ``text`` literally (no escString line breaks, no entities)."""
    text = printable(text.replace("\n", " "))
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") + '"'


def label(lines: tuple[str, ...] | list[str]) -> str:
    """A DOT label of several centred lines."""
    return '"' + "\\n".join(quote(line)[1:-1] for line in lines) + '"'


def safe_link_base(base: str) -> bool:
    """Whether ``base`` may start the links back to the case: a relative path or a file or web URL."""
    scheme, colon, _ = base.partition(":")
    if not colon or "/" in scheme:
        return True
    return base.lower().startswith(SAFE_SCHEMES)


def case_url(path: str, line: int | None, link_base: str | None) -> str | None:
    """``<link_base><path>#L<line>``; the path is percent-encoded, so it can never be read as a scheme."""
    if line is None or path.startswith("<"):  # <stdin> is no file to link to
        return None
    base = link_base or ""
    if not safe_link_base(base):
        raise ValueError(f"a link base must be a relative path or a file:, http: or https: URL, not {base!r}")
    return f"{base}{url_quote(path, safe='/')}#L{line}"


def _attributes(**pairs: str | None) -> str:
    shown = [f"{key}={value}" for key, value in pairs.items() if value is not None]
    return f" [{', '.join(shown)}]" if shown else ""


def _edge_style(look: Look) -> dict[str, str | None]:
    colour = None if look.colour is Colour.BLACK else quote(look.colour.value)
    style: dict[str, str | None] = {
        "style": None if look.line is Line.SOLID else look.line.value,
        "color": colour,
        "fontcolor": colour,
        "penwidth": None if look.width is Width.NORMAL else look.width.value,
        "arrowhead": None if look.head is Head.NORMAL else look.head.value,
    }
    if not look.directed:
        style.update(dir="both", arrowtail=look.head.value)
    return style


# How an item's status shows on its node, in outline and fill as well as colour: rejected items dashed and
# greyed out, undecided ones with a double outline and shaded, unsupported ones dotted.
NODE_STATUS_STYLE: dict[str, dict[str, str]] = {
    "accepted": {},
    "rejected": {"style": '"filled,dashed"', "fillcolor": '"#E6E6E6"', "color": '"#999999"', "fontcolor": '"#555555"'},
    "undecided": {"style": "filled", "fillcolor": '"#FBF5C0"', "peripheries": "2"},
    "unsupported": {"style": "dotted", "color": '"#D55E00"', "penwidth": "1.5"},
}
SHAPES = {
    "event": "ellipse",
    "claim": "box",
    "source": "house",
    "evidence": "note",
    "junction": "point",
    "chain": "cds",
    "hypothesis": "hexagon",
}


def _node_style(node: Node) -> dict[str, str | None]:
    if node.kind == "junction":
        return {"shape": "point", "width": "0.08"}
    style: dict[str, str | None] = {"shape": SHAPES[node.kind], "label": label(node.lines)}
    if node.kind == "chain":
        style.update(style="bold", color=quote(node.colour.value), fontcolor=quote(node.colour.value))
    elif node.kind == "hypothesis":
        style.update(style="filled", fillcolor='"#E0F2EC"', color=quote(Colour.GREEN.value))
    else:
        style.update(NODE_STATUS_STYLE[node.status])
    return style


# --- the legend: one node, an HTML-like table of samples drawn in text -------------------------------

_STROKES = {Line.SOLID: "───", Line.DASHED: "╌╌╌", Line.DOTTED: "┈┈┈"}
_THICK_STROKES = {Line.SOLID: "━━━", Line.DASHED: "╍╍╍", Line.DOTTED: "┉┉┉"}
_HEADS = {Head.NORMAL: "▶", Head.VEE: "›", Head.HOLLOW: "▷", Head.DIAMOND: "◇", Head.TEE: "┤", Head.NONE: ""}
_NODE_SAMPLES = {
    "event": ("ROUNDED", "event"),
    "claim": ("", "claim"),
    "source": ("", "⌂ source"),
    "evidence": ("", "evidence"),
    "junction": (None, "●"),
    "chain": ("", "chain ▷"),
    "hypothesis": ("", "⬡ hypothesis"),
}


def _edge_sample(look: Look) -> str:
    strokes = (_THICK_STROKES if look.width is Width.THICK else _STROKES)[look.line]
    tail = "├" if not look.directed else ""
    text = html.escape(tail + strokes + _HEADS[look.head])
    if look.width is Width.THICK:
        text = f"<B>{text}</B>"
    return f'<TD><FONT COLOR="{look.colour.value}">{text}</FONT></TD>'


def _node_sample(sample: str) -> str:
    kind, _, status = sample.partition(":")
    style, text = _NODE_SAMPLES[kind]
    if style is None:
        return f"<TD>{html.escape(text)}</TD>"
    attributes = {"BORDER": "1", "COLOR": "#000000"}
    if style:
        attributes["STYLE"] = style
    if status == "rejected":
        attributes.update(STYLE="DASHED", BGCOLOR="#E6E6E6", COLOR="#999999")
    elif status == "undecided":
        attributes.update(BGCOLOR="#FBF5C0", BORDER="2")
    elif status == "unsupported":
        attributes.update(STYLE="DOTTED", COLOR="#D55E00")
    elif kind == "hypothesis":
        attributes.update(BGCOLOR="#E0F2EC", COLOR=Colour.GREEN.value)
    shown = " ".join(f'{key}="{value}"' for key, value in attributes.items())
    return f"<TD {shown}>{html.escape(text if not status else status)}</TD>"


LEGEND_COLUMNS = 2


def _legend(entries: tuple[LegendEntry, ...]) -> list[str]:
    if not entries:
        return []
    cells = []
    for entry in entries:
        sample = _edge_sample(entry.look) if entry.look is not None else _node_sample(entry.node or "")
        cells.append(sample + f'<TD ALIGN="LEFT">{html.escape(entry.meaning.value)}</TD>')
    rows = []
    for start in range(0, len(cells), LEGEND_COLUMNS):
        row = cells[start : start + LEGEND_COLUMNS]
        row += ["<TD></TD><TD></TD>"] * (LEGEND_COLUMNS - len(row))
        rows.append("<TR>" + "".join(row) + "</TR>")
    table = (
        '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2" COLOR="#999999">'
        f'<TR><TD COLSPAN="{2 * LEGEND_COLUMNS}"><B>Legend</B></TD></TR>' + "".join(rows) + "</TABLE>"
    )
    return [
        '  "legend#" [id="legend", shape=plaintext, margin=0, fontsize=11, tooltip="what each look means", '
        f"label=<{table}>];",
        '  {rank=sink; "legend#"}',
    ]


def render_view(view: GraphView, link_base: str | None = None) -> str:
    """The DOT text of ``view``; URLs back to the case start with ``link_base`` (default: the path as given)."""
    out = [
        "digraph causal {",
        f"  label={quote(view.title)}; labelloc=t; fontsize=16;",
        '  rankdir=TB; fontname="Helvetica"; nodesep=0.15; ranksep=0.35;',
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in view.nodes:
        url = case_url(view.path, node.line, link_base)
        extra = {"id": quote(node.id), "tooltip": quote(node.tooltip), "URL": quote(url) if url else None}
        out.append(f"  {quote(node.key)}{_attributes(**_node_style(node), **extra)}")
    for edge in view.edges:
        url = case_url(view.path, edge.line, link_base)
        out.append(
            f"  {quote(edge.source)} -> {quote(edge.target)}"
            + _attributes(
                id=quote(edge.id),
                label=label(edge.lines) if edge.lines else None,
                **_edge_style(edge.look),
                constraint=None if edge.constraint else "false",
                tooltip=quote(edge.tooltip),
                labeltooltip=quote(edge.tooltip) if edge.lines else None,
                URL=quote(url) if url else None,
            )
        )
    for before, after in view.packing:
        out.append(f"  {quote(before)} -> {quote(after)} [style=invis]")
    out.extend(_legend(view.legend))
    out.append("}")
    return "\n".join(out)


def render_dot(report: FileReport, link_base: str | None = None) -> str:
    """The DOT text for a report whose case parsed; no trailing newline."""
    return render_view(graph_view(report), link_base)
