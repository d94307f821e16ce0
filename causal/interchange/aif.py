"""AIF, as AIFdb writes it in JSON, to a case and back (docs/interchange.md has the mapping).

An I-node becomes a claim, an RA-node a labelled link from its premises to its
conclusion (a link rests on its causes and its effect and can be undercut, as
an ASPIC+ argument can), and a CA-node a `rebuts` (on an I-node) or an
`undercuts` (on an RA-node) of its conflicting claim. Each statement's note
keeps the ids it came from (`aif I 12`, `aif RA 15; premise i12 edge 20; ...`),
and the case header's note keeps, as JSON, everything the case language cannot
say: dialogue nodes (L, YA, TA), rephrases (MA), preferences (PA), unknown
nodes, dangling edges and the fields of every node beyond its id, type and
text. Exporting reads both back, so AIF -> case -> AIF keeps every node and edge.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from urllib.parse import quote as percent_quote
from urllib.parse import unquote as percent_unquote

from causal.inputs.spans import FILE_START
from causal.interchange.names import NameTable, as_name
from causal.interchange.notices import Converted, error, warning
from causal.interchange.reading import NoticeList, collector_paused, decode_utf8
from causal.language import ast
from causal.language.printer import format_case

NOTE_PREFIX = "aif "
ASSUMED = "an inference of the AIF argument map"
NO_TEXT = "(no text in AIF)"
DEFAULT_INFERENCE = "Default Inference"
DEFAULT_CONFLICT = "Default Conflict"

# Node types that stay in the case header's note, and what they are, for the warnings.
DIALOGUE_TYPES = {
    "L": "locutions (the dialogue layer)",
    "YA": "illocutionary connections (the dialogue layer)",
    "TA": "transitions (the dialogue layer)",
    "MA": "rephrases",
    "PA": "preferences",
}
_KEEP_HELP = (
    "They are kept in the case header's note, so `causal export --format aif` writes them back, "
    "but `causal check` does not see them."
)

_BARE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.:+@/-]*")
_INT_ID = re.compile(r"-?[0-9]+")


# --- ids in notes ---------------------------------------------------------------------


def id_token(value: object) -> str:
    """An AIF id as a note writes it: a number as digits, a plain string bare, another string in `'...'` with
    percent escapes, no id as `-`. The token says which it was, so the id comes back with its JSON type."""
    if value is None:
        return "-"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    assert isinstance(value, str)
    if _BARE_ID.fullmatch(value):
        return value
    return "'" + percent_quote(value, safe="") + "'"


def token_id(token: str) -> object:
    if token == "-":
        return None
    if token.startswith("'") and token.endswith("'") and len(token) >= 2:
        return percent_unquote(token[1:-1])
    if _INT_ID.fullmatch(token):
        return int(token)
    return token


def _is_id(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _key(value: object) -> str:
    # Messy files write a node's id as 12 and an edge's end as "12": both name the same node.
    return str(value)


# --- import -----------------------------------------------------------------------------


@collector_paused
def import_aif(data: bytes | bytearray, title: str) -> Converted:
    """AIF JSON (AIFdb's `{"nodes", "edges", ...}` or xAIF's `{"AIF": {...}}`) as case text.

    Raises ConversionError when the bytes are not UTF-8 JSON of that shape; anything less is a warning.
    """
    text = decode_utf8(data, "AIF JSON")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as problem:
        raise error(
            f"line {problem.lineno}", f"not JSON: {problem.msg} at line {problem.lineno}, column {problem.colno}",
            "AIF files are JSON, as AIFdb and OVA write them; check the file is complete.",
            problem.lineno, problem.colno,
        ) from None
    except RecursionError:
        raise error("", "the JSON is nested too deeply to read", "AIF nests a few levels; check the file.") from None
    return _Importer(document, unicodedata.normalize("NFC", title)).run()


class _Importer:
    def __init__(self, document: object, title: str) -> None:
        self.notices = NoticeList()
        self.title = title
        self.rest: dict[str, object] = {}
        if not isinstance(document, dict):
            raise error("/", f"the JSON is {_kind_of(document)}, not an object", "An AIF file is a JSON object "
                        'with a "nodes" list and an "edges" list.')
        graph = document
        pointer = ""
        if "nodes" not in document and isinstance(document.get("AIF"), dict):
            graph = document["AIF"]
            pointer = "/AIF"
            self.rest["wrapper"] = {key: value for key, value in document.items() if key != "AIF"}
        nodes = graph.get("nodes")
        if not isinstance(nodes, list):
            found = "no" if nodes is None else _kind_of(nodes) + " as"
            raise error(f"{pointer}/nodes", f'the file has {found} "nodes", not a list',
                        'An AIF file is a JSON object with a "nodes" list and an "edges" list.')
        edges = graph.get("edges", [])
        if not isinstance(edges, list):
            raise error(f"{pointer}/edges", f'"edges" is {_kind_of(edges)}, not a list',
                        'An AIF file is a JSON object with a "nodes" list and an "edges" list.')
        self.pointer = pointer
        self.nodes = nodes
        self.edges = edges
        graph_rest = {key: value for key, value in graph.items() if key not in ("nodes", "edges")}
        if graph_rest:
            self.rest["graph"] = graph_rest
        if "edges" not in graph:
            self.rest["no_edges"] = True
        self.kept_nodes: list[object] = []
        self.kept_edges: list[object] = []
        self.node_fields: dict[str, dict] = {}
        self.edge_fields: dict[str, dict] = {}
        self.names = NameTable()

    # -- nodes and edges read and checked --

    def run(self) -> Converted:
        by_key = self._read_nodes()
        usable_edges = self._read_edges(by_key)
        outgoing: dict[str, list[int]] = defaultdict(list)
        incoming: dict[str, list[int]] = defaultdict(list)
        for index, (_edge, source, target) in usable_edges.items():
            outgoing[source].append(index)
            incoming[target].append(index)
        consumed: set[int] = set()

        claims: dict[str, dict] = {}  # node key -> {"name", "title", "rebuts", "undercuts", "entries"}
        for key, (index, node) in by_key.items():
            if node.get("type") == "I":
                claims[key] = self._claim(key, index, node)
        links: dict[str, dict] = {}
        for key, (index, node) in by_key.items():
            if node.get("type") == "RA":
                link = self._link(key, index, node, claims, usable_edges, incoming, outgoing, consumed)
                if link is not None:
                    links[key] = link
        for key, (index, node) in by_key.items():
            if node.get("type") == "CA":
                self._conflict(key, index, node, claims, links, usable_edges, incoming, outgoing, consumed)
        for key, (index, node) in by_key.items():
            kind = node.get("type")
            if kind in ("I",) or key in links or (kind == "CA" and key in self._placed_conflicts):
                continue
            self._keep_node(index, node)
        for index, (edge, _source, _target) in usable_edges.items():
            if index not in consumed:
                self.kept_edges.append(edge)
        self._warn_kept_types(by_key, links)

        statements: list[ast.Statement] = [self._header()]
        for claim in claims.values():
            statements.append(_claim_statement(claim))
        for link in links.values():
            statements.append(_link_statement(link))
        return Converted(format_case(ast.CaseFile(tuple(statements))), self.notices.done())

    _placed_conflicts: set[str] = set()

    def _read_nodes(self) -> dict[str, tuple[int, dict]]:
        by_key: dict[str, tuple[int, dict]] = {}
        self._placed_conflicts = set()
        for index, node in enumerate(self.nodes):
            where = f"{self.pointer}/nodes/{index}"
            if not isinstance(node, dict):
                self.notices.warn("nodes that are not objects", where, f"node {index} is {_kind_of(node)}, "
                                  "not an object", "Each node is an object with a nodeID, a type and a text; "
                                  "it is kept in the case header's note.")
                self.kept_nodes.append(node)
                continue
            node_id = node.get("nodeID")
            if not _is_id(node_id):
                self.notices.warn("nodes without a usable id", where, f"node {index} has "
                                  f"{'no nodeID' if node_id is None else 'a nodeID that is ' + _kind_of(node_id)}",
                                  "Give each node a nodeID (a string or a whole number); it is kept in the "
                                  "case header's note, and no edge can reach it.")
                self.kept_nodes.append(node)
                continue
            key = _key(node_id)
            if key in by_key:
                first = by_key[key][0]
                self.notices.warn("duplicate node ids", where, f"node id {key} is used again (first by node "
                                  f"{first}); the edges reach the first", "Give each node its own id; the "
                                  "later node is kept in the case header's note.")
                self.kept_nodes.append(node)
                continue
            by_key[key] = (index, node)
        return by_key

    def _read_edges(self, by_key: dict[str, tuple[int, dict]]) -> dict[int, tuple[dict, str, str]]:
        edge_id_counts = Counter(
            _key(edge.get("edgeID")) for edge in self.edges if isinstance(edge, dict) and "edgeID" in edge
        )
        usable: dict[int, tuple[dict, str, str]] = {}
        for index, edge in enumerate(self.edges):
            where = f"{self.pointer}/edges/{index}"
            if not isinstance(edge, dict):
                self.notices.warn("edges that are not objects", where, f"edge {index} is {_kind_of(edge)}, not an "
                                  "object", "Each edge is an object with fromID and toID; it is kept in the case "
                                  "header's note.")
                self.kept_edges.append(edge)
                continue
            ends = (edge.get("fromID"), edge.get("toID"))
            missing = [name for name, value in zip(("fromID", "toID"), ends) if not _is_id(value)]
            dangling = [str(value) for value in ends if _is_id(value) and _key(value) not in by_key]
            if missing or dangling:
                what = (
                    f"has no usable {' or '.join(missing)}" if missing else f"points to no node: {', '.join(dangling)}"
                )
                self.notices.warn("dangling edges", where, f"edge {_shown_id(edge.get('edgeID'))} {what}",
                                  "It is kept in the case header's note as it is; check the nodes it should join.")
                self.kept_edges.append(edge)
                continue
            extra = {key: value for key, value in edge.items() if key not in ("edgeID", "fromID", "toID")}
            for name, value in zip(("fromID", "toID"), ends):
                if type(value) is not type(by_key[_key(value)][1]["nodeID"]):
                    extra[name] = value  # written as the edge wrote it, which differs from the node's own id
            edge_id = edge.get("edgeID")
            if extra:
                # The extra fields are kept under the edge's id, so it must have one of its own.
                if not _is_id(edge_id) or edge_id_counts[_key(edge_id)] > 1:
                    self.kept_edges.append(edge)
                    continue
                self.edge_fields[_key(edge_id)] = extra
            elif "edgeID" in edge and not _is_id(edge_id):
                self.kept_edges.append(edge)
                continue
            usable[index] = (edge, _key(ends[0]), _key(ends[1]))
        return usable

    def _keep_node(self, index: int, node: dict) -> None:
        self.kept_nodes.append(node)

    def _warn_kept_types(self, by_key: dict[str, tuple[int, dict]], links: dict[str, dict]) -> None:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for key, (index, node) in by_key.items():
            kind = node.get("type")
            if kind in ("I", "RA", "CA"):
                continue
            label = kind if isinstance(kind, str) else repr(kind)
            counts[label] += 1
            first.setdefault(label, index)
        for label, count in counts.items():
            known = DIALOGUE_TYPES.get(label)
            where = f"{self.pointer}/nodes/{first[label]}"
            if known is not None:
                self.notices.add(warning(where, f"{count} {label}-node{'s' if count > 1 else ''}: {known}, which "
                                         "a case cannot say", _KEEP_HELP))
            else:
                self.notices.add(warning(where, f"{count} node{'s' if count > 1 else ''} of unknown type {label}",
                                         _KEEP_HELP))

    # -- statements --

    def _claim(self, key: str, index: int, node: dict) -> dict:
        node_id = node["nodeID"]
        name = self.names.take(as_name(str(node_id), "i"))
        text = node.get("text")
        fields = {field: value for field, value in node.items() if field not in ("nodeID", "type", "text")}
        where = f"{self.pointer}/nodes/{index}"
        title = _title(text)
        if title is None:
            self.notices.warn("I-nodes without text", where, f"I-node {id_token(node_id)} has "
                              f"{'no text' if not isinstance(text, str) else 'an empty text'}",
                              f"Its claim `{name}` reads {NO_TEXT!r}; write what it says.")
            title = NO_TEXT
        if title != text and "text" in node:
            fields["text"] = text  # written back as it was (empty, not a string, or not in NFC)
        elif "text" not in node:
            fields["text"] = None
            fields["__no_text"] = True
        if fields:
            self.node_fields[key] = fields
        return {"name": name, "title": title, "id": node_id, "rebuts": [], "undercuts": [], "entries": []}

    def _link(self, key, index, node, claims, usable_edges, incoming, outgoing, consumed) -> dict | None:
        premises: list[tuple[str, object]] = []  # (claim name, edge id)
        premise_edges: list[int] = []
        seen: set[str] = set()
        for edge_index in incoming.get(key, ()):
            edge, source, _target = usable_edges[edge_index]
            if source in claims and source not in seen:
                seen.add(source)
                premises.append((claims[source]["name"], edge.get("edgeID")))
                premise_edges.append(edge_index)
        conclusions = [i for i in outgoing.get(key, ()) if usable_edges[i][2] in claims]
        where = f"{self.pointer}/nodes/{index}"
        if not premises or len(conclusions) != 1:
            problem = "no premise" if not premises else f"{len(conclusions) or 'no'} conclusion" + (
                "s" if len(conclusions) > 1 else "")
            self.notices.warn("RA-nodes that are no inference from I-nodes to one I-node", where,
                              f"RA-node {id_token(node['nodeID'])} has {problem} among the I-nodes",
                              "An RA-node becomes a link from its premises to its one conclusion; this one is "
                              "kept in the case header's note.")
            return None
        conclusion_edge, _source, conclusion_key = usable_edges[conclusions[0]]
        consumed.update(premise_edges)
        consumed.add(conclusions[0])
        fields = {field: value for field, value in node.items() if field not in ("nodeID", "type")}
        if fields:
            self.node_fields[key] = fields
        return {
            "name": self.names.take(as_name(str(node["nodeID"]), "ra")),
            "id": node["nodeID"],
            "premises": premises,
            "conclusion": (claims[conclusion_key]["name"], conclusion_edge.get("edgeID")),
        }

    def _conflict(self, key, index, node, claims, links, usable_edges, incoming, outgoing, consumed) -> None:
        attackers = [i for i in incoming.get(key, ()) if usable_edges[i][1] in claims]
        targets = [i for i in outgoing.get(key, ()) if usable_edges[i][2] in claims or usable_edges[i][2] in links]
        if len(attackers) != 1 or len(targets) != 1:
            self.notices.warn(
                "CA-nodes that are no conflict of one I-node with one I-node or inference",
                f"{self.pointer}/nodes/{index}",
                f"CA-node {id_token(node['nodeID'])} has {len(attackers)} conflicting I-nodes and {len(targets)} "
                "conflicted I-nodes or RA-nodes",
                "A CA-node becomes a `rebuts` or `undercuts` of one claim; this one is kept in the case header's note.",
            )
            return
        attack_edge, attacker_key, _ = usable_edges[attackers[0]]
        target_edge, _, target_key = usable_edges[targets[0]]
        consumed.update((attackers[0], targets[0]))
        self._placed_conflicts.add(key)
        fields = {field: value for field, value in node.items() if field not in ("nodeID", "type")}
        if fields:
            self.node_fields[key] = fields
        attacker = claims[attacker_key]
        if target_key in claims:
            relation, target = "rebuts", claims[target_key]["name"]
        else:
            relation, target = "undercuts", links[target_key]["name"]
        attacker[relation].append(target)
        attacker["entries"].append(
            f"CA {id_token(node['nodeID'])} {relation} {target} edges "
            f"{id_token(attack_edge.get('edgeID'))} {id_token(target_edge.get('edgeID'))}"
        )

    def _header(self) -> ast.CaseHeader:
        rest = dict(self.rest)
        if self.kept_nodes:
            rest["nodes"] = self.kept_nodes
        if self.kept_edges:
            rest["edges"] = self.kept_edges
        if self.node_fields:
            rest["node_fields"] = self.node_fields
        if self.edge_fields:
            rest["edge_fields"] = self.edge_fields
        note = None
        if rest:
            dumped = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))
            # `causal fmt` composes the whole file (NFC); escapes keep a decomposed text as it was.
            if not _printable_text(dumped) or not unicodedata.is_normalized("NFC", dumped):
                dumped = json.dumps(rest, ensure_ascii=True, separators=(",", ":"))
            note = ast.Text(NOTE_PREFIX + dumped)
        return ast.CaseHeader(ast.Text(self.title), note=note, span=FILE_START)


def _claim_statement(claim: dict) -> ast.ClaimDecl:
    note = "; ".join([f"{NOTE_PREFIX}I {id_token(claim['id'])}", *claim["entries"]])
    return ast.ClaimDecl(
        ast.Word(claim["name"]),
        ast.Text(claim["title"]),
        rebuts=tuple(map(ast.Word, claim["rebuts"])),
        undercuts=tuple(map(ast.Word, claim["undercuts"])),
        note=ast.Text(note),
        span=FILE_START,
    )


def _link_statement(link: dict) -> ast.LinkDecl:
    entries = [f"{NOTE_PREFIX}RA {id_token(link['id'])}"]
    entries += [f"premise {name} edge {id_token(edge_id)}" for name, edge_id in link["premises"]]
    entries.append(f"conclusion {link['conclusion'][0]} edge {id_token(link['conclusion'][1])}")
    return ast.LinkDecl(
        tuple(ast.Word(name) for name, _ in link["premises"]),
        ast.Word(link["conclusion"][0]),
        label=ast.Word(link["name"]),
        assumed=ast.Text(ASSUMED),
        note=ast.Text("; ".join(entries)),
        span=FILE_START,
    )


def _title(text: object) -> str | None:
    """The claim's title for an I-node's text: None when there is none to show."""
    if not isinstance(text, str):
        return None
    shown = _SURROGATE.sub("\ufffd", text)
    if not shown.isascii():
        shown = unicodedata.normalize("NFC", shown)
    return shown if shown.strip() else None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable_text(text: str) -> bool:
    return _SURROGATE.search(text) is None


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


# --- export --------------------------------------------------------------------------------


@collector_paused
def export_aif(case: ast.CaseFile) -> Converted:
    """A case as AIF JSON: its claims and events as I-nodes, its links and evidence as RA-nodes, its attacks as
    CA-nodes, and what its notes kept of an imported AIF file as it was."""
    return _Exporter(case).run()


class _Exporter:
    def __init__(self, case: ast.CaseFile) -> None:
        self.case = case
        self.notices = NoticeList()
        self.rest: dict = {}
        for statement in case.statements:
            if isinstance(statement, ast.CaseHeader) and statement.note is not None:
                note = statement.note.value
                if note.startswith(NOTE_PREFIX):
                    try:
                        loaded = json.loads(note[len(NOTE_PREFIX):])
                    except (json.JSONDecodeError, RecursionError):
                        loaded = None
                    if isinstance(loaded, dict):
                        self.rest = loaded
                    else:
                        self.notices.add(warning("case", "the case header's note starts with `aif ` but holds no "
                                                 "AIF data that can be read", "It is left out of the export."))
        self.node_fields = self.rest.get("node_fields") if isinstance(self.rest.get("node_fields"), dict) else {}
        self.edge_fields = self.rest.get("edge_fields") if isinstance(self.rest.get("edge_fields"), dict) else {}
        self.nodes: list = []
        self.edges: list = []
        used_nodes, used_edges = self._ids_in_use()
        self._next_node = _first_free(used_nodes)
        self._next_edge = _first_free(used_edges)
        self._used_nodes = {_key(value) for value in used_nodes}
        self._used_edges = {_key(value) for value in used_edges}

    def _ids_in_use(self) -> tuple[list, list]:
        nodes: list = []
        edges: list = []
        for statement in self.case.statements:
            entries = _note_entries(statement)
            for entry in entries:
                words = entry.split()
                if words[:1] in (["I"], ["RA"]) and len(words) >= 2:
                    nodes.append(token_id(words[1]))
                elif words[:1] == ["CA"] and len(words) >= 7:
                    nodes.append(token_id(words[1]))
                    edges.extend((token_id(words[5]), token_id(words[6])))
                elif words[:1] in (["premise"], ["conclusion"]) and len(words) >= 4:
                    edges.append(token_id(words[3]))
        for node in self.rest.get("nodes", []) if isinstance(self.rest.get("nodes"), list) else []:
            if isinstance(node, dict) and _is_id(node.get("nodeID")):
                nodes.append(node["nodeID"])
        for edge in self.rest.get("edges", []) if isinstance(self.rest.get("edges"), list) else []:
            if isinstance(edge, dict) and _is_id(edge.get("edgeID")):
                edges.append(edge["edgeID"])
        return nodes, edges

    def _fresh_node(self) -> int:
        while _key(self._next_node) in self._used_nodes:
            self._next_node += 1
        self._used_nodes.add(_key(self._next_node))
        return self._next_node

    def _fresh_edge(self) -> int:
        while _key(self._next_edge) in self._used_edges:
            self._next_edge += 1
        self._used_edges.add(_key(self._next_edge))
        return self._next_edge

    def _node(self, node_id: object, kind: str, text: str | None) -> dict:
        node: dict = {"nodeID": node_id}
        if text is not None:
            node["text"] = text
        node["type"] = kind
        fields = self.node_fields.get(_key(node_id))
        if isinstance(fields, dict):
            node.update(fields)
            if node.pop("__no_text", False):
                node.pop("text", None)
        self.nodes.append(node)
        return node

    def _edge(self, edge_id: object, source: object, target: object) -> None:
        if edge_id is None:
            edge_id = self._fresh_edge()
        edge = {"edgeID": edge_id, "fromID": source, "toID": target}
        if edge_id == "-absent-":
            del edge["edgeID"]
        fields = self.edge_fields.get(_key(edge_id))
        if isinstance(fields, dict):
            edge.update(fields)
        self.edges.append(edge)

    def run(self) -> Converted:
        statements = self.case.statements
        items: dict[str, object] = {}  # case name -> its I-node id
        inferences: dict[str, object] = {}  # link label -> its RA-node id
        dropped: Counter[tuple[str, str]] = Counter()
        for statement in statements:
            if isinstance(statement, (ast.ClaimDecl, ast.EventDecl, ast.EvidenceDecl)):
                entries = _note_entries(statement)
                node_id = _entry_id(entries, "I")
                if node_id is _NONE:
                    node_id = self._fresh_node()
                items[statement.name.text] = node_id
                if isinstance(statement, ast.EvidenceDecl):
                    text = statement.quote.value if statement.quote is not None else _evidence_text(statement)
                else:
                    text = statement.title.value
                self._node(node_id, "I", text)
            elif isinstance(statement, ast.LinkDecl):
                continue
            elif not isinstance(statement, (ast.CaseHeader, ast.ContradictionDecl)):
                dropped[_STATEMENT_WORDS[type(statement).__name__]] += 1
        for statement in statements:
            if isinstance(statement, ast.LinkDecl):
                self._inference(statement, items, inferences)
        for statement in statements:
            if isinstance(statement, ast.EvidenceDecl):
                self._evidence_support(statement, items, inferences)
            if isinstance(statement, (ast.ClaimDecl, ast.EvidenceDecl)):
                self._attacks(statement, items, inferences)
            if isinstance(statement, ast.ContradictionDecl):
                self._contradiction(statement, items)
        for (singular, plural), count in dropped.items():
            self.notices.add(warning("case", f"{count} {singular if count == 1 else plural} left out",
                                     "AIF has no node for them (docs/interchange.md)."))
        return Converted(self._document(), self.notices.done())

    def _inference(self, link: ast.LinkDecl, items: dict, inferences: dict) -> None:
        entries = _note_entries(link)
        node_id = _entry_id(entries, "RA")
        if node_id is _NONE:
            node_id = self._fresh_node()
            self._node(node_id, "RA", DEFAULT_INFERENCE)
        else:
            self._node(node_id, "RA", None)
        if link.label is not None:
            inferences[link.label.text] = node_id
        premise_edges = _edges_by_name(entries, "premise")
        for cause in link.causes:
            if cause.text not in items:
                self.notices.warn("names that are no claim, event or evidence", f"link {_link_text(link)}",
                                  f"cause {cause.text} is no claim, event or evidence item", "Its premise edge is "
                                  "left out; declare it.")
                continue
            self._edge(_pop(premise_edges, cause.text), items[cause.text], node_id)
        for evidence in link.because:
            # The evidence a link rests on supports its inference: an RA-node from the evidence to the link's.
            if evidence.text in items:
                support = self._fresh_node()
                self._node(support, "RA", DEFAULT_INFERENCE)
                self._edge(None, items[evidence.text], support)
                self._edge(None, support, node_id)
        if link.effect.text in items:
            self._edge(_pop(_edges_by_name(entries, "conclusion"), link.effect.text), node_id, items[link.effect.text])
        else:
            self.notices.warn("names that are no claim, event or evidence", f"link {_link_text(link)}",
                              f"effect {link.effect.text} is no claim, event or evidence item",
                              "Its conclusion edge is left out; declare it.")

    def _evidence_support(self, evidence: ast.EvidenceDecl, items: dict, inferences: dict) -> None:
        for target in evidence.supports:
            destination = items.get(target.text, inferences.get(target.text))
            if destination is None:
                continue
            node_id = self._fresh_node()
            self._node(node_id, "RA", DEFAULT_INFERENCE)
            self._edge(None, items[evidence.name.text], node_id)
            self._edge(None, node_id, destination)

    def _attacks(self, statement: ast.ClaimDecl | ast.EvidenceDecl, items: dict, inferences: dict) -> None:
        entries = [entry.split() for entry in _note_entries(statement) if entry.startswith("CA ")]
        attacker = items[statement.name.text]
        for relation, targets in (("rebuts", statement.rebuts), ("undercuts", statement.undercuts),
                                  ("undermines", statement.undermines)):
            for target in targets:
                destination = items.get(target.text) if relation != "undercuts" else inferences.get(target.text)
                if destination is None:
                    self.notices.warn("attacks on what AIF has no node for", f"{_statement_word(statement)} "
                                      f"{statement.name.text}", f"{relation} {target.text}, which is no "
                                      f"{'labelled link' if relation == 'undercuts' else 'claim, event or evidence'}",
                                      "The attack is left out of the export.")
                    continue
                found = next((e for e in entries if len(e) >= 7 and e[2] == relation and e[3] == target.text), None)
                if found is not None:
                    entries.remove(found)
                    node_id, in_edge, out_edge = token_id(found[1]), token_id(found[5]), token_id(found[6])
                    self._node(node_id, "CA", None)
                else:
                    node_id, in_edge, out_edge = self._fresh_node(), None, None
                    self._node(node_id, "CA", DEFAULT_CONFLICT)
                self._edge(_absent(in_edge, found), attacker, node_id)
                self._edge(_absent(out_edge, found), node_id, destination)

    def _contradiction(self, statement: ast.ContradictionDecl, items: dict) -> None:
        left, right = items.get(statement.left.text), items.get(statement.right.text)
        if left is None or right is None:
            self.notices.warn("attacks on what AIF has no node for", f"contradiction {statement.name.text}",
                              "a side is no claim, event or evidence item", "It is left out of the export.")
            return
        for source, target in ((left, right), (right, left)):
            node_id = self._fresh_node()
            self._node(node_id, "CA", DEFAULT_CONFLICT)
            self._edge(None, source, node_id)
            self._edge(None, node_id, target)

    def _document(self) -> str:
        nodes = self.nodes + [n for n in self.rest.get("nodes", []) if isinstance(self.rest.get("nodes"), list)]
        edges = self.edges + [e for e in self.rest.get("edges", []) if isinstance(self.rest.get("edges"), list)]
        graph: dict = {"nodes": nodes}
        if not (self.rest.get("no_edges") and not edges):
            graph["edges"] = edges
        if isinstance(self.rest.get("graph"), dict):
            graph.update(self.rest["graph"])
        elif not self.rest:
            graph["locutions"] = []  # AIFdb writes it always; a case that came from AIF keeps what the file had
        document = graph
        if isinstance(self.rest.get("wrapper"), dict):
            document = {"AIF": graph, **self.rest["wrapper"]}
        try:
            text = json.dumps(document, ensure_ascii=False, indent=2)
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = json.dumps(document, ensure_ascii=True, indent=2)
        return text + "\n"


_NONE = object()
_STATEMENT_WORDS = {
    "SourceDecl": ("source", "sources"), "ActorDecl": ("actor", "actors"), "ChainDecl": ("chain", "chains"),
    "HypothesisDecl": ("hypothesis", "hypotheses"), "FindingExpectation": ("expectation", "expectations"),
    "VerdictExpectation": ("expectation", "expectations"), "Setting": ("setting", "settings"),
}


def _note_entries(statement: object) -> list[str]:
    note = getattr(statement, "note", None)
    if note is None or not note.value.startswith(NOTE_PREFIX):
        return []
    return [entry.strip() for entry in note.value[len(NOTE_PREFIX):].split(";") if entry.strip()]


def _entry_id(entries: list[str], kind: str) -> object:
    for entry in entries:
        words = entry.split()
        if len(words) == 2 and words[0] == kind:
            return token_id(words[1])
    return _NONE


def _edges_by_name(entries: list[str], role: str) -> dict[str, list[object]]:
    found: dict[str, list[object]] = defaultdict(list)
    for entry in entries:
        words = entry.split()
        if len(words) == 4 and words[0] == role and words[2] == "edge":
            found[words[1]].append(token_id(words[3]))
    return found


def _pop(edges: dict[str, list[object]], name: str) -> object:
    waiting = edges.get(name)
    if not waiting:
        return None
    edge_id = waiting.pop(0)
    return "-absent-" if edge_id is None else edge_id


def _absent(edge_id: object, found: object) -> object:
    # A kept edge that had no id is written without one; a new edge gets a new id.
    return "-absent-" if found is not None and edge_id is None else edge_id


def _first_free(ids: list) -> int:
    numbers = [value for value in ids if isinstance(value, int) and not isinstance(value, bool)]
    numbers += [int(value) for value in ids if isinstance(value, str) and _INT_ID.fullmatch(value) and len(value) < 19]
    return max(numbers, default=0) + 1


def _evidence_text(evidence: ast.EvidenceDecl) -> str:
    source = f" from {evidence.source.text}" if evidence.source is not None else ""
    return f"evidence {evidence.name.text}{source}"


def _statement_word(statement: object) -> str:
    return "claim" if isinstance(statement, ast.ClaimDecl) else "evidence"


def _link_text(link: ast.LinkDecl) -> str:
    if link.label is not None:
        return link.label.text
    return f"{', '.join(cause.text for cause in link.causes)} -> {link.effect.text}"


def _shown_id(value: object) -> str:
    """An id for a message, whatever JSON value it is."""
    if _is_id(value) or value is None:
        return id_token(value)
    return json.dumps(value)[:40]
