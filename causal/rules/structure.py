"""Rules about the shape of the causal graph: chains with gaps, causal loops (codes CX30x).

The graph has an edge from each cause of a link to its effect (see
`Model.links_by_cause`). Both rules walk it iteratively, in linear time, so
that cases with hundreds of thousands of links and long paths never reach
Python's recursion limit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence

from causal.argumentation.graphs import rows_of
from causal.argumentation.graphs import strongly_connected_components as tarjan
from causal.inputs.spans import Span
from causal.model.case_model import CAUSAL_NODE_KINDS, Model
from causal.rules.base import Phase, Rule, runs_in
from causal.rules.findings import Finding, Severity, Subject, link_subject

CHAIN_GAP = Rule(
    name="chain-gap",
    code="CX301",
    severity=Severity.ERROR,
    summary="A chain step `X -> Y` that no link makes.",
    finds="""
        Two consecutive steps of a chain, `X -> Y`, with no link whose effect is
        `Y` and whose causes include every name in `X`. The co-causes of a joint
        link are not causes of one another: `link a, b -> c` makes `a -> c`,
        `b -> c` and `a, b -> c`, but not `a -> b`. When `Y` is a group, each of
        its names needs such a link. When the links do lead from `X` to `Y`
        through other events, the shortest such path is named, so the missing
        steps can be added to the chain (the searches of one check share a
        budget of a few times the case's links, so a case with very many gaps
        in a very large graph stays linear; past it, a gap names no path).
        Steps naming something undefined or not
        an event or claim are left to `undefined-name` and `wrong-kind`.
        """,
    why="""
        A chain is the narrative under test; a step that no link argues for is
        a leap the text asks the reader to take on trust, and it breaks the
        chain.
        """,
    example="""
        event promise "A promise is made" at 2015-03
        event rift "The partners fall out" at 2015-12
        event withdrawal "Troops are withdrawn" at 2016-03
        link promise -> rift assumed "for the example"
        link rift -> withdrawal assumed "for the example"
        chain story: promise -> withdrawal
        """,
    passing="""
        event promise "A promise is made" at 2015-03
        event rift "The partners fall out" at 2015-12
        event withdrawal "Troops are withdrawn" at 2016-03
        link promise -> rift assumed "for the example"
        link rift -> withdrawal assumed "for the example"
        chain story: promise -> rift -> withdrawal
        """,
)

CAUSAL_CYCLE = Rule(
    name="causal-cycle",
    code="CX302",
    severity=Severity.ERROR,
    summary="Links that form a loop: something ends up causing itself.",
    finds="""
        A set of links, none marked `feedback`, that leads from an event or
        claim back to itself (`a -> b -> c -> a`, or `a -> a`). Each group of
        names caught in loops is reported once, with one concrete loop spelt
        out, at the link that closes it (a loop of more than 60 names is named
        by its first and last 30).
        """,
    why="""
        In a narrative of causes, a loop usually means a link was written the
        wrong way round or an effect was confused with a cause. Where the loop
        is meant (a vicious circle, an escalation), marking one of its links
        `feedback` says so and keeps the rest of the graph checked.
        """,
    example="""
        claim sanctions "Sanctions tighten"
        claim defiance "Tehran turns defiant"
        link sanctions -> defiance assumed "for the example"
        link defiance -> sanctions assumed "for the example"
        """,
    passing="""
        claim sanctions "Sanctions tighten"
        claim defiance "Tehran turns defiant"
        link sanctions -> defiance assumed "for the example"
        link defiance -> sanctions assumed "for the example" feedback
        """,
)



@runs_in(Phase.MODEL)
def check(model: Model) -> Iterator[Finding]:
    yield from check_chain_gaps(model)
    yield from check_cycles(model)


# --- chain-gap -------------------------------------------------------------------


def check_chain_gaps(model: Model) -> Iterator[Finding]:
    finder = _PathFinder(model)
    for chain in model.chains.values():
        for before, after in zip(chain.steps, chain.steps[1:]):
            if not all(model.kind_of(word.text) in CAUSAL_NODE_KINDS for word in (*before, *after)):
                continue  # undefined-name / wrong-kind report these
            causes = tuple(dict.fromkeys(word.text for word in before))
            span = before[0].span.cover(after[-1].span)
            for effect_word in after:
                effect = effect_word.text
                if model.links_making(causes, effect):
                    continue
                yield _gap_finding(model, chain.name.text, causes, effect, span, finder.path(causes, effect))


class _PathFinder:
    """Indirect paths for the gaps of one check, within a budget linear in the case.

    Each search is breadth-first and may cross the whole graph, so many gaps in
    a large graph would cost quadratic time. The searches of one check share a
    budget of nodes and links visited, a few times the graph's size; a gap asked about
    again gets the path found before; once the budget is spent, a gap's
    message just names no indirect path (the finding itself is unchanged).
    """

    VISITS_PER_GRAPH = 4  # times (links + 1000): room for a few full crossings, never more

    def __init__(self, model: Model) -> None:
        self.model = model
        self.budget = self.VISITS_PER_GRAPH * (len(model.links) + 1000)
        self.found: dict[tuple[tuple[str, ...], str], list[str] | None] = {}

    def path(self, causes: tuple[str, ...], effect: str) -> list[str] | None:
        key = (causes, effect)
        if key not in self.found:
            if self.budget <= 0:
                return None
            path, visited = _search(self.model, causes, effect, self.budget)
            self.budget -= visited
            self.found[key] = path
        return self.found[key]


def _gap_finding(
    model: Model, chain: str, causes: tuple[str, ...], effect: str, span: Span, path: list[str] | None
) -> Finding:
    step = f"{', '.join(causes)} -> {effect}"
    message = f"no link makes the step {step} of chain {chain}"
    if path is not None and len(path) > 2:
        written = " -> ".join(path)
        message += f"; the links reach it indirectly, {written}"
        help = (
            f"Add the intermediate steps to the chain ({written}), or write a link `{step}` "
            "if the case argues for the direct step."
        )
    elif path is not None:
        # A direct link from one of several joint causes: the group as a whole has no link.
        help = (
            f"A link {path[0]} -> {effect} exists, but no link has all of {', '.join(causes)} as causes "
            f"of {effect}: write that joint link, or split the chain's step."
        )
    else:
        help = f"Write a link `{step}` with its evidence, or correct the chain's steps."
        joint = _joint_link_with(model, causes, effect)
        if joint is not None:
            link = model.links[joint]
            together = [word.text for word in link.causes if word.text in {*causes, effect}]
            help += (
                f" {' and '.join(dict.fromkeys(together))} are co-causes of the joint link to {link.effect.text}: "
                "the causes of a joint link act together and do not cause one another."
            )
    return CHAIN_GAP.finding(span, message, help, link_subject(causes, effect))


def _joint_link_with(model: Model, causes: tuple[str, ...], effect: str) -> int | None:
    """A link that has ``effect`` and one of ``causes`` among its causes, if any."""
    wanted = set(causes)
    for index in model.links_by_cause.get(effect, ()):
        if wanted & {word.text for word in model.links[index].causes}:
            return index
    return None


def shortest_path(model: Model, starts: Iterable[str], target: str) -> list[str] | None:
    """The shortest path of links from any of ``starts`` to ``target``, or None.

    Breadth-first over the causal graph. A start equal to the target is not a
    path by itself: the search must come back to it through at least one link.
    """
    return _search(model, starts, target, None)[0]


def _search(model: Model, starts: Iterable[str], target: str, budget: int | None) -> tuple[list[str] | None, int]:
    """`shortest_path`, giving up (None) after ``budget`` nodes and links visited; also how many it visited."""
    visited = 0
    parent: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for start in starts:
        if start not in parent:
            parent[start] = None
            queue.append(start)
    while queue:
        node = queue.popleft()
        visited += 1
        if budget is not None and visited > budget:
            return None, visited
        out = model.links_by_cause.get(node, ())
        visited += len(out)  # links followed count too: a hub is not free to cross again and again
        for index in out:
            successor = model.links[index].effect.text
            if successor == target:
                path = [target, node]
                step = parent[node]
                while step is not None:
                    path.append(step)
                    step = parent[step]
                path.reverse()
                return path, visited
            if successor not in parent:
                parent[successor] = node
                queue.append(successor)
    return None, visited


# --- causal-cycle ----------------------------------------------------------------


def check_cycles(model: Model) -> Iterator[Finding]:
    graph = CausalGraph.from_model(model)
    for component in strongly_connected_components(graph.successors, loops_only=True):
        cycle = graph.find_cycle(component)
        if cycle is None:
            continue
        nodes, last = cycle
        names = [graph.names[node] for node in nodes]
        written = _written_cycle(names)
        link = model.links[graph.closing_link(model, last, nodes[0])]
        yield CAUSAL_CYCLE.finding(
            link.span,
            f"the links form a loop: {written}",
            "Break the loop: one of its links is probably the wrong way round or confuses an effect "
            "with a cause. If the loop is meant (a vicious circle), mark one of its links `feedback`.",
            Subject("group", tuple(names)),
        )


# Loops longer than this are named by their ends, so that a message stays readable.
_MAX_NAMED = 60


def _written_cycle(names: list[str]) -> str:
    if len(names) <= _MAX_NAMED:
        return " -> ".join([*names, names[0]])
    head, tail = names[: _MAX_NAMED // 2], names[-(_MAX_NAMED // 2) :]
    skipped = len(names) - len(head) - len(tail)
    return " -> ".join([*head, f"... ({skipped} more) ...", *tail, names[0]])


class CausalGraph:
    """The links as a graph over integer nodes, numbered in the order the file mentions them.

    Links marked `feedback` are left out: their loops are intended. Edges are
    kept as plain successor lists (a repeated edge does no harm): a large
    case's graph must stay small next to its AST.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.number: dict[str, int] = {}
        self.successors: list[list[int]] = []

    def node(self, name: str) -> int:
        number = self.number.get(name)
        if number is None:
            number = self.number[name] = len(self.names)
            self.names.append(name)
            self.successors.append([])
        return number

    @classmethod
    def from_model(cls, model: Model) -> CausalGraph:
        graph = cls()
        for link in model.links:
            if link.feedback or not model.joins_causal_nodes(link):
                continue
            effect_name = link.effect.text
            causes = [graph.node(word.text) for word in link.causes]
            effect = graph.node(effect_name)
            for cause in dict.fromkeys(causes):
                graph.successors[cause].append(effect)
        return graph

    def closing_link(self, model: Model, cause: int, effect: int) -> int:
        """The first link (index into model.links) making the edge ``cause -> effect``."""
        cause_name = self.names[cause]
        for index in model.links_by_effect[self.names[effect]]:
            link = model.links[index]
            if not link.feedback and any(word.text == cause_name for word in link.causes):
                return index
        raise LookupError(f"no link makes {cause_name} -> {self.names[effect]}")

    def find_cycle(self, component: Sequence[int]) -> tuple[list[int], int] | None:
        """One cycle inside a strongly connected component, and its last node before the start.

        The cycle starts at the component's first node in file order and is the
        shortest way back to it (breadth-first, so it never repeats a node).
        Returns None for a single node without a link to itself.
        """
        members = set(component)
        start = min(component)
        parent: dict[int, int] = {}
        queue: deque[int] = deque([start])
        seen = {start}
        while queue:
            node = queue.popleft()
            for successor in self.successors[node]:
                if successor == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    path.reverse()
                    return path, node
                if successor in members and successor not in seen:
                    seen.add(successor)
                    parent[successor] = node
                    queue.append(successor)
        return None


def strongly_connected_components(
    successors: Sequence[Sequence[int]], loops_only: bool = False
) -> list[list[int]]:
    """The graph's strongly connected components (causal.argumentation.graphs), in the order of their smallest node.

    Reports then follow the file's order. With ``loops_only``, only components
    that hold a loop (more than one node, or a node linked to itself) are kept.
    """
    offsets, targets = rows_of(successors)
    components = tarjan(len(successors), offsets, targets, loops_only=loops_only)
    components.sort(key=min)
    return components

