"""A case as an abstract argumentation framework, and the label of every item in it.

The mapping (docs/language.md, "Attacks and acceptability"):

- Every source, event, claim, evidence item and link is an argument. A link's
  id is its label, or `cause&cause->effect` when it has none.
- `rebuts X`, `undercuts L` and `undermines E` on a claim or evidence item are
  attacks from it on X, L or E; `undermines S` on a source attacks the source.
- A contradiction `X vs Y` is a symmetric attack: X attacks Y and Y attacks X.
- An attack on an item is also an attack on everything that rests on it, as
  an attack on a sub-argument is in ASPIC+: a link rests on its causes and its
  effect (it cannot hold if either did not happen), and an evidence item rests
  on its source and every source it is reported through.
- Support is not an attack and is not in the framework: evidence for an item
  does not defend it. What support is worth is graded separately
  (causal.analysis.confidence), counting only support that is not rejected.

The framework is solved under the case's semantics: grounded (the default,
linear), or complete, preferred or stable, where an item is accepted when it
is in every extension (sceptical, the default) or in some (credulous),
rejected when every extension attacks it, and undecided otherwise.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING

from attrs import frozen

from causal import ast
from causal.argumentation.framework import Framework
from causal.argumentation.semantics import Semantics, acceptance_statuses
from causal.model import CAUSAL_NODE_KINDS, Model

if TYPE_CHECKING:
    from causal.analysis import CaseAnalysis


class Label(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNDECIDED = "undecided"



@frozen
class Attack:
    """``attacker`` attacks ``target``. ``through`` is the item the attack was aimed at, when
    ``target`` is attacked only because it rests on that item (a link's cause, an evidence item's source)."""

    attacker: str
    target: str
    kind: str
    through: str | None = None


@frozen
class Acceptability:
    """The case's attacks and the labels they give.

    Only the arguments that take part in some attack are solved (``framework``
    holds just those): an argument that attacks nothing and that nothing
    attacks is in every extension, so it is accepted under every semantics.
    That keeps a large case with few attacks cheap. `full_framework` builds the
    whole framework, for export.
    """

    attacks: tuple[Attack, ...]
    framework: Framework  # the arguments involved in attacks, and the attacks
    involved_labels: dict[str, Label]
    semantics: str
    acceptance: str
    # Whether the semantics gives any extension (only stable can give none), and
    # which involved arguments some / every extension holds.
    has_extension: bool
    involved_credulous: frozenset[str]
    involved_sceptical: frozenset[str]

    def label(self, item: str) -> Label:
        """An item's label; an item no attack touches is accepted (undecided when nothing is decided)."""
        found = self.involved_labels.get(item)
        if found is not None:
            return found
        return Label.ACCEPTED if self.has_extension else Label.UNDECIDED

    def all_labels(self, model: Model) -> dict[str, Label]:
        """Every argument's label, in file order (``model`` is the case these labels are of)."""
        return {item: self.label(item) for item in argument_kinds(model)}

    def is_credulous(self, item: str) -> bool:
        """In some extension."""
        if item in self.involved_labels:
            return item in self.involved_credulous
        return self.has_extension

    def is_sceptical(self, item: str) -> bool:
        """In every extension (and there is one)."""
        if item in self.involved_labels:
            return item in self.involved_sceptical
        return self.has_extension

    def attackers_of(self, item: str) -> list[Attack]:
        return [attack for attack in self.attacks if attack.target == item]


def argument_kind(model: Model, item: str) -> str | None:
    """An argument id's kind: source, event, claim, evidence or link (None if it is not an argument)."""
    if model.link_index(item) is not None:
        return "link"
    kind = model.kind_of(item)
    return kind if kind in _ARGUMENT_KINDS and kind != "link" else None


def full_framework(analysis: CaseAnalysis) -> Framework:
    """Every argument of the case and every attack: what `causal export` writes."""
    names = list(argument_kinds(analysis.model))
    index = {name: i for i, name in enumerate(names)}
    return Framework.build(names, ((index[a.attacker], index[a.target]) for a in analysis.labels.attacks))


def argument_kinds(model: Model) -> dict[str, str]:
    """Every argument id -> its kind: sources, events, claims and evidence in file order, then the links.

    Made on demand: only reports and export need it.
    """
    kinds: dict[str, str] = {}
    for statement in model.case.statements:
        if isinstance(statement, (ast.SourceDecl, ast.EventDecl, ast.ClaimDecl, ast.EvidenceDecl)):
            name = statement.name.text
            if model.declarations.get(name) is statement:
                kinds[name] = model.kind_of(name)
    for index in range(len(model.links)):
        kinds[model.link_id_of(index)] = "link"
    return kinds


_ARGUMENT_KINDS = frozenset({"source", "event", "claim", "evidence", "link"})


