"""A case as an argumentation framework, the defeats its preferences allow, and the status of every item.

The mapping (docs/language.md, "Attacks and acceptability"):

- Every source, event, claim, evidence item and link is an argument. A link's
  id is its label, or `cause&cause->effect` when it has none.
- `rebuts X`, `undercuts L` and `undermines E` on a claim or evidence item are
  attacks from it on X, L or E; `undermines S` on a source attacks the source.
- A contradiction `X vs Y` is a symmetric attack: X attacks Y and Y attacks X.
- An attack on an item is also an attack on everything that rests on it, as
  an attack on a sub-argument is in ASPIC+: a link rests on its causes and its
  effect (a `prevents` link on its causes only), and an evidence item rests on
  its source and every source it is carried through.
- **Preferences** (ASPIC+; causal.analysis.strength): a rebuttal, an
  undermining or a side of a contradiction succeeds as a **defeat** only when
  its attacker is not weaker than the item it was aimed at (for an attack on
  what an item rests on, that item). An undercut always succeeds: it denies
  the inference, not its conclusion, so no strength of the conclusion can
  answer it. `set preferences none` lets every attack succeed (plain Dung).
- Support is not an attack and is not in the framework: evidence for an item
  does not defend it; it makes the item stronger, and it decides whether the
  item is supported at all.

The defeat graph is solved under the case's semantics: grounded (the default,
linear), or complete, preferred or stable, where an item is accepted when it
is in every extension (sceptical, the default) or in some (credulous),
rejected when every extension attacks it, and undecided otherwise. An event,
claim or link that is not rejected but has no support that stands (evidence
that is not rejected; for a link, also `assumed`) is **unsupported**: the
fourth status, never counted as accepted support.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import attrs
from attrs import frozen

from causal.analysis.strength import Strengths
from causal.argumentation.framework import Framework
from causal.argumentation.semantics import Semantics, TimeLimitExceeded, acceptance_statuses
from causal.language import ast
from causal.model.case_model import CAUSAL_NODE_KINDS, Model

if TYPE_CHECKING:
    from causal.analysis.case_analysis import CaseAnalysis


class Label(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNDECIDED = "undecided"
    UNSUPPORTED = "unsupported"  # not rejected, but nothing that stands supports it


@frozen
class Attack:
    """``attacker`` attacks ``target``. ``through`` is the item the attack was aimed at, when
    ``target`` is attacked only because it rests on that item (a link's cause, an evidence item's source).

    ``defeats`` says whether the attack succeeds. Under preferences, the
    strengths compared are ``attacker_strength`` and ``aimed_strength`` (of the
    item aimed at: ``through`` or ``target``); both are None when no comparison
    was made (an undercut, or `set preferences none`).
    """

    attacker: str
    target: str
    kind: str
    through: str | None = None
    defeats: bool = True
    attacker_strength: float | None = None
    aimed_strength: float | None = None

    @property
    def aimed_at(self) -> str:
        return self.through if self.through is not None else self.target

    @property
    def comparison(self) -> str:
        """How the attack was decided, in words: `0.25 >= 0.22, defeats`."""
        if self.attacker_strength is None or self.aimed_strength is None:
            if self.kind == "undercuts":
                return "an undercut always succeeds"
            return "every attack succeeds (preferences none)"
        if self.defeats:
            return f"strength {self.attacker_strength:.2f} >= {self.aimed_strength:.2f}: defeats"
        return f"strength {self.attacker_strength:.2f} < {self.aimed_strength:.2f}: weaker than what it attacks"


@frozen
class Acceptability:
    """The case's attacks and the labels they give.

    Only the arguments that take part in some attack are solved (``framework``
    holds just those): an argument that attacks nothing and that nothing
    attacks is in every extension, so it is accepted under every semantics.
    That keeps a large case with few attacks cheap. `full_framework` builds the
    whole framework, for export.
    """

    attacks: tuple[Attack, ...]  # every attack, with whether it defeats
    framework: Framework  # the arguments involved in defeats, and the defeats
    involved_labels: dict[str, Label]
    semantics: str
    acceptance: str
    # Whether the semantics gives any extension (only stable can give none), and
    # which involved arguments some / every extension holds.
    has_extension: bool
    involved_credulous: frozenset[str]
    involved_sceptical: frozenset[str]
    preferences: str = "strength"
    # The semantics asked for ran past the time limit: the labels are grounded ones (rule labels-time-limit).
    timed_out: bool = False
    # Events, claims and links with no support that stands (and not assumed), unless rejected.
    unsupported: frozenset[str] = frozenset()
    # Indexes of the links whose id is involved in a defeat or unsupported: every other link
    # has the default label, which `link_label` gives without making the link's id.
    marked_links: frozenset[int] = frozenset()
    # The items whose label is rejected.
    rejected_items: frozenset[str] = frozenset()
    # The ids of the links that attacks name or reach, with their indexes: what the rules need
    # to find a rejected link, without an index of every link's id.
    attacked_links: Mapping[str, int] = attrs.field(factory=dict)
    # Attacks by target, made once: explain and the rules ask for many items' attackers.
    _by_target: dict[str, list[Attack]] | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def labelled_under(self) -> str:
        """The semantics the labels were computed under: the one asked for, or grounded past the time limit."""
        return "grounded" if self.timed_out else self.semantics

    def dung_label(self, item: str) -> Label:
        """The item's label in the defeat graph alone: accepted, rejected or undecided."""
        found = self.involved_labels.get(item)
        if found is not None:
            return found
        return Label.ACCEPTED if self.has_extension else Label.UNDECIDED

    def is_rejected(self, item: str) -> bool:
        """Whether ``item``'s label is rejected (the same as ``label(item) is Label.REJECTED``)."""
        return item in self.rejected_items

    def link_label(self, model: Model, index: int) -> Label:
        """The status of link ``index`` of ``model`` (the case these labels are of)."""
        if index in self.marked_links:
            return self.label(model.link_id_of(index))
        return Label.ACCEPTED if self.has_extension else Label.UNDECIDED

    def label(self, item: str) -> Label:
        """The item's status: rejected, else unsupported, else its label in the defeat graph."""
        found = self.dung_label(item)
        if found is not Label.REJECTED and item in self.unsupported:
            return Label.UNSUPPORTED
        return found

    def all_labels(self, model: Model) -> dict[str, Label]:
        """Every argument's status, in file order (``model`` is the case these labels are of)."""
        return {item: self.label(item) for item in argument_kinds(model)}

    def all_dung_labels(self, model: Model) -> dict[str, Label]:
        """Every argument's label in the defeat graph alone, in file order."""
        return {item: self.dung_label(item) for item in argument_kinds(model)}

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
        """Every attack on ``item``, whether it defeats or not."""
        if self._by_target is None:
            by_target: dict[str, list[Attack]] = {}
            for attack in self.attacks:
                by_target.setdefault(attack.target, []).append(attack)
            object.__setattr__(self, "_by_target", by_target)
        return self._by_target.get(item, [])

    def defeaters_of(self, item: str) -> list[Attack]:
        return [attack for attack in self.attackers_of(item) if attack.defeats]


