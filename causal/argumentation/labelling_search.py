"""The labelling search: complete, preferred and stable semantics without a SAT solver (`--engine search`).

The engine before the SAT engine (`sat_engine`), kept as an independent
cross-check in the tests and as a yardstick in the benchmark. A labelling-based backtracking search (after
Modgil & Caminada). Each argument has a domain of possible labels
{IN, OUT, UNDEC}; the search starts from the grounded labelling (which every
complete labelling extends), picks an argument with more than one possible
label, tries each, and propagates the complete-labelling conditions

    IN    iff every attacker is OUT
    OUT   iff some attacker is IN
    UNDEC iff no attacker is IN and some attacker is UNDEC

to a fixpoint, backtracking on an empty domain. Propagation only removes
labels no complete labelling could give, so the search finds every complete
labelling (complete); a fixpoint in which every domain is a single label
satisfies the conditions above, so it finds nothing else (sound). Stable
labellings are the complete ones without UNDEC (UNDEC is removed from every
domain up front); preferred extensions are the complete ones maximal under
inclusion. The search keeps its choices on an explicit stack and undoes them
from a trail, so no framework is too deep for it. It takes exponential time in
the worst case, as it must (credulous preferred acceptance is NP-complete,
sceptical preferred acceptance is Pi2-complete).

Complete, preferred and stable extensions are found by strongly connected
components (Baroni, Giacomin & Guida 2005, SCC-recursiveness): the grounded
labelling is computed first; the arguments it leaves UNDEC are split into
strongly connected components (Tarjan, iterative), which are solved one at a
time in topological order. Given the labels of the components before it, a
component's arguments with an IN attacker upstream are OUT, those with an
UNDEC attacker upstream cannot be IN, and the rest is a small framework of its
own; its complete (preferred, stable) labellings under those conditions,
combined over the components, are exactly those of the whole. So SE-PR is one
search per component (none for a single argument), EE walks the combinations,
and DC-CO, DC-PR and DS-PR look only at what is upstream of the argument asked
about (complete and preferred semantics are directional; stable is not). One search over
the whole framework (`extensions_by_search`) is kept as a cross-check.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import compress

from causal.argumentation.budget import current_budget
from causal.argumentation.framework import INDEX, Framework
from causal.argumentation.graphs import strongly_connected_components
from causal.argumentation.labellings import ANY, IN, OUT, UNDEC, Extension, Semantics, grounded, grounded_labelling

# --- the labelling search -------------------------------------------------------------


class _Search:
    """Backtracking over label domains; `labellings()` yields each solution's IN set once."""

    def __init__(self, af: Framework, stable: bool, fixed: dict[int, int]) -> None:
        self.out_offsets, self.out_targets, self.in_offsets, self.in_sources = af.rows()
        self.count = len(af)
        open_domain = (IN | OUT) if stable else ANY
        self.domains = bytearray(
            open_domain if label == UNDEC else label for label in grounded_labelling(af)
        )
        # The arguments the search may have to choose a label for (domains only shrink), the most
        # connected first: their labels decide the most by propagation (about twice as fast on
        # random frameworks as taking them in index order).
        out_offsets, in_offsets = self.out_offsets, self.in_offsets
        self.order = sorted(
            (k for k in range(self.count) if self.domains[k] not in (IN, OUT, UNDEC)),
            key=lambda k: out_offsets[k + 1] - out_offsets[k] + in_offsets[k + 1] - in_offsets[k],
            reverse=True,
        )
        self.trail: list[tuple[int, int]] = []
        self.queue: list[int] = []
        self.queued = bytearray(self.count)
        self.consistent = True
        for argument in range(self.count):
            if self.domains[argument] not in (IN, OUT):
                self._enqueue(argument)
        for argument, mask in fixed.items():
            if not self._restrict(argument, mask):
                self.consistent = False

    def _enqueue(self, argument: int) -> None:
        if not self.queued[argument]:
            self.queued[argument] = 1
            self.queue.append(argument)

    def _restrict(self, argument: int, mask: int) -> bool:
        """Keep only the labels in `mask`; False when none is left."""
        old = self.domains[argument]
        new = old & mask
        if new == old:
            return True
        if not new:
            return False
        self.trail.append((argument, old))
        self.domains[argument] = new
        # The argument's own rules, and the rules of everything it attacks, read its domain.
        self._enqueue(argument)
        for k in range(self.out_offsets[argument], self.out_offsets[argument + 1]):
            self._enqueue(self.out_targets[k])
        return True

    def _propagate(self) -> bool:
        domains, in_offsets, in_sources = self.domains, self.in_offsets, self.in_sources
        out_offsets, out_targets = self.out_offsets, self.out_targets
        queue, queued = self.queue, self.queued
        while queue:
            argument = queue.pop()
            queued[argument] = 0
            may_all_be_out = True
            some_may_be_in = some_may_be_undec = some_is_in = False
            in_candidates = not_out = 0
            last_in_candidate = last_not_out = -1
            for k in range(in_offsets[argument], in_offsets[argument + 1]):
                attacker = in_sources[k]
                label = domains[attacker]
                if not label & OUT:
                    may_all_be_out = False
                if label & IN:
                    some_may_be_in = True
                    in_candidates += 1
                    last_in_candidate = attacker
                    if label == IN:
                        some_is_in = True
                if label & UNDEC:
                    some_may_be_undec = True
                if label != OUT:
                    not_out += 1
                    last_not_out = attacker
            mask = ANY
            if not may_all_be_out:
                mask &= ~IN
            if not some_may_be_in:
                mask &= ~OUT
            if some_is_in or not some_may_be_undec:
                mask &= ~UNDEC
            if not self._restrict(argument, mask):
                return self._fail()
            label = domains[argument]
            attackers = range(in_offsets[argument], in_offsets[argument + 1])
            if label == IN:
                for k in attackers:
                    if not self._restrict(in_sources[k], OUT):
                        return self._fail()
                for k in range(out_offsets[argument], out_offsets[argument + 1]):
                    if not self._restrict(out_targets[k], OUT):
                        return self._fail()
                continue
            if not label & OUT:  # no attacker may be IN
                for k in attackers:
                    if not self._restrict(in_sources[k], OUT | UNDEC):
                        return self._fail()
            if label == OUT and in_candidates == 1:  # the one attacker that can be IN must be
                if not self._restrict(last_in_candidate, IN):
                    return self._fail()
            if not label & IN and not_out == 1:  # not every attacker is OUT: the one that may not be, is not
                if not self._restrict(last_not_out, IN | UNDEC):
                    return self._fail()
        return True

    def _fail(self) -> bool:
        for argument in self.queue:
            self.queued[argument] = 0
        self.queue.clear()
        return False

    def _undo(self, mark: int) -> None:
        trail, domains = self.trail, self.domains
        while len(trail) > mark:
            argument, old = trail.pop()
            domains[argument] = old

    def _undecided_from(self, start: int) -> int:
        """The first position in `self.order`, from `start` on, whose argument still has a choice; -1 if none."""
        domains, order = self.domains, self.order
        for position in range(start, len(order)):
            if domains[order[position]] not in (IN, OUT, UNDEC):
                return position
        return -1

    def labellings(self) -> Iterator[Extension]:
        if not self.consistent or not self._propagate():
            return
        # Each frame: (trail length before the choice, argument, labels still to try).
        frames: list[tuple[int, int, list[int]]] = []
        start = 0
        budget = current_budget()
        budget.check()
        while True:
            budget.tick()
            position = self._undecided_from(start)
            if position < 0:
                yield tuple(k for k, label in enumerate(self.domains) if label == IN)
            else:
                argument = self.order[position]
                options = [label for label in (IN, OUT, UNDEC) if self.domains[argument] & label]
                frames.append((len(self.trail), position, options))
            # Take the next untried label, backtracking past exhausted choices.
            while frames:
                mark, position, options = frames[-1]
                self._undo(mark)
                if not options:
                    frames.pop()
                    continue
                label = options.pop(0)
                if self._restrict(self.order[position], label) and self._propagate():
                    start = position
                    break
            else:
                return


