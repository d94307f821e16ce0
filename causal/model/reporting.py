"""Who said what through whom: the reporting paths along `via`, traced once for every source.

`source kremlin "..." via afp, ap` says that what kremlin says reaches us
through afp and ap: `via` points from the speaker towards the reader, from
whoever said it first to whoever carried it. A source's **reporting path** is
the source itself and every source it is carried through, transitively.

Two reports are independent only when their reporting paths share no source
(docs/language.md, "Speakers and carriers"). Paths share a source exactly
when they share an **outlet**: a source at the far end of the path, one that
carries and is carried by no one further (every source on a path leads on to
an outlet). So independence is decided on outlets, which are few, instead of
whole paths. Sources in a `via` loop reach one another: with no way out of the
loop, the loop itself is the outlet, named after its first source in the file,
so its members are one origin and never corroborate one another.

Everything here is computed in one pass over the sources (Tarjan on the
`via` graph, then the components in topological order): linear in the number
of sources and `via` names, whatever the depth of the paths.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping

from attrs import frozen

from causal.argumentation.graphs import rows_of, strongly_connected_components
from causal.language import ast

# A source whose answer `Reporting.nearest` is still working out.
_PENDING = "\0pending"


@frozen
class Reporting:
    """The case's reporting structure, per declared source."""

    # The declared sources each source is carried through (its `via` names that are sources).
    carriers: Mapping[str, tuple[str, ...]]
    # The outlets each source's reports reach us through (itself, when it carries its own words).
    outlets: Mapping[str, frozenset[str]]
    # The reliability grades found anywhere on each source's reporting path.
    path_grades: Mapping[str, frozenset[str]]
    # Groups of sources reported via one another in a loop, in file order of their first member.
    loops: tuple[tuple[str, ...], ...]

    def path(self, source: str, limit: int | None = None) -> list[str]:
        """The source and every source it is carried through, nearest first (breadth first).

        With ``limit``, only the nearest ``limit`` sources are walked.
        """
        if source not in self.carriers:
            return []
        seen = {source: None}
        queue = deque([source])
        while queue and (limit is None or len(seen) < limit):
            for carrier in self.carriers[queue.popleft()]:
                if carrier not in seen:
                    seen[carrier] = None
                    queue.append(carrier)
        return list(seen)[:limit]

    def hops(self, source: str, limit: int | None = None) -> list[list[str]]:
        """The path in hops: the source, then the carriers first reached one `via` away, two away...

        With ``limit``, at most that many hops are walked (a deep path is not walked whole
        just to be shown).
        """
        if source not in self.carriers:
            return []
        seen = {source}
        hops = [[source]]
        while limit is None or len(hops) < limit:
            following = [c for name in hops[-1] for c in self.carriers[name] if c not in seen]
            following = list(dict.fromkeys(following))
            if not following:
                return hops
            seen.update(following)
            hops.append(following)
        return hops

    def describe(self, source: str, shown: int = 4) -> str:
        """`putin_words via moscow_dc via debka`, `kremlin via afp, ap`: the path hop by hop, for messages.

        A path of more than ``shown`` hops after the source is elided in the middle,
        keeping its outlets; only the hops shown are walked.
        """
        hops = self.hops(source, shown + 2)
        if len(hops) > shown + 1:
            outlets = sorted(self.outlets.get(source, frozenset()) - {name for hop in hops[:shown] for name in hop})
            hops = [*hops[:shown], ["..."], outlets] if outlets else [*hops[:shown], ["..."]]
        return " via ".join(", ".join(hop) for hop in hops)

    def nearest(self, source: str, wanted: Callable[[str], bool], known: dict[str, str | None]) -> str | None:
        """The nearest source on the path for which ``wanted`` holds: the source itself, else the
        first answer among its carriers in `via` order (depth first). ``known`` keeps the answers,
        so asking for every source of a case walks each `via` once; inside a loop, the way back
        to a source still being answered counts as nothing found."""
        if source in known:
            return known[source]
        if wanted(source):
            known[source] = source
            return source
        pending = _PENDING
        known[source] = pending
        stack = [(source, iter(self.carriers.get(source, ())))]
        while stack:
            name, carriers = stack[-1]
            for carrier in carriers:
                if carrier in known:
                    continue
                if wanted(carrier):
                    known[carrier] = carrier
                    continue
                known[carrier] = pending
                stack.append((carrier, iter(self.carriers.get(carrier, ()))))
                break
            else:  # every carrier answered: this source's answer is the first of theirs
                stack.pop()
                answers = (known[c] for c in self.carriers.get(name, ()))
                known[name] = next((a for a in answers if a is not None and a is not pending), None)
        return known[source]

    def reaching(self, targets: Iterable[str]) -> dict[str, list[str]]:
        """Each source whose reporting path holds one of ``targets`` -> those targets, in the order given.

        Walked backwards from each target once, so a deep path is not walked again for
        every source on it: the cost is the targets times the sources that reach them.
        """
        carried_by: dict[str, list[str]] = {}
        for name, carriers in self.carriers.items():
            for carrier in carriers:
                carried_by.setdefault(carrier, []).append(name)
        found: dict[str, list[str]] = {}
        for target in dict.fromkeys(targets):
            if target not in self.carriers:
                continue
            seen = {target}
            queue = deque([target])
            while queue:
                name = queue.popleft()
                found.setdefault(name, []).append(target)
                for speaker in carried_by.get(name, ()):
                    if speaker not in seen:
                        seen.add(speaker)
                        queue.append(speaker)
        return found

    # How far `common_sources` looks along each path: messages name the nearest shared source,
    # and a deep path is not walked whole for every message.
    COMMON_LOOKAHEAD = 64

    def common_sources(self, sources: Iterable[str]) -> list[str]:
        """The sources on every one of these sources' paths, nearest to the first one first.

        Each path is looked at up to `COMMON_LOOKAHEAD` sources deep; when nothing is
        shared that near, the shared outlets are given (every path ends at its outlets).
        """
        names = list(dict.fromkeys(sources))
        paths = [self.path(name, self.COMMON_LOOKAHEAD) for name in names]
        if not paths:
            return []
        shared = set(paths[0]).intersection(*paths[1:])
        found = [source for source in paths[0] if source in shared]
        if found:
            return found
        outlets = frozenset.intersection(*(self.outlets.get(name, frozenset()) for name in names))
        return sorted(outlets)


