"""`causal explain`'s tree as text: indentation stops growing at a fixed depth, so a deep relay draws linear text."""

from __future__ import annotations

from causal.analysis.explain import explain_tree
from causal.pipeline import check_text
from causal.report.tree import MAX_INDENT, render_tree


def _relay_tree(depth: int) -> list[str]:
    text = "\n".join(f'source s{i} "S{i}" via s{i + 1}' for i in range(depth))
    text += f'\nsource s{depth} "End"\nevidence e from s0 credibility 2\n'
    report = check_text(text)
    return render_tree(explain_tree(report.analysis, report.chains, "e")).splitlines()


def test_lines_deeper_than_the_limit_keep_the_limit_s_indentation_and_show_their_depth():
    lines = _relay_tree(MAX_INDENT + 10)
    assert len(lines) == MAX_INDENT + 12  # the evidence, then its source and each source it is carried through
    deepest_drawn = lines[MAX_INDENT]  # depth MAX_INDENT: drawn as usual
    assert "[depth" not in deepest_drawn
    for depth in range(MAX_INDENT + 1, MAX_INDENT + 12):
        line = lines[depth]
        assert line.index("└── ") == deepest_drawn.index("└── ")
        assert f"└── [depth {depth}] via s{depth - 1} (source)" in line


def test_a_deep_relay_s_tree_grows_linearly_with_its_depth():
    shallow, deep = _relay_tree(200), _relay_tree(2_000)
    assert max(map(len, deep)) <= max(map(len, shallow)) + 20  # only the names and the depth get longer