def argument_kind(model: Model, item: str) -> str | None:
    """An argument id's kind: source, event, claim, evidence or link (None if it is not an argument)."""
    kind = model.kind_of(item)
    # A declared name that is not a link's label is no link's id (unlabelled links' ids hold
    # `->`), so the index of every link id is built only when it can be one.
    if kind is not None and kind != "link":
        return kind if kind in _ARGUMENT_KINDS else None
    return "link" if model.link_index(item) is not None else None


def full_framework(analysis: CaseAnalysis) -> Framework:
    """Every argument of the case and every defeat: what `causal export` writes."""
    names = list(argument_kinds(analysis.model))
    index = {name: i for i, name in enumerate(names)}
    defeats = (a for a in analysis.labels.attacks if a.defeats)
    return Framework.build(names, ((index[a.attacker], index[a.target]) for a in defeats))


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


def _direct_attacks(model: Model, link_of: dict[str, int]) -> Iterator[Attack]:
    """Each attack the case writes (not yet those on what the target rests on).

    The ids of the links it names are noted in ``link_of`` (id -> index).
    """

    def argument(name: str) -> tuple[str, str] | None:
        kind = model.kind_of(name)
        if kind == "link":
            index = model.link_labels[name]
            identity = model.link_id_of(index)
            link_of[identity] = index
            return identity, kind
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