def _complete(af: Framework, stable: bool = False, fixed: dict[int, int] | None = None) -> Iterator[Extension]:
    return _Search(af, stable, fixed or {}).labellings()


def _maximal(extensions: list[Extension]) -> list[Extension]:
    kept: list[frozenset[int]] = []
    for extension in sorted(extensions, key=len, reverse=True):
        candidate = frozenset(extension)
        if not any(candidate < other for other in kept) and candidate not in kept:
            kept.append(candidate)
    return [tuple(sorted(extension)) for extension in kept]


# --- preferred by strongly connected components -------------------------------------
#
# Preferred semantics is SCC-recursive (Baroni, Giacomin & Guida 2005): in
# every preferred labelling, the labels inside one strongly connected component
# depend only on the labels of the components upstream of it, and given those
# they form a preferred labelling of the component alone. So the components are
# solved one at a time in topological order, each a small search instead of one
# search over the whole framework.


def _strongly_connected_components(af: Framework, members: bytearray) -> list[list[int]]:
    """The strongly connected components of the arguments flagged in `members`, attackers' components first."""
    out_offsets, out_targets, _ = af.forward_rows()
    found = strongly_connected_components(len(af), out_offsets, out_targets, members)
    found.reverse()  # Tarjan closes a component after every component it reaches
    return found


