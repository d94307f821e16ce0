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
from causal.report.graph import LEGEND, Colour, GraphView, Line, Look, graph_view
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
_HEX = {
    Colour.PLAIN: "#333333",
    Colour.WEAK: "#ff8c00",
    Colour.ERROR: "#d40000",
    Colour.CONTRADICTION: "#800080",
    Colour.ATTACK: "#b22222",
    Colour.REJECTED: "#999999",
}


def escape(text: str) -> str:
    """``text`` on one line, with no character that could end a label or start markup or a directive."""
    return "".join(_ENTITIES.get(char, char) for char in printable(text.replace("\n", " ")))


def label(lines: tuple[str, ...] | list[str]) -> str:
    return '"' + "<br/>".join(escape(line) for line in lines) + '"'


def _link_style(look: Look) -> str:
    parts = [f"stroke:{_HEX[look.colour]}", f"stroke-width:{'3px' if look.thick else '1.5px'}"]
    if look.line in _DASH:
        parts.append(_DASH[look.line])
    if look.colour is not Colour.PLAIN:
        parts.append(f"color:{_HEX[look.colour]}")
    return ",".join(parts)


def _arrow(look: Look, head: bool = True) -> str:
    """Mermaid's own line for the look (linkStyle then sets colour and dashes)."""
    head = head and look.directed
    if look.line is not Line.SOLID:
        return "-.->" if head else "-.-"
    if look.thick:
        return "==>" if head else "==="
    return "-->" if head else "---"


class _Chart:
    """Collects lines and link styles; Mermaid numbers links in the order they are written."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.styles: list[str] = []

    def link(self, source: str, target: str, arrow: str, text: tuple[str, ...], style: str, indent: str = "  ") -> None:
        middle = f"{arrow}|{label(text)}|" if text else arrow
        self.lines.append(f"{indent}{source} {middle} {target}")
        self.styles.append(style)


def render_view(view: GraphView) -> str:
    chart = _Chart()
    chart.lines.append("flowchart LR")
    chart.lines.append(f"  %% {escape(view.title)}")
    ids: dict[str, str] = {}
    for number, node in enumerate(view.nodes, start=1):
        ids[node.name] = f"n{number}"
        text = label(node.lines)
        status = "" if node.status == "accepted" else f":::{node.status}"
        chart.lines.append(f"  n{number}[{text}]{status}" if node.kind == "claim" else f"  n{number}([{text}]){status}")
    for edge in view.edges:
        style = _link_style(edge.look)
        target = ids[edge.effect]
        if not edge.joint:
            chart.link(ids[edge.causes[0]], target, _arrow(edge.look), edge.lines, style)
            continue
        junction = f"j{edge.index + 1}"
        chart.lines.append(f'  {junction}((" ")):::joint')
        for cause in edge.causes:
            chart.link(ids[cause], junction, _arrow(edge.look, head=False), (), style)
        chart.link(junction, target, _arrow(edge.look), edge.lines, style)
    for extra in view.extras:
        chart.link(ids[extra.source], ids[extra.target], _arrow(extra.look), (extra.label,), _link_style(extra.look))
    chart.lines.append('  subgraph legend["Legend"]')
    chart.lines.append("    direction LR")
    chart.lines.append(f'    lg_event([{label(["event", "date"])}])')
    chart.lines.append(f'    lg_claim[{label(["claim"])}]')
    chart.lines.append('    lg_joint((" ")):::joint')
    chart.lines.append('    lg_joint_note["joint cause"]')
    chart.lines.append('    lg_rejected(["rejected"]):::rejected')
    chart.lines.append('    lg_undecided(["undecided"]):::undecided')
    chart.lines.append('    lg_unsupported(["unsupported"]):::unsupported')
    chart.link("lg_joint", "lg_joint_note", "---", (), "stroke:#999999,stroke-width:1px", indent="    ")
    for number, (meaning, look) in enumerate(LEGEND, start=1):
        chart.lines.append(f'    lg{number}a[" "]:::blank')
        chart.lines.append(f'    lg{number}b[" "]:::blank')
        chart.link(f"lg{number}a", f"lg{number}b", _arrow(look), (meaning,), _link_style(look), indent="    ")
    chart.lines.append("  end")
    chart.lines.append("  classDef joint fill:#333333,stroke:#333333")
    chart.lines.append("  classDef blank fill:none,stroke:none")
    chart.lines.append("  classDef rejected fill:#eeeeee,stroke:#999999,stroke-dasharray:4 3,color:#666666")
    chart.lines.append("  classDef undecided fill:#ffffe0,stroke:#daa520")
    chart.lines.append("  classDef unsupported fill:#ffffff,stroke:#4d4d4d,stroke-dasharray:2 2")
    for number, style in enumerate(chart.styles):
        chart.lines.append(f"  linkStyle {number} {style}")
    return "\n".join(chart.lines)


def render_mermaid(report: FileReport) -> str:
    """The Mermaid text for a report whose case parsed; no trailing newline."""
    return render_view(graph_view(report))
