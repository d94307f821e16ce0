"""AIF in and out: the handwritten spec examples against their expected cases, the round trip AIF -> case -> AIF
as a property over generated graphs, and messy input answered with a warning or a clear error, never a crash.

tests/data/interchange/aif/NAME.json is written from the AIF specification's node and edge types (I, RA, CA, PA,
MA, and the dialogue layer's L, YA, TA as AIFdb stores them); NAME.cx beside it is the case `causal import aif`
writes, and NAME.notices its warnings. UPDATE_GOLDEN=1 rewrites them.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from causal.cli.commands import cli
from causal.interchange.aif import export_aif, import_aif
from causal.interchange.notices import ConversionError
from causal.language.formatter import format_text
from causal.language.parser import parse
from causal.pipeline import check_text

DATA = Path(__file__).parent / "data" / "interchange" / "aif"
EXAMPLES = sorted(path.stem for path in DATA.glob("*.json"))


def parsed(text: str):
    case, problems = parse(text)
    assert case is not None and not [p for p in problems if p.rule == "syntax-error"], problems
    return case


def canonical(items) -> Counter:
    return Counter(json.dumps(item, sort_keys=True) for item in items)


def graph_of(document: dict) -> dict:
    return document["AIF"] if "AIF" in document and "nodes" not in document else document


def notices_text(notices) -> str:
    return "".join(f"{n.where}: {n.severity}: {n.message}\n" for n in notices)


def compare_or_update(path: Path, actual: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_spec_example_imports_to_its_expected_case_and_warnings(name):
    converted = import_aif((DATA / f"{name}.json").read_bytes(), f"Imported from {name}.json")
    compare_or_update(DATA / f"{name}.cx", converted.text)
    compare_or_update(DATA / f"{name}.notices", notices_text(converted.notices))


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_imported_case_parses_is_formatted_and_checks_without_input_errors(name):
    text = import_aif((DATA / f"{name}.json").read_bytes(), name).text
    parsed(text)
    assert format_text(text) == (text, [])
    report = check_text(text, path=f"{name}.cx")
    assert not [f for f in report.findings if f.rule in ("syntax-error", "input-error", "invalid-value")]


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_spec_example_comes_back_with_every_node_and_edge(name):
    original = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    exported = json.loads(export_aif(parsed(import_aif((DATA / f"{name}.json").read_bytes(), name).text)).text)
    assert canonical(graph_of(exported)["nodes"]) == canonical(graph_of(original)["nodes"])
    assert canonical(graph_of(exported).get("edges", [])) == canonical(graph_of(original).get("edges", []))
    def others(document: dict) -> dict:
        return {k: v for k, v in document.items() if k not in ("AIF", "nodes", "edges")}

    assert others(exported) == others(original) and others(graph_of(exported)) == others(graph_of(original))


def test_the_mapping_of_the_tweety_example():
    """I-nodes are claims, a linked RA-node is one joint link, a CA on an I-node rebuts, a CA on an RA undercuts."""
    case = parsed((DATA / "tweety.cx").read_text(encoding="utf-8"))
    by_name = {getattr(s, "name", None) and s.name.text: s for s in case.statements}
    assert [c.text for c in by_name["ra4"].causes] == ["i1", "i2"] and by_name["ra4"].effect.text == "i3"
    assert [t.text for t in by_name["i6"].rebuts] == ["i3"] and [t.text for t in by_name["i3"].rebuts] == ["i6"]
    assert [t.text for t in by_name["i10"].undercuts] == ["ra4"]


# --- the round trip as a property --------------------------------------------------------------------

ids = st.one_of(st.integers(min_value=-5, max_value=40), st.text(min_size=0, max_size=4))
# What messy files hold where an id should be: it must be kept, never crash the import.
odd_ids = st.one_of(ids, ids, ids, st.none(), st.booleans(), st.floats(allow_nan=False), st.just([1]))
texts = st.one_of(st.text(max_size=12), st.none(), st.integers())
node_types = st.sampled_from(["I", "I", "I", "RA", "RA", "CA", "CA", "L", "YA", "TA", "MA", "PA", "XA", None])


@st.composite
def aif_graphs(draw):
    nodes = []
    for _ in range(draw(st.integers(0, 12))):
        node = {"nodeID": draw(odd_ids), "type": draw(node_types)}
        if draw(st.booleans()):
            node["text"] = draw(texts)
        if draw(st.integers(0, 4)) == 0:
            node["timestamp"] = draw(st.text(max_size=5))
        nodes.append(node)
    if draw(st.integers(0, 6)) == 0:
        nodes.append(draw(st.one_of(st.integers(), st.text(max_size=3), st.none())))
    known = [node["nodeID"] for node in nodes if isinstance(node, dict) and isinstance(node["nodeID"], (int, str))]
    known = known or [0]
    ends = st.one_of(st.sampled_from(known), st.sampled_from(known).map(str), odd_ids)
    edges = []
    for _ in range(draw(st.integers(0, 16))):
        edge = {"fromID": draw(ends), "toID": draw(ends)}
        choice = draw(st.integers(0, 5))
        if choice:
            edge = {"edgeID": draw(odd_ids) if choice > 1 else None, **edge}
        if draw(st.integers(0, 5)) == 0:
            edge["formEdgeID"] = None
        edges.append(edge)
    document = {"nodes": nodes, "edges": edges}
    if draw(st.booleans()):
        document["locutions"] = []
    if draw(st.integers(0, 4)) == 0:
        document = {"AIF": document, "text": draw(st.text(max_size=5))}
    return document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(aif_graphs())
def test_aif_to_case_to_aif_keeps_every_node_and_edge(document):
    data = json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        converted = import_aif(data, "generated")
    except ConversionError:
        # Only a lone surrogate makes the bytes not UTF-8; everything else must import.
        assert b"\xed" in data
        return
    case = parsed(converted.text)
    assert format_text(converted.text)[0] == converted.text
    exported = json.loads(export_aif(case).text)
    assert canonical(graph_of(exported)["nodes"]) == canonical(graph_of(document)["nodes"])
    assert canonical(graph_of(exported).get("edges", [])) == canonical(graph_of(document)["edges"])


# --- messy input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"nodes": [', "not JSON"),
        (b'{"nodes": [{"nodeID": 1, "text": "caf\xe9", "type": "I"}]}', "not UTF-8: byte 0xe9 at line 1"),
        (b"[1, 2]", "the JSON is a list, not an object"),
        (b'{"edges": []}', 'no "nodes"'),
        (b'{"nodes": {}, "edges": []}', '"nodes", not a list'),
        (b'{"nodes": [], "edges": 3}', '"edges" is a number'),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"nodes": []}\x00', "NUL bytes"),
    ],
    ids=["truncated", "latin-1", "list", "no-nodes", "nodes-object", "edges-number", "deep", "nul"],
)
def test_input_that_is_not_aif_is_a_clear_error(data, words):
    with pytest.raises(ConversionError) as raised:
        import_aif(data, "bad")
    assert words in raised.value.notice.message


def test_a_large_map_imports_with_a_few_lines_of_warnings():
    nodes = [{"nodeID": n, "text": f"claim {n}", "type": "I"} for n in range(3000)]
    nodes += [{"nodeID": 10_000 + n, "text": "Bob says so", "type": "L"} for n in range(3000)]
    edges = [{"edgeID": n, "fromID": n, "toID": 99_999} for n in range(3000)]
    converted = import_aif(json.dumps({"nodes": nodes, "edges": edges}).encode(), "big")
    assert len(converted.notices) <= 10
    assert any("and 2995 more like the above: dangling edges" in n.message for n in converted.notices)


# --- the commands ---------------------------------------------------------------------------------------


def test_import_refuses_to_replace_an_existing_case_unless_forced(tmp_path):
    runner = CliRunner()
    target = tmp_path / "case.cx"
    target.write_text("# my own work\n", encoding="utf-8")
    refused = runner.invoke(cli, ["import", "aif", str(DATA / "xaif.json"), "-o", str(target)])
    assert refused.exit_code == 2 and "exists; give --force" in refused.output
    assert target.read_text(encoding="utf-8") == "# my own work\n"
    forced = runner.invoke(cli, ["import", "aif", str(DATA / "xaif.json"), "-o", str(target), "--force"])
    assert forced.exit_code == 0 and target.read_text(encoding="utf-8") == (DATA / "xaif.cx").read_text("utf-8")
    formatted = runner.invoke(cli, ["fmt", "--check", str(target)])
    assert formatted.exit_code == 0 and "1 already formatted" in formatted.output


def test_import_of_a_bad_file_exits_2_with_the_place_and_writes_nothing(tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{\n  "nodes": [\n    {"nodeID": 1,, }\n  ]\n}')
    target = tmp_path / "out.cx"
    result = runner.invoke(cli, ["import", "aif", str(bad), "-o", str(target)])
    assert result.exit_code == 2 and not target.exists()
    assert f"{bad}:3:18: error: not JSON" in result.output and "Traceback" not in result.output
    folder = runner.invoke(cli, ["import", "aif", str(tmp_path)])
    assert folder.exit_code == 2 and "not a regular file (a folder)" in folder.output


def test_export_aif_of_a_case_with_syntax_errors_exits_1(tmp_path):
    case = tmp_path / "broken.cx"
    case.write_text("claim a\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "--format", "aif", str(case)])
    assert result.exit_code == 1 and "syntax errors" in result.output


def test_export_aif_of_a_written_case_maps_links_evidence_and_attacks():
    text = (Path(__file__).parent.parent / "docs" / "examples" / "bridge.cx").read_text(encoding="utf-8")
    converted = export_aif(parsed(text))
    document = json.loads(converted.text)
    kinds = Counter(node["type"] for node in document["nodes"])
    # 3 events, 1 claim and 2 evidence items; 3 links, 2 `supports` and 2 `because`; no attacks.
    assert kinds == Counter({"I": 6, "RA": 7})
    ids = {node["nodeID"] for node in document["nodes"]}
    assert all(edge["fromID"] in ids and edge["toID"] in ids for edge in document["edges"])
    assert any("sources left out" in notice.message for notice in converted.notices)
