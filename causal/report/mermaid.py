"""The causal graph as a Mermaid flowchart.

Node ids are generated (`n1`, `j1`, `lg1`), so no name can clash with Mermaid's
keywords; every label is a quoted string with Mermaid's `#...;` entity codes
for the characters that would end it or be read as markup, and the input's
text in it is first made `printable` (no newline or control character). `%` is
coded too: Mermaid reads a `%%{...}%%` directive anywhere in the text, inside
a label or a comment as well, so the title's `%%` comment line is coded the
same way. Edge colours and dash patterns are set with `linkStyle`, by the
edge's position in the chart.
"""

from __future__ import annotations

from causal.report.file_report import FileReport
from causal.report.graph import Colour, GraphView, Head, Line, Look, Node, Width, graph_view
from causal.report.printable import printable

# Characters that end a quoted label, start an entity code, are read as HTML/markdown,
# start a directive (`%%{`), or are Mermaid's own brackets and edge-text bars.
_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "%": "#37;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
}
_DASH = {Line.DASHED: "stroke-dasharray:6 4", Line.DOTTED: "stroke-dasharray:2 3"}
_WIDTH = {Width.THIN: "1px", Width.NORMAL: "1.5px", Width.THICK: "3.5px"}
_SHAPES = {
    "claim": ("[", "]"),
    "event": ("([", "])"),
    "source": ("[/", "\\]"),
    "evidence": ("[", "]"),
    "chain": (">", "]"),
    "hypothesis": ("{{", "}}"),
}
# Node classes, in the same encodings as the DOT output (Okabe-Ito colours, and outlines that survive greyscale).
_CLASSES = (
    "  classDef joint fill:#000000,stroke:#000000",
    "  classDef blank fill:none,stroke:none",
    "  classDef rejected fill:#E6E6E6,stroke:#999999,stroke-dasharray:4 3,color:#555555",
    "  classDef undecided fill:#FBF5C0,stroke:#000000,stroke-width:3px",
    "  classDef unsupported fill:#ffffff,stroke:#D55E00,stroke-dasharray:2 2",
    "  classDef hypothesis fill:#E0F2EC,stroke:#009E73",
    "  classDef chain fill:#ffffff,stroke-width:2px",
)


def escape(text: str) -> str:
    """``text`` on one line, with no character that could end a label or start markup or a directive."""
    return "".join(_ENTITIES.get(char, char) for char in printable(text.replace("\n", " ")))


def label(lines: tuple[str, ...] | list[str]) -> str:
    return '"' + "<br/>".join(escape(line) for line in lines) + '"'


def _link_style(look: Look) -> str:
    parts = [f"stroke:{look.colour.value}", f"stroke-width:{_WIDTH[look.width]}"]
    if look.line in _DASH:
        parts.append(_DASH[look.line])
    if look.colour is not Colour.BLACK:
        parts.append(f"color:{look.colour.value}")
    return ",".join(parts)


def _arrow(look: Look) -> str:
    """Mermaid's own line for the look (linkStyle then sets colour, width and dashes)."""
    head = look.directed and look.head is not Head.NONE
    ending = {Head.TEE: "x", Head.HOLLOW: "o", Head.DIAMOND: "o"}.get(look.head, ">")
    if look.line is not Line.SOLID:
        return f"-.-{ending}" if head else "-.-"
    if look.width is Width.THICK:
        return f"=={ending}" if head else "==="
    return f"--{ending}" if head else "---"


class _Chart:
    """Collects lines and link styles; Mermaid numbers links in the order they are written."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.styles: list[str] = []

    def link(self, source: str, target: str, arrow: str, text: tuple[str, ...], style: str, indent: str = "  ") -> None:
        middle = f"{arrow}|{label(text)}|" if text else arrow
        self.lines.append(f"{indent}{source} {middle} {target}")
        self.styles.append(style)


def _node_class(node: Node) -> str:
    if node.kind in ("hypothesis", "chain"):
        return f":::{node.kind}"
    return "" if node.status == "accepted" else f":::{node.status}"


def _legend(chart: _Chart, view: GraphView) -> None:
    chart.lines.append('  subgraph legend["Legend"]')
    chart.lines.append("    direction LR")
    for number, entry in enumerate(view.legend, start=1):
        if entry.look is not None:
            chart.lines.append(f'    lg{number}a[" "]:::blank')
            chart.lines.append(f'    lg{number}b[" "]:::blank')
            text = (entry.meaning.value,)
            chart.link(f"lg{number}a", f"lg{number}b", _arrow(entry.look), text, _link_style(entry.look), indent="    ")
            continue
        kind, _, status = (entry.node or "").partition(":")
        if kind == "junction":
            chart.lines.append(f'    lg{number}((" ")):::joint')
            chart.lines.append(f"    lg{number}t[{label([entry.meaning.value])}]:::blank")
            chart.link(f"lg{number}", f"lg{number}t", "---", (), "stroke:#999999,stroke-width:1px", indent="    ")
            continue
        opening, closing = _SHAPES[kind]
        style = f":::{status}" if status else (f":::{kind}" if kind in ("hypothesis", "chain") else "")
        chart.lines.append(f"    lg{number}{opening}{label([status or kind, entry.meaning.value])}{closing}{style}")
    chart.lines.append("  end")


def render_view(view: GraphView) -> str:
    chart = _Chart()
    chart.lines.append("flowchart TB")
    chart.lines.append(f"  %% {escape(view.title)}")
    ids: dict[str, str] = {}
    for number, node in enumerate(view.nodes, start=1):
        if node.kind == "junction":
            ids[node.key] = f"j{number}"
            chart.lines.append(f'  j{number}((" ")):::joint')
            continue
        ids[node.key] = f"n{number}"
        opening, closing = _SHAPES[node.kind]
        chart.lines.append(f"  n{number}{opening}{label(node.lines)}{closing}{_node_class(node)}")
    for edge in view.edges:
        chart.link(ids[edge.source], ids[edge.target], _arrow(edge.look), edge.lines, _link_style(edge.look))
    if view.legend:
        _legend(chart, view)
    chart.lines.extend(_CLASSES)
    for number, style in enumerate(chart.styles):
        chart.lines.append(f"  linkStyle {number} {style}")
    return "\n".join(chart.lines)


def render_mermaid(report: FileReport) -> str:
    """The Mermaid text for a report whose case parsed; no trailing newline."""
    return render_view(graph_view(report))
