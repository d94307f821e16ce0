"""Extensions of an abstract framework under grounded, complete, preferred and stable semantics.

Grounded: the standard counter-based propagation, O(n + m). Every argument
keeps a count of its attackers not yet OUT; one with no such attacker is IN,
and everything an IN argument attacks is OUT.

Complete, preferred, stable: a labelling-based backtracking search (after
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
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from causal.argumentation.framework import Framework

IN, OUT, UNDEC = 1, 2, 4
ANY = IN | OUT | UNDEC

Extension = tuple[int, ...]


class Semantics(enum.Enum):
    GR = "grounded"
    CO = "complete"
    PR = "preferred"
    ST = "stable"


class Problem(enum.Enum):
    SE = "some extension"
    EE = "every extension"
    DC = "credulous acceptance"
    DS = "sceptical acceptance"


# Every problem-semantics pair, in the order `--problems` lists them.
TASKS: tuple[str, ...] = tuple(f"{problem.name}-{semantics.name}" for problem in Problem for semantics in Semantics)


def parse_task(task: str) -> tuple[Problem, Semantics]:
    """`SE-GR` -> (Problem.SE, Semantics.GR); ValueError for anything else."""
    problem, _, semantics = task.strip().upper().partition("-")
    if problem not in Problem.__members__ or semantics not in Semantics.__members__:
        raise ValueError(f"unknown task {task!r}; supported: {', '.join(TASKS)}")
    return Problem[problem], Semantics[semantics]


# --- grounded ---------------------------------------------------------------------


def grounded_labelling(af: Framework) -> bytearray:
    """The grounded labelling: one of IN, OUT, UNDEC per argument, in O(n + m)."""
    out_offsets, out_targets, in_offsets, _ = af.rows()
    count = len(af)
    labels = bytearray([UNDEC]) * count
    live_attackers = [in_offsets[k + 1] - in_offsets[k] for k in range(count)]
    ready = [k for k in range(count) if live_attackers[k] == 0]
    for k in ready:
        labels[k] = IN
    while ready:
        accepted = ready.pop()
        for i in range(out_offsets[accepted], out_offsets[accepted + 1]):
            defeated = out_targets[i]
            if labels[defeated] != UNDEC:
                continue
            labels[defeated] = OUT
            for j in range(out_offsets[defeated], out_offsets[defeated + 1]):
                freed = out_targets[j]
                live_attackers[freed] -= 1
                if live_attackers[freed] == 0 and labels[freed] == UNDEC:
                    labels[freed] = IN
                    ready.append(freed)
    return labels


def grounded(af: Framework) -> Extension:
    """The grounded extension: the arguments IN in the grounded labelling, in index order."""
    return tuple(k for k, label in enumerate(grounded_labelling(af)) if label == IN)


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
        domains = self.domains
        for argument in range(start, self.count):
            if domains[argument] not in (IN, OUT, UNDEC):
                return argument
        return -1

    def labellings(self) -> Iterator[Extension]:
        if not self.consistent or not self._propagate():
            return
        # Each frame: (trail length before the choice, argument, labels still to try).
        frames: list[tuple[int, int, list[int]]] = []
        start = 0
        while True:
            argument = self._undecided_from(start)
            if argument < 0:
                yield tuple(k for k, label in enumerate(self.domains) if label == IN)
            else:
                options = [label for label in (IN, OUT, UNDEC) if self.domains[argument] & label]
                frames.append((len(self.trail), argument, options))
            # Take the next untried label, backtracking past exhausted choices.
            while frames:
                mark, argument, options = frames[-1]
                self._undo(mark)
                if not options:
                    frames.pop()
                    continue
                label = options.pop(0)
                if self._restrict(argument, label) and self._propagate():
                    start = argument
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


# --- the four problems --------------------------------------------------------------


def extensions(af: Framework, semantics: Semantics) -> list[Extension]:
    """Every extension, each in index order, the list in lexicographic order."""
    if semantics is Semantics.GR:
        return [grounded(af)]
    if semantics is Semantics.CO:
        found = list(_complete(af))
    elif semantics is Semantics.ST:
        found = list(_complete(af, stable=True))
    else:
        found = _maximal(list(_complete(af)))
    return sorted(found)


def some_extension(af: Framework, semantics: Semantics) -> Extension | None:
    """One extension, or None when there is none (only stable semantics can have none)."""
    if semantics in (Semantics.GR, Semantics.CO):
        return grounded(af)
    if semantics is Semantics.ST:
        return next(_complete(af, stable=True), None)
    # Grow the grounded extension into a preferred one: add an argument whenever some
    # complete extension contains the current set plus it. An argument that fails
    # once fails for every larger set, so each is tried at most once; one in conflict
    # with the current set can never be added, so it is not tried at all.
    current = grounded(af)
    members = set(current)
    in_conflict = _conflicting(af, current)
    for argument in range(len(af)):
        if argument in members or argument in in_conflict:
            continue
        fixed = dict.fromkeys(members, IN)
        fixed[argument] = IN
        larger = next(_complete(af, fixed=fixed), None)
        if larger is not None:
            current = larger
            members = set(larger)
            in_conflict = _conflicting(af, current)
    return current


def _conflicting(af: Framework, extension: Extension) -> set[int]:
    """Every argument that attacks or is attacked by a member of `extension`."""
    found: set[int] = set()
    for member in extension:
        found.update(af.attackers(member))
        found.update(af.targets(member))
    return found


def credulous(af: Framework, semantics: Semantics, argument: int) -> bool:
    """Is `argument` in some extension?"""
    if semantics is Semantics.GR:
        return grounded_labelling(af)[argument] == IN
    # In some complete extension iff in some preferred one (each complete extension grows into one).
    stable = semantics is Semantics.ST
    return next(_complete(af, stable=stable, fixed={argument: IN}), None) is not None


def sceptical(af: Framework, semantics: Semantics, argument: int) -> bool:
    """Is `argument` in every extension? (Vacuously yes when there is none.)"""
    if semantics in (Semantics.GR, Semantics.CO):
        return grounded_labelling(af)[argument] == IN
    if semantics is Semantics.ST:
        return next(_complete(af, stable=True, fixed={argument: OUT}), None) is None
    # Shortcuts before the enumeration: the grounded extension is in every preferred one,
    # and there is always a preferred extension, so one no extension holds is not sceptical.
    if grounded_labelling(af)[argument] == IN:
        return True
    if not credulous(af, Semantics.PR, argument):
        return False
    return all(argument in extension for extension in extensions(af, Semantics.PR))


def solve(af: Framework, problem: Problem, semantics: Semantics, argument: int | None = None):
    """The answer to one task: an Extension or None (SE), a list of them (EE), a bool (DC, DS)."""
    if problem is Problem.SE:
        return some_extension(af, semantics)
    if problem is Problem.EE:
        return extensions(af, semantics)
    if argument is None:
        raise ValueError(f"{problem.name} needs an argument")
    if problem is Problem.DC:
        return credulous(af, semantics, argument)
    return sceptical(af, semantics, argument)