# A byte translation table: UNDEC -> 1, any other label -> 0.
_UNDECIDED = bytes(int(label == UNDEC) for label in range(256))


class _Components:
    """The grounded labelling, and the components of what it leaves UNDEC, each solved given those before it.

    Every complete labelling extends the grounded one, and an argument the
    grounded labelling leaves UNDEC has no IN attacker, so its attackers are
    OUT (they do not matter) or UNDEC too: the undecided arguments form a
    framework of their own, which is what gets split into components.
    """

    def __init__(self, af: Framework) -> None:
        self.af = af
        self.labels = grounded_labelling(af)
        undecided = self.labels.translate(_UNDECIDED)
        self.components = _strongly_connected_components(af, undecided)
        self.component_of = array(INDEX, [-1]) * len(af)
        for position, component in enumerate(self.components):
            for argument in component:
                self.component_of[argument] = position

    def local_framework(self, position: int) -> tuple[list[int], Framework]:
        """The component as a framework of its own, given the labels of the components before it.

        Upstream IN attackers make an argument OUT: it is left out (an OUT
        attacker changes nothing downstream). Upstream UNDEC attackers keep an
        argument from being IN (nothing in this component can attack them, or
        they would belong to it): they are stood for by one extra argument that
        attacks itself, UNDEC in every complete labelling. Returns (the
        arguments kept, in local order; the local framework, whose last
        argument is the stand-in when there is one).
        """
        component = self.components[position]
        labels, component_of = self.labels, self.component_of
        kept: list[int] = []
        held_undecided: list[int] = []
        for argument in component:
            upstream = {labels[attacker] for attacker in self.af.attackers(argument)
                        if component_of[attacker] != position}
            if IN in upstream:
                continue
            if UNDEC in upstream:
                held_undecided.append(len(kept))
            kept.append(argument)
        local = {argument: k for k, argument in enumerate(kept)}
        attacks = [(local[attacker], k) for k, argument in enumerate(kept)
                   for attacker in self.af.attackers(argument) if attacker in local]
        names = [str(k) for k in range(len(kept))]
        if held_undecided:
            stand_in = len(kept)
            names.append(str(stand_in))
            attacks.append((stand_in, stand_in))
            attacks.extend((stand_in, k) for k in held_undecided)
        return kept, Framework.build(names, attacks)

    def choices(self, position: int, semantics: Semantics, every: bool = True) -> list[frozenset[int]]:
        """The component's extensions under `semantics` (CO, PR or ST) given the labels upstream.

        All of them, or with `every` false (preferred only) just one. Empty
        when there is none: only stable semantics can have none.
        """
        component = self.components[position]
        if len(component) == 1:
            # Most components are single arguments; they need no search.
            argument = component[0]
            upstream = {self.labels[attacker] for attacker in self.af.attackers(argument) if attacker != argument}
            if IN in upstream:
                return [frozenset()]  # OUT
            if UNDEC not in upstream and argument not in self.af.attackers(argument):
                return [frozenset([argument])]
            return [] if semantics is Semantics.ST else [frozenset()]  # UNDEC, which no stable labelling has
        kept, local = self.local_framework(position)
        if semantics is Semantics.PR:
            found = _maximal(list(_complete(local))) if every else [_grow_to_preferred(local)]
        else:
            found = list(_complete(local, stable=semantics is Semantics.ST))
        return [frozenset(kept[k] for k in extension if k < len(kept)) for extension in found]

    def choose(self, position: int, extension: frozenset[int]) -> None:
        """Label the component: `extension` IN, what it or an upstream IN argument attacks OUT, the rest UNDEC."""
        labels = self.labels
        for argument in self.components[position]:
            labels[argument] = IN if argument in extension else UNDEC
        for argument in self.components[position]:
            if labels[argument] == UNDEC and any(labels[attacker] == IN for attacker in self.af.attackers(argument)):
                labels[argument] = OUT

    def extension(self) -> Extension:
        return tuple(compress(range(len(self.labels)), map(IN.__eq__, self.labels)))

    def some_preferred(self) -> Extension:
        # Any preferred choice in each component, in order, makes a preferred extension of the whole.
        for position in range(len(self.components)):
            self.choose(position, self.choices(position, Semantics.PR, every=False)[0])
        return self.extension()

    def every_extension(self, semantics: Semantics, wanted: bytearray | None = None) -> Iterator[Extension]:
        """Every extension under `semantics` (CO, PR or ST): each combination of the components' choices.

        With `wanted` (one flag per component), only those components are
        solved, the others left UNDEC: the caller asks about an upstream-closed
        part of the framework. A depth-first walk over the components, on an
        explicit stack; a component without a choice (stable semantics only)
        sends it back to the one before.
        """
        positions = [k for k in range(len(self.components)) if wanted is None or wanted[k]]
        if not positions:
            yield self.extension()
            return
        # Each frame: the choices of positions[len(frames) - 1] still to try, the first last (it is
        # popped first), so that the first extension is the one the search finds first.
        frames = [self.choices(positions[0], semantics)[::-1]]
        while frames:
            untried = frames[-1]
            if not untried:
                frames.pop()
                continue
            depth = len(frames) - 1
            self.choose(positions[depth], untried.pop())
            if depth + 1 == len(positions):
                yield self.extension()
            else:
                frames.append(self.choices(positions[depth + 1], semantics)[::-1])

    def upstream_framework(self, argument: int) -> tuple[list[int], Framework]:
        """The undecided arguments upstream of `argument` (it included), and the framework they form."""
        wanted = self.upstream_of(argument)
        members = [member for position in compress(range(len(self.components)), wanted)
                   for member in self.components[position]]
        local = {member: k for k, member in enumerate(members)}
        attacks = [(local[attacker], k) for k, member in enumerate(members)
                   for attacker in self.af.attackers(member) if attacker in local]
        return members, Framework.build([str(k) for k in range(len(members))], attacks)

    def upstream_of(self, argument: int) -> bytearray:
        """A flag per component: does it contain `argument` or reach it by attacks?"""
        wanted = bytearray(len(self.components))
        start = self.component_of[argument]
        if start < 0:
            return wanted
        wanted[start] = 1
        queue = [start]
        while queue:
            position = queue.pop()
            for member in self.components[position]:
                for attacker in self.af.attackers(member):
                    above = self.component_of[attacker]
                    if above >= 0 and not wanted[above]:
                        wanted[above] = 1
                        queue.append(above)
        return wanted


