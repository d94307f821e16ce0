"""Certificates for DC and DS answers, as ICCMA 2023 asks for them: an extension that shows the answer.

DC-σ answered YES is shown by a σ-extension containing the argument; DS-σ
answered NO by a σ-extension without it. `witness` finds one. It uses only
the public semantics (`grounded`, `some_extension`, `extensions`) on the
framework or on a small gadget built around it, so that whatever engine
answers those (a search today, a SAT solver later) answers this too; an
engine that can produce the certificate directly can take over `witness`
whole.

The gadgets add one argument z that attacks itself, so that no extension
holds it:

- stable, containing a: a attacks z. A stable extension attacks every
  argument outside it, z included, and only a attacks z; so the stable
  extensions of the gadget are exactly those of the framework containing a.
- stable, without a: every attacker of a attacks z; a stable extension then
  holds an attacker of a, and a stable extension without a holds one anyway.
- preferred (and complete), containing one of the arguments T: each of T
  attacks z, and z attacks V, the arguments the grounded labelling leaves
  undecided that have a path of attacks to some of T. An argument of V can
  then be in an admissible set only beside a member of T, which alone can
  defend it against z. If some admissible set of the framework holds a member
  of T, every preferred extension of the gadget holds one (an admissible set
  missing V can be joined by one built upstream of T), and it is a preferred
  extension of the framework (a larger admissible set there would still hold
  that member, so it would be admissible in the gadget too). The grounded
  part is left alone, so what was decided stays decided.

DS-PR is harder (Pi2-complete): a preferred extension without a is looked for
as one that attacks a (the gadget above with T the attackers of a), and,
failing that, among the preferred extensions of the arguments upstream of a
(nothing else can change a's label), completed by a preferred extension of
the rest (Baumann, Brewka & Ulbricht, KR 2020: if E is admissible and E' is
preferred in the reduct of the framework by E, the arguments neither in E nor
attacked by it, then E with E' is preferred).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import chain, repeat

from causal.argumentation.framework import INDEX, Framework, NumberedIndex, NumberedNames
from causal.argumentation.semantics import Extension, Problem, Semantics, extensions, grounded, some_extension


def witness(af: Framework, problem: Problem, semantics: Semantics, argument: int) -> Extension | None:
    """The certificate of a DC or DS answer: an extension that shows it, or None when there is none.

    DC: a `semantics`-extension containing `argument` (None: the answer is NO).
    DS: a `semantics`-extension without `argument` (None: the answer is YES).
    """
    if problem is Problem.DC:
        return _containing(af, semantics, argument)
    if problem is Problem.DS:
        return _excluding(af, semantics, argument)
    raise ValueError(f"{problem.name} answers have no certificate")


def _containing(af: Framework, semantics: Semantics, argument: int) -> Extension | None:
    inside = grounded(af)
    if semantics is Semantics.GR:
        return inside if argument in inside else None
    if semantics is Semantics.ST:
        found = some_extension(_with_self_attacker(af, [argument], ()), Semantics.ST)
        return None if found is None else _without_gadget(af, found)
    # Complete and preferred: a preferred extension is complete, and one holds the argument
    # iff some admissible set does; every one holds the grounded extension.
    if argument in inside:
        return inside if semantics is Semantics.CO else some_extension(af, Semantics.PR)
    return _preferred_holding_one_of(af, [argument], set(inside))


def _excluding(af: Framework, semantics: Semantics, argument: int) -> Extension | None:
    inside = grounded(af)
    if semantics in (Semantics.GR, Semantics.CO):
        # The grounded extension is complete, and in every complete extension.
        return inside if argument not in inside else None
    if semantics is Semantics.ST:
        found = some_extension(_with_self_attacker(af, af.attackers(argument), ()), Semantics.ST)
        return None if found is None else _without_gadget(af, found)
    if argument in inside:
        return None
    first = some_extension(af, Semantics.PR)
    if first is not None and argument not in first:
        return first
    decided = set(inside)
    defeated = _attacked_by(af, decided)
    undecided_attackers = [k for k in af.attackers(argument) if k not in decided and k not in defeated]
    if undecided_attackers:
        found = _preferred_holding_one_of(af, undecided_attackers, decided)
        if found is not None:
            return found
    return _preferred_leaving_undecided(af, argument)


def _preferred_holding_one_of(af: Framework, wanted: Sequence[int], decided: set[int]) -> Extension | None:
    """A preferred extension holding some argument of `wanted` (undecided in the grounded labelling), or None."""
    defeated = _attacked_by(af, decided)
    upstream = _upstream(af, wanted)
    attacked = [k for k in upstream if k not in decided and k not in defeated]
    found = some_extension(_with_self_attacker(af, wanted, attacked), Semantics.PR)
    if found is None or not any(k in found for k in wanted):
        return None
    return _without_gadget(af, found)


def _preferred_leaving_undecided(af: Framework, argument: int) -> Extension | None:
    """A preferred extension without `argument`, from the preferred extensions of what is upstream of it."""
    members = sorted(_upstream(af, [argument]))
    position = members.index(argument)
    for local in extensions(_restricted(af, members), Semantics.PR):
        if position in local:
            continue
        # Nothing attacks the upstream arguments from outside, so `chosen` is admissible in
        # the whole; completing it by a preferred extension of the reduct gives a preferred one.
        chosen = {members[k] for k in local}
        beaten = _attacked_by(af, chosen)
        rest = [k for k in range(len(af)) if k not in chosen and k not in beaten]
        completion = some_extension(_restricted(af, rest), Semantics.PR) or ()
        return tuple(sorted(chain(chosen, (rest[k] for k in completion))))
    return None


# --- frameworks built around the given one ---------------------------------------------------


def _with_self_attacker(af: Framework, attackers: Iterable[int], targets: Iterable[int]) -> Framework:
    """`af` plus one argument z (the last) that attacks itself and `targets` and is attacked by `attackers`."""
    count = len(af)
    out_offsets, out_targets, _ = af.forward_rows()
    sources = array(INDEX, chain.from_iterable(repeat(k, out_offsets[k + 1] - out_offsets[k]) for k in range(count)))
    ends = array(INDEX, out_targets)
    extra = count
    for attacker in attackers:
        sources.append(attacker)
        ends.append(extra)
    for target in targets:
        sources.append(extra)
        ends.append(target)
    sources.append(extra)
    ends.append(extra)
    if isinstance(af.names, NumberedNames):
        return Framework.from_arrays(NumberedNames(count + 1), sources, ends, NumberedIndex(count + 1))
    name = "z"
    while _has(af, name):
        name += "'"
    return Framework.from_arrays((*af.names, name), sources, ends)


def _without_gadget(af: Framework, found: Extension) -> Extension:
    return tuple(k for k in found if k < len(af))


def _restricted(af: Framework, members: Sequence[int]) -> Framework:
    """The framework of `members` (ascending) and the attacks among them; argument k is members[k]."""
    local = {member: k for k, member in enumerate(members)}
    attacks = (
        (k, local[target]) for k, member in enumerate(members) for target in af.targets(member) if target in local
    )
    return Framework.build([af.names[member] for member in members], attacks)


def _upstream(af: Framework, starts: Iterable[int]) -> set[int]:
    """`starts` and every argument with a path of attacks to one of them (iterative)."""
    seen = set(starts)
    pending = list(seen)
    while pending:
        for attacker in af.attackers(pending.pop()):
            if attacker not in seen:
                seen.add(attacker)
                pending.append(attacker)
    return seen


def _attacked_by(af: Framework, members: Iterable[int]) -> set[int]:
    return {target for member in members for target in af.targets(member)}


def _has(af: Framework, name: str) -> bool:
    try:
        af.index(name)
    except KeyError:
        return False
    return True
