"""causal-cycle on large graphs: iterative, linear, and in agreement with networkx."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.inputs.spans import Span
from causal.language import ast
from causal.model.case_model import build_model
from causal.rules import structure
from causal.rules.structure import CausalGraph, strongly_connected_components

NOWHERE = Span(1, 1, 1, 1)


def _word(text: str) -> ast.Word:
    return ast.Word.at(text, NOWHERE)


def _model_of_links(count: int, edges: list[tuple[int, int]]):
    """A model with claims c0..c{count-1} and one assumed link per edge, built without parsing."""
    claims = [ast.ClaimDecl(_word(f"c{i}"), ast.Text.at(f"C{i}", NOWHERE), span=NOWHERE) for i in range(count)]
    links = [
        ast.LinkDecl((_word(f"c{a}"),), _word(f"c{b}"), assumed=ast.Text.at("test", NOWHERE), span=Span(k + 1, 1, k + 1, 2))
        for k, (a, b) in enumerate(edges)
    ]
    return build_model(ast.CaseFile((*claims, *links)), None)


@pytest.mark.slow
def test_a_200k_link_loop_is_found_once_without_recursion_error():
    count = 200_000
    model = _model_of_links(count, [(i, (i + 1) % count) for i in range(count)])
    findings = list(structure.check_cycles(model))
    assert len(findings) == 1
    (finding,) = findings
    assert finding.rule == "causal-cycle"
    assert len(finding.subject.names) == count
    assert finding.subject.names[:3] == ("c0", "c1", "c2")
    # Named at the link that closes the loop: the last one, back to c0.
    assert finding.span.line == count
    assert finding.message.startswith("the links form a loop: c0 -> c1 -> ")
    assert finding.message.endswith("-> c199999 -> c0")


@pytest.mark.slow
def test_a_300k_node_path_without_loops_has_no_cycle_and_no_recursion_error():
    count = 300_000
    successors = [[i + 1] for i in range(count - 1)] + [[]]
    components = strongly_connected_components(successors)
    assert len(components) == count
    assert all(len(component) == 1 for component in components)


@pytest.mark.slow
def test_a_long_path_into_a_small_loop_reports_only_the_loop():
    count = 100_000
    edges = [(i, i + 1) for i in range(count - 1)] + [(count - 1, count - 3)]
    findings = list(structure.check_cycles(_model_of_links(count, edges)))
    assert [f.subject.names for f in findings] == [(f"c{count - 3}", f"c{count - 2}", f"c{count - 1}")]


graphs = st.integers(min_value=1, max_value=12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30),
    )
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(graphs)
def test_components_agree_with_networkx(graph):
    count, edges = graph
    successors: list[list[int]] = [[] for _ in range(count)]
    for a, b in dict.fromkeys(edges):
        successors[a].append(b)
    ours = {frozenset(c) for c in strongly_connected_components(successors)}
    reference = nx.DiGraph()
    reference.add_nodes_from(range(count))
    reference.add_edges_from(edges)
    assert ours == {frozenset(c) for c in nx.strongly_connected_components(reference)}


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(graphs)
def test_every_reported_loop_is_a_real_simple_loop_and_every_loop_is_reported(graph):
    count, edges = graph
    model = _model_of_links(count, edges)
    findings = list(structure.check_cycles(model))
    edge_set = {(f"c{a}", f"c{b}") for a, b in edges}
    for finding in findings:
        names = finding.subject.names
        assert len(set(names)) == len(names)
        assert all((names[i], names[(i + 1) % len(names)]) in edge_set for i in range(len(names)))
        closing = model.links[finding.span.line - 1]
        assert (closing.causes[0].text, closing.effect.text) == (names[-1], names[0])
    reference = nx.DiGraph(list(edge_set))
    tangles = [c for c in nx.strongly_connected_components(reference) if _is_tangle(reference, c)]
    assert len(findings) == len(tangles)


def _is_tangle(graph: nx.DiGraph, component: set[str]) -> bool:
    (first, *others) = component
    return bool(others) or graph.has_edge(first, first)


def test_the_graph_numbers_names_in_file_order_and_leaves_out_feedback_links():
    model = _model_of_links(3, [(2, 1), (1, 2)])
    graph = CausalGraph.from_model(model)
    assert graph.names == ["c2", "c1"]
    feedback = ast.LinkDecl((_word("c0"),), _word("c0"), feedback=True, span=NOWHERE)
    model = build_model(ast.CaseFile((ast.ClaimDecl(_word("c0"), ast.Text.at("C", NOWHERE), span=NOWHERE), feedback)), None)
    assert list(structure.check_cycles(model)) == []