def _grow_to_preferred(af: Framework) -> Extension:
    """One preferred extension, by growing the grounded one with a labelling search per argument.

    Add an argument whenever some complete extension contains the current set
    plus it. An argument that fails once fails for every larger set, so each is
    tried at most once; one in conflict with the current set can never be
    added, so it is not tried at all. Both kinds are also barred from IN in the
    later searches (sound, for the same reason), which prunes them: without
    that, each failing search redoes the work of the failures before it.
    """
    current = grounded(af)
    members = set(current)
    barred = _conflicting(af, current)
    for argument in range(len(af)):
        if argument in members or argument in barred:
            continue
        fixed = dict.fromkeys(barred, OUT | UNDEC)
        fixed.update(dict.fromkeys(members, IN))
        fixed[argument] = IN
        larger = next(_complete(af, fixed=fixed), None)
        if larger is None:
            barred.add(argument)
        else:
            current = larger
            members = set(larger)
            barred |= _conflicting(af, current)
    return current


def _conflicting(af: Framework, extension: Extension) -> set[int]:
    """Every argument that attacks or is attacked by a member of `extension`."""
    found: set[int] = set()
    for member in extension:
        found.update(af.attackers(member))
        found.update(af.targets(member))
    return found


def extensions_by_search(af: Framework, semantics: Semantics) -> list[Extension]:
    """Every extension from one labelling search over the whole framework, without the decomposition.

    The plain method, kept as a cross-check of the decomposition.
    """
    if semantics is Semantics.GR:
        return [grounded(af)]
    found = list(_complete(af, stable=semantics is Semantics.ST))
    return sorted(_maximal(found) if semantics is Semantics.PR else found)