def _direct_attacks(model: Model) -> Iterator[Attack]:
    """Each attack the case writes (not yet those on what the target rests on)."""

    def argument(name: str) -> tuple[str, str] | None:
        kind = model.kind_of(name)
        if kind == "link":
            return model.link_id_of(model.link_labels[name]), kind
        return (name, kind) if kind in _ARGUMENT_KINDS else None

    for statement in model.case.statements:
        if isinstance(statement, (ast.ClaimDecl, ast.EvidenceDecl)):
            attacker = statement.name.text
            if model.declarations.get(attacker) is not statement:
                continue
            for kind, targets, allowed in (
                ("rebuts", statement.rebuts, CAUSAL_NODE_KINDS),
                ("undercuts", statement.undercuts, {"link"}),
                ("undermines", statement.undermines, {"evidence", "source"}),
            ):
                for word in targets:
                    target = argument(word.text)
                    # Targets of the wrong kind are the names rule's wrong-kind findings, not attacks.
                    if target is not None and target[1] in allowed:
                        yield Attack(attacker, target[0], kind)
        elif isinstance(statement, ast.ContradictionDecl):
            if model.declarations.get(statement.name.text) is not statement:
                continue
            left, right = argument(statement.left.text), argument(statement.right.text)
            if left is not None and right is not None and left[0] != right[0]:
                yield Attack(left[0], right[0], "contradicts")
                yield Attack(right[0], left[0], "contradicts")


def _dependents(model: Model) -> dict[str, list[str]]:
    """What rests on each item: links on their causes and effect, evidence on its sources."""
    resting: dict[str, list[str]] = {}
    for index, link in enumerate(model.links):
        for name in dict.fromkeys(word.text for word in (*link.causes, link.effect)):
            if model.kind_of(name) in CAUSAL_NODE_KINDS:
                resting.setdefault(name, []).append(model.link_id_of(index))
    for name, item in model.evidence.items():
        if model.declarations.get(name) is not item or item.source is None:
            continue
        path, _loops = model.reporting_path(item.source.text)
        for source in path:
            resting.setdefault(source, []).append(name)
    return resting


def build_attacks(model: Model) -> list[Attack]:
    direct = list(_direct_attacks(model))
    if not direct:
        return []
    resting = _dependents(model)
    attacks: list[Attack] = []
    for attack in direct:
        attacks.append(attack)
        for dependent in resting.get(attack.target, ()):
            if dependent != attack.attacker:
                attacks.append(Attack(attack.attacker, dependent, attack.kind, through=attack.target))
    return attacks


def label_case(model: Model) -> Acceptability:
    attacks = build_attacks(model)
    names = list(dict.fromkeys(name for attack in attacks for name in (attack.attacker, attack.target)))
    index = {name: i for i, name in enumerate(names)}
    framework = Framework.build(names, ((index[a.attacker], index[a.target]) for a in attacks))
    semantics, acceptance = model.settings.semantics, model.settings.acceptance
    # Without attacks every semantics has one extension, everything: grounded says so.
    statuses = acceptance_statuses(framework, Semantics(semantics) if attacks else Semantics.GR)
    if statuses is None:  # no stable extension: nothing can be said
        labels = dict.fromkeys(names, Label.UNDECIDED)
        return Acceptability(tuple(attacks), framework, labels, semantics, acceptance, False, frozenset(), frozenset())
    in_some, in_every, attacked_by_every = statuses
    accepted = in_every if acceptance == "sceptical" else in_some
    labels = {}
    for i, name in enumerate(names):
        if accepted[i]:
            labels[name] = Label.ACCEPTED
        elif attacked_by_every[i]:
            labels[name] = Label.REJECTED
        else:
            labels[name] = Label.UNDECIDED
    return Acceptability(
        tuple(attacks),
        framework,
        labels,
        semantics,
        acceptance,
        True,
        frozenset(name for i, name in enumerate(names) if in_some[i]),
        frozenset(name for i, name in enumerate(names) if in_every[i]),
    )


def label_reason(acceptability: Acceptability, item: str) -> str:
    """Why ``item`` has its label, in one phrase."""
    label = acceptability.label(item)
    attackers = acceptability.attackers_of(item)
    if not acceptability.has_extension:
        return "the framework has no stable extension, so nothing is decided"
    if acceptability.semantics != "grounded" and attackers:
        holds = "every" if acceptability.is_sceptical(item) else "some" if acceptability.is_credulous(item) else "no"
        return f"in {holds} {acceptability.semantics} extension ({acceptability.acceptance} acceptance)"
    if not attackers:
        return "nothing attacks it"
    decisive = {Label.REJECTED: Label.ACCEPTED, Label.UNDECIDED: Label.UNDECIDED, Label.ACCEPTED: Label.REJECTED}[label]
    phrases = [_attack_phrase(attack, decisive) for attack in attackers if acceptability.label(attack.attacker) is decisive]
    shown = "; ".join(dict.fromkeys(phrases[:MAX_REASONS])) + ("; ..." if len(phrases) > MAX_REASONS else "")
    return shown if label is not Label.ACCEPTED else f"every attack fails: {shown}"


# How many attacks a one-line reason names before "...".
MAX_REASONS = 3


def _attack_phrase(attack: Attack, label: Label) -> str:
    """`denial (accepted) rebuts it`, or `... rebuts rift, which it rests on`."""
    target = "it" if attack.through is None else f"{attack.through}, which it rests on"
    return f"{attack.attacker} ({label.value}) {attack.kind} {target}"
