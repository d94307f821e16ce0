"""`causal explain`'s tree as text, drawn with box-drawing characters.

Each node's line is made `printable`: titles and reasons from the case show
their control and bidi characters escaped.
"""

from __future__ import annotations

from causal.analysis.explain import Node
from causal.report.printable import printable


def _line(node: Node) -> str:
    return printable(_raw_line(node))


def _raw_line(node: Node) -> str:
    relation = f"{node.relation} " if node.relation else ""
    label = f": {node.label.value}" if node.label is not None else ""
    kind = f" ({node.kind})" if node.kind not in ("step", "chain") else ""
    if node.kind == "chain":
        kind = " (chain)"
    if node.shown_above:
        return f"{relation}{node.item}{kind}{label} (explained above)"
    detail = f" - {node.detail}" if node.detail else ""
    return f"{relation}{node.item}{kind}{label}{detail}"


# Deeper than this, lines are not indented further but show their depth: a relay of
# thousands of `via` hops would otherwise draw a prefix as long as its depth on every line,
# text quadratic in the depth.
MAX_INDENT = 32


def render_tree(root: Node) -> str:
    lines = [_line(root)]
    # (node, the prefix of its line, whether it is its parent's last child, its depth)
    pending = [(child, "", i == len(root.children) - 1, 1) for i, child in reversed(list(enumerate(root.children)))]
    while pending:
        node, prefix, last, depth = pending.pop()
        shown_depth = f"[depth {depth}] " if depth > MAX_INDENT else ""
        lines.append(f"{prefix}{'└── ' if last else '├── '}{shown_depth}{_line(node)}")
        inner = prefix + ("    " if last else "│   ") if depth < MAX_INDENT else prefix
        count = len(node.children)
        pending.extend(
            (child, inner, i == count - 1, depth + 1) for i, child in reversed(list(enumerate(node.children)))
        )
    return "\n".join(lines)