# --- the four problems --------------------------------------------------------------


def extensions(af: Framework, semantics: Semantics) -> list[Extension]:
    """Every extension, each in index order, the list in lexicographic order."""
    if semantics is Semantics.GR:
        return [grounded(af)]
    return sorted(_Components(af).every_extension(semantics))


def some_extension(af: Framework, semantics: Semantics) -> Extension | None:
    """One extension, or None when there is none (only stable semantics can have none)."""
    if semantics in (Semantics.GR, Semantics.CO):
        return grounded(af)
    if semantics is Semantics.ST:
        return next(_Components(af).every_extension(Semantics.ST), None)
    return _Components(af).some_preferred()


def credulous(af: Framework, semantics: Semantics, argument: int) -> bool:
    """Is `argument` in some extension?"""
    if semantics is Semantics.GR:
        return grounded_labelling(af)[argument] == IN
    if semantics is Semantics.ST:
        # Stable semantics is not directional (an odd cycle downstream leaves no stable
        # extension at all), so the search takes in the whole framework.
        return next(_complete(af, stable=True, fixed={argument: IN}), None) is not None
    return _credulous_upstream(_Components(af), argument)


def _credulous_upstream(components: _Components, argument: int) -> bool:
    """Is `argument` in some complete extension (equivalently, some preferred one)?

    Complete semantics is directional: an argument's possible labels depend
    only on what is upstream of it, so one search over the undecided arguments
    upstream of it answers, whatever the size of the rest.
    """
    if components.labels[argument] != UNDEC:
        return components.labels[argument] == IN
    members, upstream = components.upstream_framework(argument)
    return next(_complete(upstream, fixed={members.index(argument): IN}), None) is not None


def sceptical(af: Framework, semantics: Semantics, argument: int) -> bool:
    """Is `argument` in every extension? (Vacuously yes when there is none.)"""
    if semantics in (Semantics.GR, Semantics.CO):
        return grounded_labelling(af)[argument] == IN
    if semantics is Semantics.ST:
        return next(_complete(af, stable=True, fixed={argument: OUT}), None) is None
    # Shortcuts before the enumeration: the grounded extension is in every preferred one,
    # and there is always a preferred extension, so one no extension holds is not sceptical.
    components = _Components(af)
    if components.labels[argument] != UNDEC:
        return components.labels[argument] == IN
    if not _credulous_upstream(components, argument):
        return False
    # Only what is upstream of the argument decides its label (preferred semantics is
    # directional), so only those components are enumerated, and only until a counterexample.
    wanted = components.upstream_of(argument)
    return all(argument in extension for extension in components.every_extension(Semantics.PR, wanted))


