"""The causal graph renderers: styling follows the judgements, and every label is escaped."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from causal.pipeline import check_text
from causal.report.dot import quote, render_dot
from causal.report.graph import GAP_LOOK, Colour, Line, Look, graph_view
from causal.report.mermaid import escape, render_mermaid

STYLED = """\
case "Styles"
source good "Good" reliability A
source other "Other" reliability B
source poor "Poor" reliability E
event a "A" at 2015
event b "B" at 2016
event c "C" at 2017
event late "Late" at 2020
claim k "K"
evidence g1 from good credibility 1 supports b, c, late, k
evidence g2 from other credibility 2
evidence p from poor credibility 5
link a -> b because g1, g2
link b -> c
link c -> k assumed "obvious"
link a, b -> k because p
link late -> a because g1, g2
"""


def view_of(text: str):
    return graph_view(check_text(text, path="case.cx"))


def edge_into(view, effect, *causes):
    return next(edge for edge in view.edges if edge.effect == effect and edge.causes == causes)


def test_edges_are_styled_by_support_and_time():
    view = view_of(STYLED)
    assert edge_into(view, "b", "a").look == Look(Line.SOLID, Colour.PLAIN, thick=False)
    assert edge_into(view, "c", "b").look.line is Line.DASHED
    assert edge_into(view, "k", "c").look.line is Line.DOTTED
    weak = edge_into(view, "k", "a", "b")
    assert weak.look.colour is Colour.WEAK and weak.joint and "weak support" in weak.lines
    backwards = edge_into(view, "a", "late")
    assert backwards.look.colour is Colour.ERROR and "cause after effect" in backwards.lines


def test_edges_of_a_broken_chain_are_red_and_thick_and_its_gaps_drawn():
    view = view_of(STYLED + "chain s: a -> b -> c\nchain g: a -> c\n")
    for effect, cause in (("b", "a"), ("c", "b")):
        edge = edge_into(view, effect, cause)
        assert (edge.look.colour, edge.look.thick) == (Colour.ERROR, True)
    assert [(extra.source, extra.target, extra.look) for extra in view.extras] == [("a", "c", GAP_LOOK)]


def test_nodes_follow_file_order_with_shapes_and_dates():
    view = view_of(STYLED)
    assert [node.name for node in view.nodes] == ["a", "b", "c", "late", "k"]
    assert view.nodes[0].lines == ("a", "A", "2015", "(unsupported)")  # no evidence says a happened
    dot = render_dot(check_text(STYLED, path="case.cx"))
    assert '"k" [shape=box, label="k\\nK", id="item-k"]' in dot
    assert '"a" [shape=ellipse, label="a\\nA\\n2015\\n(unsupported)", style=dotted, color=grey30, id="item-a"]' in dot


def test_dot_joint_link_feeds_one_edge_through_a_junction():
    dot = render_dot(check_text(STYLED, path="case.cx"))
    assert '"link#4" [shape=point' in dot
    assert '"a" -> "link#4" [arrowhead=none' in dot
    assert '"b" -> "link#4" [arrowhead=none' in dot
    assert len(re.findall(r'"link#4" -> ', dot)) == 1


def test_links_to_undeclared_names_are_not_drawn():
    view = view_of('event a "A" at 2015\nlink a -> ghost\n')
    assert view.edges == ()


NASTY = r"""case "Title \"quoted\" \\ back"
event a "Say \"hi\" \\ <b>bold</b> #1; `code` & end" at 2015
claim end "end"
link a -> end assumed "x"
contradiction subgraph: a vs end
"""


def test_dot_labels_are_escaped():
    dot = render_dot(check_text(NASTY, path="case.cx"))
    assert 'label="Title \\"quoted\\" \\\\ back"' in dot
    assert 'label="a\\nSay \\"hi\\" \\\\ <b>bold</b> #1;' in dot
    assert quote('a"b\\c\nd') == '"a\\"b\\\\c d"'


def test_mermaid_labels_are_escaped():
    chart = render_mermaid(check_text(NASTY, path="case.cx"))
    assert "Say #quot;hi#quot; \\ #lt;b#gt;bold#lt;/b#gt; #35;1;<br/>#96;code#96; #amp; end" in chart
    for line in chart.splitlines():
        # Inside any label, the only double quotes are the label's own delimiters.
        for label in re.findall(r'"([^"]*)"', line):
            assert "<" not in label.replace("<br/>", "")
    assert escape('"') == "#quot;"


def test_mermaid_node_ids_are_generated_not_names():
    chart = render_mermaid(check_text(NASTY, path="case.cx"))
    ids = re.findall(r"^\s+(n\d+)[\[(]", chart, re.MULTILINE)
    assert ids == ["n1", "n2"]


def test_mermaid_link_styles_are_numbered_in_order():
    chart = render_mermaid(check_text(STYLED, path="case.cx"))
    links = [line for line in chart.splitlines() if re.search(r"(-->|---|-\.->|-\.-|==>|===)", line)]
    styles = re.findall(r"^  linkStyle (\d+) ", chart, re.MULTILINE)
    assert [int(number) for number in styles] == list(range(len(links)))


def test_renderers_refuse_a_case_that_did_not_parse():
    report = check_text("link a => b", path="case.cx")
    with pytest.raises(ValueError):
        graph_view(report)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("text", [STYLED + "chain s: a -> b -> c\nchain g: a -> c\n", NASTY])
def test_graphviz_accepts_the_dot_output(text):
    dot = render_dot(check_text(text, path="case.cx"))
    completed = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, timeout=60)
    assert completed.returncode == 0, completed.stderr.decode()
    assert b"</svg>" in completed.stdout
    assert not completed.stderr, completed.stderr.decode()


ATTACKED = """\
case "Labels"
source good "Good" reliability A
event a "A" at 2015
event b "B" at 2016
claim denial "B never happened" rebuts b
claim x "X"
claim y "Y"
evidence g from good credibility 1 supports denial, a, x, y
link a -> b because g
contradiction xy: x vs y
"""


def test_labels_style_the_nodes_and_links_and_attacks_are_drawn():
    view = view_of(ATTACKED)
    nodes = {node.name: node for node in view.nodes}
    assert (nodes["b"].status, nodes["b"].lines[-1]) == ("rejected", "(rejected)")
    assert (nodes["x"].status, nodes["y"].status, nodes["a"].status) == ("undecided", "undecided", "accepted")
    (edge,) = view.edges
    assert (edge.status, edge.look.colour, edge.lines[-1]) == ("rejected", Colour.REJECTED, "rejected")
    dot = render_dot(check_text(ATTACKED, path="case.cx"))
    assert '"b" [shape=ellipse, label="b\\nB\\n2016\\n(rejected)", style="filled,dashed", fillcolor=grey92' in dot
    assert '"denial" -> "b" [label="rebuts", color=firebrick, fontcolor=firebrick, id="attack-0"]' in dot
    chart = render_mermaid(check_text(ATTACKED, path="case.cx"))
    assert re.search(r'n\d+\(\["b<br/>B<br/>2016<br/>\(rejected\)"\]\):::rejected', chart)


def test_an_attack_that_fails_by_strength_is_drawn_and_said_to_fail():
    text = (
        'source wire "Wire" reliability A\nsource forum "Forum" reliability F\n'
        'event b "B" at 2016\nclaim denial "B never happened" rebuts b\n'
        "evidence w from wire credibility 1 supports b\nevidence f from forum credibility 6 supports denial\n"
    )
    view = view_of(text)
    (attack,) = [extra for extra in view.extras if extra.source == "denial"]
    assert (attack.target, attack.label) == ("b", "rebuts (fails)")
    assert {node.name: node.status for node in view.nodes}["b"] == "accepted"