def _dependents(model: Model, targets: set[str], link_of: dict[str, int]) -> dict[str, list[str]]:
    """What rests on each of ``targets``: links on their causes and effect (a prevention on its
    causes), evidence on its sources. Only the targets of attacks are asked about, so only
    their links and evidence are walked; the ids of those links are noted in ``link_of``."""
    resting: dict[str, list[str]] = {}
    nodes = [name for name in targets if model.kind_of(name) in CAUSAL_NODE_KINDS]
    indexes = sorted(
        {index for name in nodes for table in (model.links_by_cause, model.links_by_effect) for index in table.get(name, ())}
    )
    for index in indexes:
        link = model.links[index]
        premises = link.causes if model.is_prevention(link) else (*link.causes, link.effect)
        for name in dict.fromkeys(word.text for word in premises):
            if name in targets and model.kind_of(name) in CAUSAL_NODE_KINDS:
                identity = model.link_id_of(index)
                link_of[identity] = index
                resting.setdefault(name, []).append(identity)
    sources = [name for name in targets if name in model.sources]
    if sources:
        reaches = model.reporting.reaching(sources)  # each source -> the targeted sources on its path
        for name, item in model.evidence.items():
            if model.declarations.get(name) is not item or item.source is None:
                continue
            for source in reaches.get(item.source.text, ()):
                resting.setdefault(source, []).append(name)
    return resting


def build_attacks(model: Model, link_of: dict[str, int] | None = None) -> list[Attack]:
    """Every attack, direct and on what the targets rest on; ``link_of`` collects the ids of the links named."""
    link_of = {} if link_of is None else link_of
    direct = list(_direct_attacks(model, link_of))
    if not direct:
        return []
    resting = _dependents(model, {attack.target for attack in direct}, link_of)
    attacks: list[Attack] = []
    for attack in direct:
        attacks.append(attack)
        for dependent in resting.get(attack.target, ()):
            if dependent != attack.attacker:
                attacks.append(Attack(attack.attacker, dependent, attack.kind, through=attack.target))
    return attacks


def weigh_attacks(model: Model, attacks: list[Attack]) -> list[Attack]:
    """Each attack with whether it defeats, under the case's preferences."""
    if model.settings.preferences == "none":
        return attacks
    strengths = Strengths(model)
    weighed = []
    for attack in attacks:
        if attack.kind == "undercuts":
            weighed.append(attack)
            continue
        mine, theirs = strengths.of(attack.attacker), strengths.of(attack.aimed_at)
        weighed.append(attrs.evolve(attack, defeats=mine >= theirs, attacker_strength=mine, aimed_strength=theirs))
    return weighed


def label_case(model: Model) -> Acceptability:
    link_of: dict[str, int] = {}
    attacks = weigh_attacks(model, build_attacks(model, link_of))
    defeats = [attack for attack in attacks if attack.defeats]
    names = list(dict.fromkeys(name for attack in defeats for name in (attack.attacker, attack.target)))
    index = {name: i for i, name in enumerate(names)}
    framework = Framework.build(names, ((index[a.attacker], index[a.target]) for a in defeats))
    semantics, acceptance = model.settings.semantics, model.settings.acceptance
    common: dict[str, object] = dict(preferences=model.settings.preferences)
    # Without defeats every semantics has one extension, everything: grounded says so.
    timed_out = False
    try:
        statuses = acceptance_statuses(
            framework, Semantics(semantics) if defeats else Semantics.GR, time_limit=model.settings.time_limit
        )
    except TimeLimitExceeded:
        # The grounded labels are sound for every semantics here: what they accept is in every
        # complete extension, what they reject is attacked by every one; only fewer items are decided.
        timed_out = True
        statuses = acceptance_statuses(framework, Semantics.GR)
    common["timed_out"] = timed_out
    if statuses is None:  # no stable extension: nothing can be said
        labels = dict.fromkeys(names, Label.UNDECIDED)
        undecided = Acceptability(
            tuple(attacks), framework, labels, semantics, acceptance, False, frozenset(), frozenset(), **common
        )
        return _with_unsupported(model, undecided, link_of)
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
    dung = Acceptability(
        tuple(attacks),
        framework,
        labels,
        semantics,
        acceptance,
        True,
        frozenset(name for i, name in enumerate(names) if in_some[i]),
        frozenset(name for i, name in enumerate(names) if in_every[i]),
        **common,
    )
    return _with_unsupported(model, dung, link_of)


