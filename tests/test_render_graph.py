"""The causal graph renderers: styling follows the judgements, and every label is escaped."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from causal.pipeline import check_text
from causal.report.dot import quote, render_dot
from causal.report.graph import EDGE_LOOKS, Colour, Head, Line, Look, Meaning, Width, graph_view
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


def link_into(view, effect, *causes):
    """The edge of the link from ``causes`` to ``effect`` (through its junction, for a joint link)."""
    for edge in view.edges:
        if edge.target != effect or not edge.id.startswith("link-") or "-cause-" in edge.id:
            continue
        if edge.source.startswith("link#"):
            joined = tuple(e.source for e in view.edges if e.target == edge.source)
            if joined == causes:
                return edge
        elif (edge.source,) == causes:
            return edge
    raise AssertionError(f"no link {causes} -> {effect}")


def test_edges_are_styled_by_support_and_time():
    view = view_of(STYLED)
    assert link_into(view, "b", "a").look == Look()
    assert link_into(view, "c", "b").look == EDGE_LOOKS[Meaning.UNSUPPORTED]
    assert link_into(view, "k", "c").look == EDGE_LOOKS[Meaning.ASSUMED]
    weak = link_into(view, "k", "a", "b")
    assert weak.look == EDGE_LOOKS[Meaning.WEAK] and weak.lines[1].startswith("weak")
    backwards = link_into(view, "a", "late")
    assert backwards.look.colour is Colour.VERMILLION and "cause after effect" in backwards.lines


def test_links_of_a_chain_are_thick_and_name_it_and_gaps_are_drawn():
    view = view_of(STYLED + "chain s: a -> b -> c\nchain g: a -> c\n")
    for number, (effect, cause) in enumerate((("b", "a"), ("c", "b")), start=1):
        edge = link_into(view, effect, cause)
        assert edge.look.width is Width.THICK and f"s #{number}" in edge.lines
    gaps = [(edge.source, edge.target, edge.look) for edge in view.edges if edge.id.startswith("gap-")]
    assert gaps == [("a", "c", EDGE_LOOKS[Meaning.GAP])]
    chains = {node.key: node.lines for node in view.nodes if node.kind == "chain"}
    assert chains == {
        "chain#s": ("chain s", "broken, confidence 0.00"),
        "chain#g": ("chain g", "broken, confidence 0.00"),
    }


def test_nodes_follow_file_order_with_shapes_and_dates():
    view = view_of(STYLED)
    assert [node.name for node in view.nodes if node.kind in ("event", "claim")] == ["a", "b", "c", "late", "k"]
    assert view.nodes[0].lines == ("a", "A", "2015", "(unsupported)")  # no evidence says a happened
    dot = render_dot(check_text(STYLED, path="case.cx"))
    assert '"k" [shape=box, label="k\\nK", id="item-k"' in dot
    assert '"a" [shape=ellipse, label="a\\nA\\n2015\\n(unsupported)", style=dotted, color="#D55E00"' in dot


def test_dot_joint_link_feeds_one_edge_through_a_junction():
    dot = render_dot(check_text(STYLED, path="case.cx"))
    assert '"link#4" [shape=point' in dot
    assert '"a" -> "link#4" [id="link-3-cause-1"' in dot
    assert '"b" -> "link#4" [id="link-3-cause-2"' in dot
    assert len(re.findall(r'"link#4" -> ', dot)) == 1


def test_links_to_undeclared_names_are_not_drawn():
    view = view_of('event a "A" at 2015\nlink a -> ghost\n')
    assert [edge for edge in view.edges if edge.id.startswith("link-")] == []


NASTY = r"""case "Title \"quoted\" \\ back"
event a "Say \"hi\" \\ <b>bold</b> #1; `code` & end" at 2015
claim end "end"
link a -> end assumed "x"
contradiction subgraph: a vs end
"""


def test_dot_labels_are_escaped():
    dot = render_dot(check_text(NASTY, path="case.cx"))
    assert 'label="Title \\"quoted\\" \\\\ back"' in dot
    assert 'label="a\\nSay \\"hi\\" \\\\ <b>bold</b>\\n#1; `code` &amp; end' in dot
    assert quote('a"b\\c\nd') == '"a\\"b\\\\c d"'


def test_mermaid_labels_are_escaped():
    chart = render_mermaid(check_text(NASTY, path="case.cx"))
    assert "Say #quot;hi#quot; \\ #lt;b#gt;bold#lt;/b#gt;<br/>#35;1; #96;code#96; #amp; end" in chart
    for line in chart.splitlines():
        # Inside any label, the only double quotes are the label's own delimiters.
        for label in re.findall(r'"([^"]*)"', line):
            assert "<" not in label.replace("<br/>", "")
    assert escape('"') == "#quot;"


def test_mermaid_node_ids_are_generated_not_names():
    chart = render_mermaid(check_text(NASTY, path="case.cx"))
    ids = re.findall(r"^\s+(n\d+)[\[(]", chart, re.MULTILINE)
    assert ids == ["n1", "n2"]
    assert not re.search(r"^\s+(a|end|subgraph)[\[(]", chart, re.MULTILINE)


def test_mermaid_link_styles_are_numbered_in_order():
    chart = render_mermaid(check_text(STYLED, path="case.cx"))
    links = [line for line in chart.splitlines() if re.search(r"(--[>ox]|---|-\.-[>ox]?|==[>ox]|===)", line)]
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
    edge = link_into(view, "b", "a")
    assert (edge.status, edge.look.colour, edge.look.width, edge.lines[-1]) == (
        "rejected",
        Colour.GREY,
        Width.THIN,
        "rejected",
    )
    dot = render_dot(check_text(ATTACKED, path="case.cx"))
    assert '"b" [shape=ellipse, label="b\\nB\\n2016\\n(rejected)", style="filled,dashed", fillcolor="#E6E6E6"' in dot
    assert '"denial" -> "b" [id="attack-0", label="rebuts", color="#CC79A7", fontcolor="#CC79A7", arrowhead=tee' in dot
    chart = render_mermaid(check_text(ATTACKED, path="case.cx"))
    assert re.search(r'n\d+\(\["b<br/>B<br/>2016<br/>\(rejected\)"\]\):::rejected', chart)


def test_an_attack_that_fails_by_strength_is_drawn_and_said_to_fail():
    text = (
        'source wire "Wire" reliability A\nsource forum "Forum" reliability F\n'
        'event b "B" at 2016\nclaim denial "B never happened" rebuts b\n'
        "evidence w from wire credibility 1 supports b\nevidence f from forum credibility 6 supports denial\n"
    )
    view = view_of(text)
    (attack,) = [edge for edge in view.edges if edge.source == "denial"]
    assert (attack.target, attack.lines) == ("b", ("rebuts (fails)",))
    assert attack.look == EDGE_LOOKS[Meaning.ATTACK_FAILS]
    assert {node.name: node.status for node in view.nodes}["b"] == "accepted"


# --- the readable graph: legend, ids, tooltips, links, chains, hypotheses ------------------------------

SYRIA = "cases/syria.cx"


@pytest.fixture(scope="module")
def syria():
    from causal.pipeline import check_file
    from tests.conftest import ROOT

    return check_file(str(ROOT / SYRIA)), str(ROOT / SYRIA)


def test_legend_lists_exactly_the_meanings_the_drawing_uses():
    for text in (STYLED, ATTACKED, STYLED + "chain s: a -> b -> c\n"):
        view = view_of(text)
        used = {meaning for element in (*view.nodes, *view.edges) for meaning in element.meanings}
        assert [entry.meaning for entry in view.legend] == [m for m in Meaning if m in used]
    assert Meaning.HYPOTHESIS not in {entry.meaning for entry in view_of(STYLED).legend}


def test_the_encodings_of_link_judgements_differ_without_colour():
    """Greyscale keeps them apart: any two differ in line, head or width, not only in colour."""
    meanings = [Meaning.SUPPORTED, Meaning.SINGLE_SOURCE, Meaning.WEAK, Meaning.ASSUMED, Meaning.UNSUPPORTED]
    meanings += [Meaning.REJECTED_LINK, Meaning.UNDECIDED_LINK, Meaning.GAP]
    shapes = [(EDGE_LOOKS[m].line, EDGE_LOOKS[m].head, EDGE_LOOKS[m].width) for m in meanings]
    assert len(set(shapes)) == len(shapes)


def test_every_node_and_edge_has_a_unique_id_a_tooltip_and_a_line(syria):
    report, _ = syria
    view = graph_view(report)
    ids = [element.id for element in (*view.nodes, *view.edges)]
    assert len(ids) == len(set(ids))
    for element in (*view.nodes, *view.edges):
        assert element.tooltip and element.line, element.id
    # Link ids are the indexes FileReport.link takes.
    for edge in view.edges:
        if re.fullmatch(r"link-\d+", edge.id):
            index = int(edge.id.split("-")[1])
            link = report.model.links[index]
            assert edge.target == link.effect.text and edge.line == link.span.line
    assert {"chain-thesis", "hypothesis-payback", "hypothesis-objectives", "hypothesis-diplomacy"} <= set(ids)


def test_syria_draws_its_chain_hypotheses_with_their_rank_and_its_undermining(syria):
    view = graph_view(syria[0])
    nodes = {node.key: node for node in view.nodes}
    assert nodes["chain#thesis"].lines == ("chain thesis", "broken, confidence 0.00")
    assert nodes["hypothesis#diplomacy"].lines[-1] == "ACH rank 1 of 3"
    assert nodes["hypothesis#payback"].lines[-1] == "ACH rank 3 of 3, argument broken"
    explains = {edge.source for edge in view.edges if edge.target == "withdrawal" and edge.id.startswith("explains-")}
    assert explains == {"hypothesis#payback", "hypothesis#objectives", "hypothesis#diplomacy"}
    # The rivals' events are joined to the hypotheses their evidence fits.
    bearing = {(edge.source, edge.target) for edge in view.edges if edge.id.startswith("bears-")}
    assert ("geneva", "hypothesis#diplomacy") in bearing and ("objectives_met", "hypothesis#objectives") in bearing
    (undermining,) = [edge for edge in view.edges if edge.lines == ("undermines",)]
    assert (undermining.source, undermining.target) == ("cover_story", "soleimani_words")
    assert nodes["soleimani_words"].status == "rejected"
    assert {entry.meaning for entry in view.legend} >= {Meaning.CHAIN, Meaning.HYPOTHESIS, Meaning.UNDERMINES}
    assert not {Meaning.REBUTS, Meaning.UNDERCUTS} & {entry.meaning for entry in view.legend}


def test_links_back_to_the_case_are_relative_and_never_a_script(tmp_path):
    from causal.report.dot import case_url

    assert case_url("cases/syria.cx", 12, None) == "cases/syria.cx#L12"
    assert case_url("javascript:alert(1).cx", 3, None) == "javascript%3Aalert%281%29.cx#L3"
    assert case_url("a.cx", 3, "file:///home/me/") == "file:///home/me/a.cx#L3"
    assert case_url("<stdin>", 3, None) is None
    for base in ("javascript:", "JavaScript:alert(1)//", "data:text/html,x", " vbscript:"):
        with pytest.raises(ValueError):
            case_url("a.cx", 1, base)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_svg_gives_every_node_and_edge_its_id_tooltip_and_link(syria, tmp_path):
    import xml.etree.ElementTree as ET

    from click.testing import CliRunner

    from causal.cli.commands import cli

    report, path = syria
    result = CliRunner().invoke(cli, ["graph", "--format", "svg", "--link-base", "file:///case/", path])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout)
    svg, xlink = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}"
    groups = [g for g in root.iter(f"{svg}g") if g.get("class") in ("node", "edge")]
    expected = {element.id for element in (*graph_view(report).nodes, *graph_view(report).edges)}
    assert {g.get("id") for g in groups} - {"legend"} >= expected
    for group in groups:
        if group.get("id") == "legend" or group.get("id", "").startswith("edge"):  # the invisible packing joins
            continue
        anchors = list(group.iter(f"{svg}a"))
        assert anchors and anchors[0].get(f"{xlink}title"), group.get("id")
        assert anchors[0].get(f"{xlink}href", "").startswith("file:///case/"), group.get("id")


def _legend_share(dot_text: str) -> float:
    drawn = json.loads(
        subprocess.run(["dot", "-Tjson"], input=dot_text.encode(), capture_output=True, check=True).stdout
    )
    width, height = (float(value) for value in drawn["bb"].split(",")[2:])
    (legend,) = [item for item in drawn["objects"] if item.get("name") == "legend#"]
    legend_width, legend_height = float(legend["width"]) * 72, float(legend["height"]) * 72  # inches to points
    return legend_width * legend_height / (width * height)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_syria_legend_takes_under_a_quarter_of_the_picture_and_the_png_is_1600_wide(syria, tmp_path):
    from click.testing import CliRunner

    from causal.cli.commands import cli

    report, path = syria
    assert _legend_share(render_dot(report)) < 0.25
    target = tmp_path / "syria.png"
    result = CliRunner().invoke(cli, ["graph", "--format", "png", "--width", "1600", "-o", str(target), path])
    assert result.exit_code == 0, result.output
    header = target.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 1600


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_pdf_is_written_to_a_file_and_a_bad_link_base_is_a_usage_error(syria, tmp_path):
    from click.testing import CliRunner

    from causal.cli.commands import cli

    _, path = syria
    target = tmp_path / "syria.pdf"
    result = CliRunner().invoke(cli, ["graph", "--format", "pdf", "-o", str(target), path])
    assert result.exit_code == 0 and target.read_bytes().startswith(b"%PDF-")
    refused = CliRunner().invoke(cli, ["graph", "--link-base", "javascript:alert(1)//", path])
    assert refused.exit_code == 2 and "--link-base" in refused.output
