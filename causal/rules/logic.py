"""Rules about what the case holds true as a whole (CX40x)."""

from __future__ import annotations

from collections.abc import Iterator

from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.labels import Attack, argument_kind
from causal.model.case_model import CONTRADICTION_SIDE_KINDS, Model
from causal.rules.base import Phase, Rule, runs_in
from causal.rules.findings import Finding, Severity, Subject

CONTRADICTION = Rule(
    name="contradiction",
    code="CX401",
    severity=Severity.WARNING,
    summary="Both sides of a declared contradiction have supporting evidence.",
    finds="""
        A `contradiction NAME: A vs B` where both A and B have support. A side
        has support when an evidence item names it in `supports`, or when a
        link with evidence has it as its effect (the link's `because`
        evidence, and evidence supporting the link's label, count). Assumed
        links, links without evidence, and links in which the side is only a
        cause do not count. A side may also be a labelled link (two rival
        causal accounts of one effect); it has support when the link has
        evidence. A side that is undeclared or of another kind is left to
        `undefined-name` and `wrong-kind`. The message says how the case's
        preferences decide the clash: the stronger side defeats the other,
        and equally strong sides leave each other undecided.
        """,
    why="""
        Two accounts that cannot both be true, each with evidence, mean the
        case relies on sources that disagree. The analyst must weigh them:
        grade the evidence, and say which account the case follows and why.
        """,
    example='''
        source tass "TASS" reliability C
        source irna "IRNA" reliability C
        claim khamenei_block "Khamenei blocked the air base"
        claim soleimani_block "Soleimani blocked the air base"
        evidence k_said from tass supports khamenei_block
        evidence s_said from irna supports soleimani_block
        contradiction who_blocked: khamenei_block vs soleimani_block
        ''',
    passing='''
        source tass "TASS" reliability C
        claim khamenei_block "Khamenei blocked the air base"
        claim soleimani_block "Soleimani blocked the air base"
        evidence k_said from tass supports khamenei_block
        contradiction who_blocked: khamenei_block vs soleimani_block
        ''',
)


# How many supporting items a message lists per side before "and N more".
MAX_LISTED = 4


@runs_in(Phase.ANALYSIS)
def check(analysis: CaseAnalysis) -> Iterator[Finding]:
    model = analysis.model
    support_of: dict[str, str | None] = {}
    own_attacks = _contradiction_attacks(analysis)
    for name, contradiction in model.contradictions.items():
        left, right = contradiction.left.text, contradiction.right.text
        if model.kind_of(left) not in CONTRADICTION_SIDE_KINDS or model.kind_of(right) not in CONTRADICTION_SIDE_KINDS:
            continue
        for side in (left, right):
            if side not in support_of:
                support_of[side] = _describe_support(model, side)
        if support_of[left] is None or support_of[right] is None:
            continue
        yield CONTRADICTION.finding(
            contradiction.span,
            f"both sides of contradiction {name} have support: "
            f"{left} ({support_of[left]}) vs {right} ({support_of[right]})"
            f"{_decision(analysis, own_attacks, left, right)}",
            "Weigh the two accounts: grade their evidence, and say in a note which one the case follows "
            'and why; then `allow contradiction "REASON"` records the decision.',
            Subject("group", (name, left, right)),
        )


def _contradiction_attacks(analysis: CaseAnalysis) -> dict[tuple[str, str], Attack]:
    """(attacker, target) -> the first attack of a contradiction between them, made once for every
    contradiction: looking through a side's attackers for each of its contradictions would cost the
    square of its contradictions. Only a contradiction's own attack counts: the same two items may
    also rebut or undercut each other."""
    found: dict[tuple[str, str], Attack] = {}
    for attack in analysis.labels.attacks:
        if attack.kind == "contradicts" and attack.through is None:
            found.setdefault((attack.attacker, attack.target), attack)
    return found


def _decision(analysis: CaseAnalysis, own_attacks: dict[tuple[str, str], Attack], left: str, right: str) -> str:
    """`; by strength, a (0.80) defeats b (0.38)`, or that neither is stronger; nothing without preferences."""
    model = analysis.model
    ids = [_argument_id(model, side) for side in (left, right)]
    forward, backward = own_attacks.get((ids[0], ids[1])), own_attacks.get((ids[1], ids[0]))
    if forward is None or backward is None or forward.attacker_strength is None:
        return ""
    if forward.defeats and backward.defeats:
        return f"; neither is stronger ({forward.attacker_strength:.2f} each), so both are undecided"
    winner, loser, strong, weak = (left, right, forward.attacker_strength, forward.aimed_strength)
    if backward.defeats:
        winner, loser, strong, weak = (right, left, backward.attacker_strength, backward.aimed_strength)
    return f"; by strength, {winner} ({strong:.2f}) defeats {loser} ({weak:.2f})"


def _argument_id(model: Model, side: str) -> str:
    if argument_kind(model, side) is None and side in model.link_labels:
        return model.link_id_of(model.link_labels[side])
    return side


def _describe_support(model: Model, name: str) -> str | None:
    """What supports ``name``: evidence naming it, and links with evidence that make it; None if nothing.

    A labelled link as a side is supported by its own evidence.
    """
    if name in model.link_labels:
        support = model.link_support[model.link_labels[name]]
        if not support:
            return None
        listed = ", ".join(item.name.text for item in support[:MAX_LISTED])
        return listed + (" and more" if len(support) > MAX_LISTED else "")
    items = list(dict.fromkeys(item.name.text for item in model.evidence_for.get(name, ())))
    for index in model.links_by_effect.get(name, ()):
        support = model.link_support[index]
        if support:
            link = model.links[index]
            causes = ", ".join(word.text for word in link.causes)
            evidence = ", ".join(item.name.text for item in support[:MAX_LISTED])
            more = " ..." if len(support) > MAX_LISTED else ""
            items.append(f"link {causes} -> {name} with {evidence}{more}")
        if len(items) > MAX_LISTED:
            break
    if not items:
        return None
    rest = len(items) - MAX_LISTED
    return "; ".join(items[:MAX_LISTED]) + (" and more" if rest > 0 else "")