def _with_unsupported(model: Model, labels: Acceptability, link_of: dict[str, int]) -> Acceptability:
    """The labels with the unsupported items, and the links whose label is not the default marked."""
    unsupported, unsupported_links = _unsupported(model, labels)
    marked = {link_of[name] for name in labels.involved_labels if name in link_of}
    rejected = frozenset(name for name, label in labels.involved_labels.items() if label is Label.REJECTED)
    return attrs.evolve(
        labels,
        unsupported=unsupported,
        marked_links=frozenset(marked.union(unsupported_links)),
        rejected_items=rejected,
        attacked_links=link_of,
    )


def _unsupported(model: Model, labels: Acceptability) -> tuple[frozenset[str], list[int]]:
    """Events, claims and links with no support that stands: no evidence that is not rejected, and not assumed.

    Returns their ids, and the indexes of those links.
    """
    rejected = {name for name, label in labels.involved_labels.items() if label is Label.REJECTED}

    def stands(items) -> bool:
        # With nothing rejected, any evidence stands: no name is looked up.
        return any(item.name.text not in rejected for item in items) if rejected else bool(items)
    evidence_for = model.evidence_for
    links = [
        index
        for index, link in enumerate(model.links)
        if link.assumed is None and not stands(model.link_support[index])
    ]
    found = frozenset(
        [name for table in (model.events, model.claims) for name in table if not stands(evidence_for.get(name, ()))]
        + [model.link_id_of(index) for index in links]
    )
    return found, links


def label_reason(acceptability: Acceptability, item: str) -> str:
    """Why ``item`` has its label, in one phrase; attacks that fail say why they fail."""
    if not acceptability.has_extension:
        return "the framework has no stable extension, so nothing is decided"
    label = acceptability.label(item)
    attackers = acceptability.attackers_of(item)
    prefix = "nothing that stands supports it" if label is Label.UNSUPPORTED else ""
    if not attackers:
        return prefix or "nothing attacks it"
    defeaters = [attack for attack in attackers if attack.defeats]
    failed = [_failed_phrase(attack) for attack in attackers if not attack.defeats]
    if acceptability.semantics != "grounded" and defeaters:
        holds = "every" if acceptability.is_sceptical(item) else "some" if acceptability.is_credulous(item) else "no"
        reason = f"in {holds} {acceptability.semantics} extension ({acceptability.acceptance} acceptance)"
    else:
        dung = acceptability.dung_label(item)
        decisive = {Label.REJECTED: Label.ACCEPTED, Label.UNDECIDED: Label.UNDECIDED, Label.ACCEPTED: Label.REJECTED}[dung]
        phrases = [
            _attack_phrase(attack, decisive) for attack in defeaters if acceptability.dung_label(attack.attacker) is decisive
        ]
        if dung is Label.ACCEPTED:
            reason = "every attack fails: " + _listed([*failed, *phrases])
        else:
            reason = _listed(phrases)
    return f"{prefix}; {reason}" if prefix else reason


# How many attacks a one-line reason names before "...".
MAX_REASONS = 3


def _listed(phrases: list[str]) -> str:
    unique = list(dict.fromkeys(phrases))
    return "; ".join(unique[:MAX_REASONS]) + ("; ..." if len(unique) > MAX_REASONS else "")


def _aimed(attack: Attack) -> str:
    return "it" if attack.through is None else f"{attack.through}, which it rests on"


def _attack_phrase(attack: Attack, label: Label) -> str:
    """`denial (accepted) rebuts it`, or `... rebuts rift, which it rests on`."""
    return f"{attack.attacker} ({label.value}) {attack.kind} {_aimed(attack)}"


def _failed_phrase(attack: Attack) -> str:
    """`denial rebuts it but is weaker (0.22 < 0.80)`."""
    return (
        f"{attack.attacker} {attack.kind} {_aimed(attack)} but is weaker "
        f"({attack.attacker_strength:.2f} < {attack.aimed_strength:.2f})"
    )