def trace_reporting(sources: Mapping[str, ast.SourceDecl], grade_of: Mapping[str, str]) -> Reporting:
    """Trace every source's reporting path; ``grade_of`` is each source's own reliability grade."""
    names = list(sources)
    number = {name: i for i, name in enumerate(names)}
    carriers = {
        name: tuple(dict.fromkeys(word.text for word in source.via if word.text in sources))
        for name, source in sources.items()
    }
    offsets, targets = rows_of([[number[c] for c in carriers[name]] for name in names])
    components = strongly_connected_components(len(names), offsets, targets)
    component_of = [0] * len(names)
    for position, members in enumerate(components):
        for member in members:
            component_of[member] = position
    outlets: list[frozenset[str]] = []
    grades: list[frozenset[str]] = []
    loops: list[tuple[str, ...]] = []
    # Equal sets are shared: most relays reach one outlet, and the grades on paths take few values.
    interned: dict[frozenset[str], frozenset[str]] = {}

    def intern(value: frozenset[str]) -> frozenset[str]:
        return interned.setdefault(value, value)

    # Tarjan closes a component after every component it reaches, so these are ready in order.
    for position, members in enumerate(components):
        onward = {
            component_of[target]
            for member in members
            for target in targets[offsets[member] : offsets[member + 1]]
            if component_of[target] != position
        }
        own_grades = frozenset(grade_of[names[member]] for member in members)
        if onward:
            outlets.append(intern(frozenset().union(*(outlets[c] for c in onward))))
            grades.append(intern(own_grades.union(*(grades[c] for c in onward))))
        else:
            outlets.append(intern(frozenset({names[min(members)]})))
            grades.append(intern(own_grades))
        if len(members) > 1 or names[members[0]] in carriers[names[members[0]]]:
            loops.append(tuple(names[m] for m in sorted(members)))
    return Reporting(
        carriers=carriers,
        outlets={name: outlets[component_of[i]] for i, name in enumerate(names)},
        path_grades={name: grades[component_of[i]] for i, name in enumerate(names)},
        loops=tuple(sorted(loops, key=lambda loop: number[loop[0]])),
    )


def independent_groups(keys: Iterable[tuple[object, frozenset[str]]]) -> list[list[object]]:
    """Group items whose reporting paths share a source (transitively); ``keys`` are (item, outlets).

    Items with no outlets (no traceable source) stand alone. Groups and their
    items keep the order of ``keys``.
    """
    keys = keys if isinstance(keys, list) else list(keys)
    # The usual case: every item reaches us through one outlet (or none), so the groups
    # are the outlets and no union-find is needed. Same groups, in the same order.
    by_outlet: dict[object, list[object]] = {}
    for item, outlets in keys:
        if len(outlets) == 1:
            for outlet in outlets:
                found = by_outlet.get(outlet)
                if found is None:
                    by_outlet[outlet] = [item]
                else:
                    found.append(item)
        elif not outlets:
            by_outlet[_Alone(item)] = [item]
        else:
            return _linked_groups(keys)
    return list(by_outlet.values())


class _Alone:
    """A key of its own for an item without outlets (never equal to another key)."""

    __slots__ = ("item",)

    def __init__(self, item: object) -> None:
        self.item = item


def _linked_groups(keys: list[tuple[object, frozenset[str]]]) -> list[list[object]]:
    """The general case, items with several outlets: union-find over the outlets."""
    group_of_outlet: dict[str, int] = {}
    parent: list[int] = []
    members: list[list[object]] = []

    def root(group: int) -> int:
        while parent[group] != group:
            parent[group] = parent[parent[group]]
            group = parent[group]
        return group

    for item, outlets in keys:
        group = len(parent)
        parent.append(group)
        members.append([item])
        for outlet in outlets:
            other = group_of_outlet.get(outlet)
            if other is None:
                group_of_outlet[outlet] = group
                continue
            a, b = root(other), root(group)
            if a != b:
                keep, gone = min(a, b), max(a, b)
                parent[gone] = keep
                members[keep].extend(members[gone])
                members[gone] = []
    return [group for index, group in enumerate(members) if group and parent[index] == index]
