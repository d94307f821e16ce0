"""chain-gap names the shortest indirect path, found iteratively, as networkx would."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.inputs.spans import Span
from causal.language import ast
from causal.model.case_model import build_model
from causal.pipeline import check_text
from causal.rules.structure import shortest_path

NOWHERE = Span(1, 1, 1, 1)


def _model(count: int, edges: list[tuple[int, int]]):
    word = lambda text: ast.Word.at(text, NOWHERE)  # noqa: E731
    claims = [ast.ClaimDecl(word(f"c{i}"), ast.Text.at("C", NOWHERE), span=NOWHERE) for i in range(count)]
    links = [ast.LinkDecl((word(f"c{a}"),), word(f"c{b}"), span=NOWHERE) for a, b in edges]
    return build_model(ast.CaseFile((*claims, *links)), None)


graphs = st.integers(min_value=2, max_value=10).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=25),
        st.integers(0, n - 1),
        st.integers(0, n - 1),
    )
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(graphs)
def test_the_named_path_is_a_shortest_path_of_links(graph):
    count, edges, start, target = graph
    model = _model(count, edges)
    path = shortest_path(model, [f"c{start}"], f"c{target}")
    reference = nx.DiGraph()
    reference.add_nodes_from(f"c{i}" for i in range(count))
    reference.add_edges_from((f"c{a}", f"c{b}") for a, b in edges)
    if start == target:
        # Back to the start through at least one link: the shortest loop through it.
        loops = [
            nx.shortest_path_length(reference, f"c{b}", f"c{start}") + 1
            for a, b in edges
            if a == start and nx.has_path(reference, f"c{b}", f"c{start}")
        ]
        expected = min(loops) if loops else None
    else:
        has = nx.has_path(reference, f"c{start}", f"c{target}")
        expected = nx.shortest_path_length(reference, f"c{start}", f"c{target}") if has else None
    if expected is None:
        assert path is None
    else:
        assert path is not None and len(path) - 1 == expected
        assert path[0] == f"c{start}" and path[-1] == f"c{target}"
        assert all(reference.has_edge(a, b) for a, b in zip(path, path[1:]))


@pytest.mark.slow
def test_a_gap_across_a_100k_link_path_is_named_without_recursion_error():
    count = 100_000
    model = _model(count, [(i, i + 1) for i in range(count - 1)])
    path = shortest_path(model, ["c0"], f"c{count - 1}")
    assert path is not None and len(path) == count


def test_the_message_names_the_indirect_path():
    report = check_text(
        """
        event promise "A promise" at 2015
        event rift "A rift" at 2016-01
        event withdrawal "A withdrawal" at 2016-03
        link promise -> rift assumed "test"
        link rift -> withdrawal assumed "test"
        chain story: promise -> withdrawal
        """
    )
    (gap,) = [f for f in report.findings if f.rule == "chain-gap"]
    assert "promise -> rift -> withdrawal" in gap.message
    assert "chain story" in gap.message
    assert gap.subject.names == ("promise", "withdrawal")


@pytest.mark.slow
def test_many_gaps_in_a_long_graph_share_one_search_budget():
    """Every gap of a chain that skips along a 3,000-link path: the first gaps name their paths,
    the budget (a few times the links) keeps the rest from searching again and again."""
    count = 3_000
    lines = [f'claim c{i} "C{i}"' for i in range(count)]
    lines += [f'link c{i} -> c{i + 1} assumed "test"' for i in range(count - 1)]
    lines.append("chain jumps: " + " -> ".join(f"c{i}" for i in range(0, count, 2)))
    report = check_text("\n".join(lines) + "\n", path="case.cx")
    gaps = [f for f in report.findings if f.rule == "chain-gap"]
    assert len(gaps) == count // 2 - 1
    named = [f for f in gaps if "indirectly" in f.message]
    assert named and named[0].message.endswith("the links reach it indirectly, c0 -> c1 -> c2")
    assert len(named) == len(gaps)  # short paths: each search is cheap, so the budget suffices here


@pytest.mark.slow
def test_when_the_search_budget_runs_out_every_gap_is_still_reported():
    """Steps towards unreachable events each cross the whole 3,000-link path: after a few such
    searches the budget is spent, the remaining gaps name no path, and none is lost."""
    count, hops = 3_000, 60
    lines = [f'claim c{i} "C{i}"' for i in range(count)]
    lines += [f'link c{i} -> c{i + 1} assumed "test"' for i in range(count - 1)]
    lines += [f'claim d{k} "D{k}"' for k in range(hops)]
    lines.append("chain stray: " + " -> ".join(f"c0 -> d{k}" for k in range(hops)))
    report = check_text("\n".join(lines) + "\n", path="case.cx")
    gaps = [f for f in report.findings if f.rule == "chain-gap"]
    assert len(gaps) == 2 * hops - 1  # c0 -> dk, and dk -> c0 between them
    assert not any("indirectly" in f.message for f in gaps)
