"""Complete, preferred and stable semantics on a SAT solver, the way the ICCMA-winning solvers work.

The method, step by step:

1. The grounded labelling, in O(n + m) (`labellings.grounded_labelling`), settles
   what every complete labelling agrees on: its IN arguments are in every
   complete (preferred, stable) extension, its OUT arguments in none.
2. The arguments it leaves UNDEC form a framework of their own: an attacker of
   one of them from outside is OUT in every complete labelling, so it changes
   nothing. That framework is split into weakly connected parts, which are
   independent: the extensions of the whole are the grounded extension plus
   one extension of each part (under stable semantics, none at all when one
   part has none).
3. A question about one argument under complete or preferred semantics needs
   only the arguments upstream of it, the strongly connected components that
   reach it by attacks: both semantics are directional (Baroni & Giacomin
   2007), so the rest of its part is not encoded.
4. Each part is one CNF formula on one incremental SAT solver, with two
   variables per argument: x_a (a is IN) and d_a (a is defeated, attacked by
   an IN argument, so OUT). The clauses are the standard encodings of
   Besnard & Doutre (2004), as used by ArgSemSAT, Pyglaf and mu-toksia:

       conflict-free   -x_b | -x_a                  for every attack b -> a
       defeated        d_a <-> OR(x_b : b -> a)
       admissible      -x_a | d_b                   for every attack b -> a
       complete        x_a | OR(-d_b : b -> a)      (unattacked in effect: IN)

   Complete semantics takes all four; preferred semantics too, the fourth
   only under a selector literal (assumed where a complete extension is
   wanted, left out where an admissible set will do). Stable semantics needs
   no d_a: an argument is IN or attacked by an IN argument, so it takes the
   conflict-free clauses and x_a | OR(x_b : b -> a), one variable per argument
   (a fifth less time than the two-variable form on dense random frameworks).
5. Preferred semantics is the CEGAR scheme of Cegartix (Dvořák, Järvisalo,
   Wallner & Woltran 2014), also mu-toksia's (Niskanen & Järvisalo 2020): a
   complete extension is grown to a maximal one by asking repeatedly for a
   strict superset; sceptical acceptance asks for a complete extension
   without the argument, grows it as far as it can go without the argument,
   and checks whether any complete superset exists at all; if one does, the
   candidate is not preferred, every subset of it is excluded (a clause) and
   the search goes on. Enumeration excludes the subsets of every preferred
   extension found.

Every SAT call goes through a `Budget`, which stops it when the task's time
limit passes. Assumptions and clauses guarded by a fresh selector literal keep
one solver per part for all the questions asked of it.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, product

from causal.argumentation.budget import Budget
from causal.argumentation.framework import INDEX, Framework
from causal.argumentation.sat_solver import new_solver
from causal.argumentation.labellings import IN, UNDEC, Extension, Semantics, grounded_labelling

# CaDiCaL's options for a part's solver, by what is asked of it. Where the calls are fixed in number
# whichever models the solver finds (one question about an argument, a stable extension, the enumeration
# of stable extensions), CaDiCaL kept in its "stable" search mode (stabilizeonly, as its --sat configuration
# does) took a sixth to two fifths less time, summed over eight dense random frameworks of 500 arguments.
# Where the number of calls depends on the models found (growing a set to a preferred extension, the CEGAR
# loop of sceptical preferred acceptance), it can take thousands of times as many (DS-PR on a grid of 400
# arguments: 4,000 CEGAR rounds and over a minute, against one round and 30 ms), so those keep CaDiCaL's
# default alternation of modes (bench/README.md, "Hard semantics").
FIXED_CALLS_OPTIONS = {"stabilizeonly": 1}
DEFAULT_OPTIONS: dict[str, int] = {}


class _Part:
    """One part of the framework as CNF on an incremental SAT solver; arguments are numbered 0..n-1 locally."""

    def __init__(
        self,
        members: Sequence[int],
        attackers: list[list[int]],
        semantics: Semantics,
        budget: Budget,
        options: dict[str, int],
    ):
        self.members = members
        self.attackers = attackers
        self.size = size = len(members)
        self.budget = budget
        # Stable semantics has x_a alone; the others x_a and d_a (see the module's docstring).
        self.next_variable = (size if semantics is Semantics.ST else 2 * size) + 1
        # CaDiCaL 1.9.5, the fastest of python-sat's solvers on hard argumentation formulas (bench/README.md).
        self.solver = new_solver(options)
        # Under preferred semantics the completeness clauses hold only under this literal: credulous
        # questions and the question whether a set can grow go faster on the admissible clauses alone
        # (a half to a third less time on a dense random framework), while the closure step of `grow`
        # needs them to jump from complete extension to complete extension (over admissible sets alone
        # it can creep one argument at a time, quadratic on a long chain).
        self.complete = [self._selector()] if semantics is Semantics.PR else []
        self.solver.append_formula(self._clauses(semantics))

    def _clauses(self, semantics: Semantics) -> Iterator[list[int]]:
        size, attackers = self.size, self.attackers
        guard = [-c for c in self.complete]
        for a in range(size):
            x_a = a + 1
            against = attackers[a]
            if semantics is Semantics.ST:
                yield [x_a, *(b + 1 for b in against)]
                for b in against:
                    yield [-(b + 1), -x_a] if b != a else [-x_a]
                continue
            d_a = size + x_a
            yield [-d_a, *(b + 1 for b in against)]
            for b in against:
                yield [-(b + 1), -x_a] if b != a else [-x_a]
                yield [d_a, -(b + 1)]
                yield [-x_a, size + b + 1]
            yield [*guard, x_a, *(-(size + b + 1) for b in against)]

    def close(self) -> None:
        self.solver.delete()

    def _selector(self) -> int:
        selector = self.next_variable
        self.next_variable += 1
        return selector

    def find(self, assumptions: list[int], admissible: bool = False) -> list[int] | None:
        """The IN arguments of a complete (stable) extension meeting `assumptions` (literals), or None;
        with `admissible`, of an admissible set (preferred semantics only)."""
        if not self.budget.solve(self.solver, assumptions if admissible else [*self.complete, *assumptions]):
            return None
        model = self.solver.get_model()
        return [a for a in range(self.size) if model[a] > 0]

    def find_with_one_of(
        self, candidates: Iterable[int], assumptions: list[int], admissible: bool = False
    ) -> list[int] | None:
        """As `find`, with at least one of `candidates` IN."""
        selector = self._selector()
        self.solver.add_clause([-selector, *(a + 1 for a in candidates)])
        try:
            return self.find([selector, *assumptions], admissible)
        finally:
            self.solver.add_clause([-selector])

    def grow(self, extension: list[int], avoid: frozenset[int] = frozenset()) -> list[int]:
        """An admissible set containing `extension` (admissible), maximal among those with no member in
        `avoid`: with `avoid` empty, a preferred extension (preferred semantics only)."""
        barred = [-(a + 1) for a in avoid]
        while True:
            inside = set(extension)
            outside = [a for a in range(self.size) if a not in inside and a not in avoid]
            if not outside:
                return extension
            # Whether the set can grow is asked of admissible sets (the last call, which finds that
            # it cannot, is the hardest, and a third faster so); a set found is then closed into
            # the complete extension around it, when that keeps clear of `avoid`, for a longer step.
            larger = self.find_with_one_of(outside, [*(a + 1 for a in extension), *barred], admissible=True)
            if larger is None:
                return extension
            closed = self.find([*(a + 1 for a in larger), *barred])
            extension = larger if closed is None else closed

    def is_preferred(self, extension: list[int]) -> bool:
        """Is the complete extension `extension` maximal: has it no complete strict superset?"""
        inside = set(extension)
        outside = [a for a in range(self.size) if a not in inside]
        return not outside or self.find_with_one_of(outside, [a + 1 for a in extension], admissible=True) is None

    def preferred_avoiding(self, avoid: frozenset[int]) -> list[int] | None:
        """A preferred extension with no member in `avoid`, or None (the CEGAR loop of Cegartix)."""
        query = self._selector()
        barred = [-(a + 1) for a in avoid]
        try:
            while True:
                candidate = self.find([query, *barred])
                if candidate is None:
                    return None
                candidate = self.grow(candidate, avoid)
                if not avoid or self.is_preferred(candidate):
                    return candidate
                # Not preferred: a complete strict superset exists, and it holds a member of `avoid`.
                # No subset of the candidate can grow into an answer either, so none is tried again.
                inside = set(candidate)
                self.solver.add_clause(
                    [-query, *(a + 1 for a in range(self.size) if a not in inside and a not in avoid)]
                )
        finally:
            self.solver.add_clause([-query])

    def each_extension(self) -> Iterator[list[int]]:
        """Every complete (or stable) extension of the part, each once."""
        query = self._selector()
        try:
            while (found := self.find([query])) is not None:
                yield found
                inside = set(found)
                self.solver.add_clause(
                    [-query, *(-(a + 1) if a in inside else a + 1 for a in range(self.size))]
                )
        finally:
            self.solver.add_clause([-query])

    def each_preferred(self) -> Iterator[list[int]]:
        """Every preferred extension of the part, each once."""
        query = self._selector()
        # The first grows from the empty set, which is complete (the part's grounded extension).
        found: list[int] | None = []
        try:
            while found is not None:
                found = self.grow(found)
                yield found
                if not found:
                    return  # no admissible set but the empty one: the only preferred extension
                inside = set(found)
                self.solver.add_clause([-query, *(a + 1 for a in range(self.size) if a not in inside)])
                # Any admissible set that is no subset of an extension found grows into a new one; asked of
                # admissible sets, as in `grow`, since the last call, which finds none, is the hardest.
                found = self.find([query], admissible=True)
        finally:
            self.solver.add_clause([-query])

    def some(self, semantics: Semantics) -> list[int] | None:
        # Within a part the empty set is complete (the part's grounded extension): a preferred
        # extension grows from it, with no call spent finding a first complete extension.
        return self.grow([]) if semantics is Semantics.PR else self.find([])

    def globally(self, local: Iterable[int]) -> list[int]:
        return [self.members[a] for a in local]


class _Decomposition:
    """The grounded labelling, and the weakly connected parts of what it leaves UNDEC."""

    def __init__(self, af: Framework, budget: Budget) -> None:
        self.af = af
        self.budget = budget
        self.labels = grounded_labelling(af)
        self.grounded = list(compress(range(len(af)), map(IN.__eq__, self.labels)))
        self.part_of = array(INDEX, [-1]) * len(af)
        self.parts: list[list[int]] = []
        labels, part_of = self.labels, self.part_of
        for start in range(len(af)):
            if labels[start] != UNDEC or part_of[start] >= 0:
                continue
            number = len(self.parts)
            part_of[start] = number
            members, pending = [start], [start]
            while pending:
                argument = pending.pop()
                for neighbour in (*af.attackers(argument), *af.targets(argument)):
                    if labels[neighbour] == UNDEC and part_of[neighbour] < 0:
                        part_of[neighbour] = number
                        members.append(neighbour)
                        pending.append(neighbour)
            members.sort()
            self.parts.append(members)

    def encode(
        self, members: Sequence[int], semantics: Semantics, options: dict[str, int] = DEFAULT_OPTIONS
    ) -> _Part:
        """`members` (undecided arguments closed under undecided attackers, or a whole part) as CNF."""
        local = {argument: k for k, argument in enumerate(members)}
        attackers = [
            [local[attacker] for attacker in self.af.attackers(argument) if attacker in local] for argument in members
        ]
        self.budget.check()
        return _Part(members, attackers, semantics, self.budget, options)

    def upstream(self, argument: int) -> list[int]:
        """The undecided arguments that reach `argument` by attacks, it included, in index order."""
        labels = self.labels
        seen = {argument}
        pending = [argument]
        while pending:
            for attacker in self.af.attackers(pending.pop()):
                if labels[attacker] == UNDEC and attacker not in seen:
                    seen.add(attacker)
                    pending.append(attacker)
        return sorted(seen)

    def whole(self, chosen: dict[int, list[int]], semantics: Semantics) -> Extension | None:
        """The grounded extension plus `chosen` (part number -> its members IN) and some extension of every
        other part; None when some part has no stable extension."""
        members = list(self.grounded)
        for number, part_members in enumerate(self.parts):
            if number in chosen:
                members.extend(chosen[number])
                continue
            if semantics is Semantics.CO:
                continue  # nothing IN: the grounded labelling of the part, a complete one
            part = self.encode(part_members, semantics, _options(semantics))
            try:
                found = part.some(semantics)
                if found is None:
                    return None
                members.extend(part.globally(found))
            finally:
                part.close()
        return tuple(sorted(members))


def _options(semantics: Semantics) -> dict[str, int]:
    """The options for a part asked for some or every extension: stable ones come one call each."""
    return FIXED_CALLS_OPTIONS if semantics is Semantics.ST else DEFAULT_OPTIONS


# --- the four problems --------------------------------------------------------------


def some_extension(af: Framework, semantics: Semantics, budget: Budget) -> Extension | None:
    """One complete (the grounded), preferred or stable extension; None when there is no stable one."""
    return _Decomposition(af, budget).whole({}, semantics)


def extensions(af: Framework, semantics: Semantics, budget: Budget) -> list[Extension]:
    """Every extension, each in index order, the list in lexicographic order."""
    decomposition = _Decomposition(af, budget)
    choices: list[list[list[int]]] = []
    for members in decomposition.parts:
        part = decomposition.encode(members, semantics, _options(semantics))
        try:
            found = part.each_preferred() if semantics is Semantics.PR else part.each_extension()
            local = [part.globally(extension) for extension in found]
        finally:
            part.close()
        if not local:
            return []  # a part without a stable extension: the whole has none
        choices.append(local)
    every = []
    for count, combination in enumerate(product(*choices)):
        if not count % 1024:
            budget.check()
        every.append(tuple(sorted([*decomposition.grounded, *(a for chosen in combination for a in chosen)])))
    return sorted(every)


def credulous(af: Framework, semantics: Semantics, argument: int, budget: Budget) -> bool:
    """Is `argument` in some extension?"""
    return credulous_witness(af, semantics, argument, budget, whole=False) is not None


def sceptical(af: Framework, semantics: Semantics, argument: int, budget: Budget) -> bool:
    """Is `argument` in every extension? (Vacuously yes when there is none.)"""
    return sceptical_counterexample(af, semantics, argument, budget, whole=False) is None


def credulous_witness(
    af: Framework, semantics: Semantics, argument: int, budget: Budget, whole: bool = True
) -> Extension | None:
    """An extension containing `argument`, or None when there is none.

    With `whole` false, any non-empty tuple stands for "yes": the extension
    itself is not built, and only what is upstream of the argument is looked
    at under complete and preferred semantics.
    """
    decomposition = _Decomposition(af, budget)
    if semantics is Semantics.ST:
        return _stable_with(decomposition, argument, inside=True)
    label = decomposition.labels[argument]
    if label != UNDEC:
        if label != IN:
            return None
        return decomposition.whole({}, semantics) if whole else (argument,)
    number = decomposition.part_of[argument]
    members = decomposition.upstream(argument) if not whole else decomposition.parts[number]
    # Credulous complete and credulous preferred acceptance are credulous admissible acceptance (every
    # admissible set lies in a complete and in a preferred extension): both are asked of the formula
    # whose completeness clauses can be left out, the question a third faster without them.
    # One call answers whether; growing the set into a certificate takes a number of calls that depends on it.
    part = decomposition.encode(members, Semantics.PR, DEFAULT_OPTIONS if whole else FIXED_CALLS_OPTIONS)
    try:
        found = part.find([members.index(argument) + 1], admissible=True)
        if found is None:
            return None
        if not whole:
            return (argument,)
        if semantics is Semantics.PR:
            found = part.grow(found)
        else:
            found = part.find([a + 1 for a in found])  # the least complete extension around it
        chosen = part.globally(found)
    finally:
        part.close()
    return decomposition.whole({number: chosen}, semantics)


def sceptical_counterexample(
    af: Framework, semantics: Semantics, argument: int, budget: Budget, whole: bool = True
) -> Extension | None:
    """An extension without `argument`, or None when every extension holds it (or there is none).

    With `whole` false, any tuple stands for "there is one", and only what is
    upstream of the argument is looked at under preferred semantics.
    """
    decomposition = _Decomposition(af, budget)
    if semantics is Semantics.ST:
        return _stable_with(decomposition, argument, inside=False)
    label = decomposition.labels[argument]
    if semantics is Semantics.CO or label != UNDEC:
        # Under complete semantics the grounded extension, the least, is the one to show.
        if label == IN:
            return None
        return decomposition.whole({}, semantics) if whole else ()
    number = decomposition.part_of[argument]
    members = decomposition.upstream(argument) if not whole else decomposition.parts[number]
    part = decomposition.encode(members, semantics)
    try:
        local = members.index(argument)
        if part.find([local + 1], admissible=True) is None:
            # In no admissible set, so in no preferred extension: any one will do.
            if not whole:
                return ()
            found = part.grow([])
        else:
            found = part.preferred_avoiding(frozenset([local]))
        if found is None:
            return None
        if not whole:
            return ()
        chosen = part.globally(found)
    finally:
        part.close()
    return decomposition.whole({number: chosen}, semantics)


def _stable_with(decomposition: _Decomposition, argument: int, inside: bool) -> Extension | None:
    """A stable extension with `argument` IN (`inside`) or without it, or None when there is none.

    Stable semantics is not directional (an odd cycle anywhere leaves no stable
    extension at all), so every part must have one; but the argument's part is
    asked first, with the argument assumed IN or OUT: when that part has no
    such extension the answer is known in one SAT call, and otherwise the
    other parts are asked only for some extension each.
    """
    label = decomposition.labels[argument]
    if label != UNDEC:
        if (label == IN) != inside:
            return None  # IN in the grounded labelling: in every stable extension; OUT: in none
        return decomposition.whole({}, Semantics.ST)
    number = decomposition.part_of[argument]
    members = decomposition.parts[number]
    part = decomposition.encode(members, Semantics.ST, FIXED_CALLS_OPTIONS)
    try:
        local = members.index(argument) + 1
        found = part.find([local if inside else -local])
        if found is None:
            return None
        chosen = part.globally(found)
    finally:
        part.close()
    return decomposition.whole({number: chosen}, Semantics.ST)


def acceptance_statuses(
    af: Framework, semantics: Semantics, budget: Budget
) -> tuple[bytearray, bytearray, bytearray] | None:
    """Per argument, three flags (1 or 0): in some extension, in every extension, attacked by every extension.

    None when there is no extension (only stable semantics can have none).
    One solver per part answers every question about its arguments, and every
    extension found along the way answers the questions it settles (an
    argument it lacks is not sceptically accepted, one it does not attack is
    not attacked by every extension), so the number of SAT calls follows the
    number of distinct answers, not of arguments.
    """
    decomposition = _Decomposition(af, budget)
    labels = decomposition.labels
    some = bytearray(label == IN for label in labels)
    every = bytearray(some)
    attacked = bytearray(label != IN and label != UNDEC for label in labels)
    for members in decomposition.parts:
        part = decomposition.encode(members, semantics)  # how many calls depends on the extensions found
        try:
            if not _part_statuses(part, semantics, some, every, attacked):
                return None
        finally:
            part.close()
    return some, every, attacked


def _part_statuses(part: _Part, semantics: Semantics, some: bytearray, every: bytearray, attacked: bytearray) -> bool:
    """Fill the three flags for the part's arguments; False when it has no stable extension."""
    members = part.members
    # In some extension: each extension found settles every argument it holds.
    if semantics is Semantics.ST and part.find([]) is None:
        return False  # no stable extension (complete and preferred ones always exist)
    unsettled = set(range(part.size))
    while unsettled:
        found = part.find_with_one_of(unsettled, [])
        if found is None:
            break
        for a in found:
            some[members[a]] = 1
        unsettled.difference_update(found)
    if semantics is Semantics.CO:
        return True  # the grounded labelling is complete: no undecided argument is unanimous
    credulous = [a for a in range(part.size) if some[members[a]]]
    if semantics is Semantics.ST:
        # Stable labellings have no UNDEC: attacked by every extension = in none.
        for a in range(part.size):
            attacked[members[a]] = not some[members[a]]
        open_questions = set(credulous)
        while open_questions:
            a = open_questions.pop()
            without = part.find([-(a + 1)])
            if without is None:
                every[members[a]] = 1
            else:
                open_questions.intersection_update(without)
        return True
    # Preferred: sceptically accepted = no preferred extension lacks it; attacked by every = no preferred
    # extension leaves all its attackers out. Each preferred extension found settles what it shows.
    maybe_sceptical = set(credulous)
    maybe_attacked = {a for a in range(part.size) if not some[members[a]]}

    def settle(extension: list[int]) -> None:
        inside = set(extension)
        maybe_sceptical.difference_update([a for a in maybe_sceptical if a not in inside])
        maybe_attacked.difference_update(
            [a for a in maybe_attacked if inside.isdisjoint(part.attackers[a])]
        )

    while maybe_sceptical:
        a = next(iter(maybe_sceptical))
        without = part.preferred_avoiding(frozenset([a]))
        if without is None:
            every[members[a]] = 1
            maybe_sceptical.discard(a)
        else:
            settle(without)
    while maybe_attacked:
        a = next(iter(maybe_attacked))
        free = part.preferred_avoiding(frozenset(part.attackers[a]))
        if free is None:
            attacked[members[a]] = 1
            maybe_attacked.discard(a)
        else:
            settle(free)
    return True