def acceptance_statuses(af: Framework, semantics: Semantics) -> tuple[bytearray, bytearray, bytearray] | None:
    """Per argument, three flags (1 or 0): in some extension, in every extension, attacked by every extension.

    None when there is no extension (only stable semantics can have none).
    Unlike enumerating `extensions`, which can be exponential in the number of
    independent choices (k separate two-cycles have 2^k preferred extensions),
    each argument is judged from what is upstream of it alone, as `credulous`
    and `sceptical` do, on one decomposition into components: a framework of
    many small conflicts costs little.
    """
    count = len(af)
    if semantics is Semantics.GR or semantics is Semantics.ST:
        if semantics is Semantics.ST and some_extension(af, Semantics.ST) is None:
            return None
        if semantics is Semantics.GR:
            labels = grounded_labelling(af)
            inside = bytearray(label == IN for label in labels)
            return inside, bytearray(inside), bytearray(label == OUT for label in labels)
        return _stable_statuses(af)
    components = _Components(af)
    grounded_labels = bytearray(components.labels)
    some, every, attacked = bytearray(count), bytearray(count), bytearray(count)
    for argument in range(count):
        label = grounded_labels[argument]
        if label != UNDEC:
            # The grounded labelling is in every complete (so every preferred) labelling.
            some[argument] = every[argument] = label == IN
            attacked[argument] = label == OUT
            continue
        # UNDEC in the grounded labelling, a complete one: never IN in every complete extension
        # nor attacked by every one; only preferred extensions can still be unanimous.
        some[argument] = _credulous_upstream(components, argument)
        if semantics is Semantics.PR:
            wanted = components.upstream_of(argument)
            attackers = set(af.attackers(argument))
            found = components.every_extension(Semantics.PR, wanted)
            if some[argument]:
                every[argument] = all(argument in extension for extension in found)
            else:
                attacked[argument] = all(not attackers.isdisjoint(extension) for extension in found)
            components.labels[:] = grounded_labels  # the enumeration labels components as it goes
    return some, every, attacked


def _stable_statuses(af: Framework) -> tuple[bytearray, bytearray, bytearray] | None:
    """`acceptance_statuses` for stable semantics, one weakly connected part at a time.

    Stable semantics is not directional, but parts of the framework with no
    attack between them are independent: the stable extensions of the whole
    are the unions of one stable extension of each part (and there are none
    when some part has none). So each argument is asked about within its own
    part, not the whole framework.
    """
    count = len(af)
    some, every = bytearray(count), bytearray(count)
    for members in _weakly_connected_parts(af):
        local = {member: k for k, member in enumerate(members)}
        part = Framework.build(
            [str(k) for k in range(len(members))],
            [(local[attacker], k) for k, member in enumerate(members) for attacker in af.attackers(member)],
        )
        if next(_complete(part, stable=True), None) is None:
            return None
        for k, member in enumerate(members):
            some[member] = next(_complete(part, stable=True, fixed={k: IN}), None) is not None
            every[member] = next(_complete(part, stable=True, fixed={k: OUT}), None) is None
    # Stable labellings have no UNDEC: attacked by every extension = in none.
    return some, every, bytearray(not flag for flag in some)


def _weakly_connected_parts(af: Framework) -> list[list[int]]:
    """The arguments grouped by attacks in either direction (iterative, linear)."""
    part_of = array(INDEX, [-1]) * len(af)
    parts: list[list[int]] = []
    for start in range(len(af)):
        if part_of[start] >= 0:
            continue
        part_of[start] = len(parts)
        members = [start]
        pending = [start]
        while pending:
            argument = pending.pop()
            for neighbour in (*af.attackers(argument), *af.targets(argument)):
                if part_of[neighbour] < 0:
                    part_of[neighbour] = len(parts)
                    members.append(neighbour)
                    pending.append(neighbour)
        parts.append(sorted(members))
    return parts
