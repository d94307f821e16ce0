"""Chain verdicts: is each named narrative supported, weak or broken, and where is it weakest?

A chain is a conjunction: it holds only if every step holds (docs/language.md,
"Chain verdicts"). Its confidence is therefore the product of its steps'
confidences, a step's being that of the best link making it (the product over
its effects, for a step with several). Its events and claims count through
their statuses: a rejected one breaks the chain, an undecided one multiplies
the confidence by `undecided-weight`, and an unsupported one leaves the chain
at best weak. Their own evidence is not multiplied in again: the evidence for
a step usually also reports its events, and one report must not count twice.
The effect a `prevents` link says did not happen is exempt: its rejection is
what the chain claims.

The weakest step is the first of the steps sorted by confidence (then by how
well supported, then by position), and the header, the step list and the JSON
all take it from there, so they always agree.
"""

from __future__ import annotations

from attrs import frozen

from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.confidence import link_confidence
from causal.analysis.labels import Label, label_reason
from causal.analysis.links import Strength, assess_link, late_cause
from causal.inputs.spans import Span
from causal.language import ast
from causal.model.case_model import CAUSAL_NODE_KINDS

BROKEN_STRENGTHS = (Strength.MISSING, Strength.REJECTED, Strength.UNSUPPORTED)


@frozen
class StepAssessment:
    """One step `X -> Y` of a chain, judged by the best link making it."""

    causes: tuple[str, ...]
    effects: tuple[str, ...]
    strength: Strength
    reason: str
    # For each effect, every link tied at the best strength (in file order), so
    # that the judgement does not depend on which of equal links comes first.
    links: tuple[int, ...]
    out_of_order: bool  # a cause certainly comes after its effect
    confidence: float = 0.0  # of the best link making it (causal.analysis.confidence); the product over a joint step's effects
    position: int = 0  # of the step in the chain, from 0

    @property
    def text(self) -> str:
        return f"{', '.join(self.causes)} -> {', '.join(self.effects)}"


@frozen
class ChainVerdict:
    name: str
    steps: tuple[str, ...]
    verdict: str  # supported | weak | broken
    weakest: StepAssessment | None
    weakest_reason: str
    span: Span
    assessments: tuple[StepAssessment, ...]
    confidence: float = 0.0  # the product of the steps', scaled by the statuses of its events and claims
    # The steps by confidence, weakest first: where an analyst should dig next.
    weakest_first: tuple[StepAssessment, ...] = ()
    # Events and claims of the chain that are not accepted, with their status (rejected, unsupported, undecided).
    weak_nodes: tuple[tuple[str, str], ...] = ()
    # Independent reporting groups among the support of the steps' links (1: the chain is single-source).
    independent: int = 0


def assess_step(
    analysis: CaseAnalysis, causes: tuple[str, ...], effects: tuple[str, ...], position: int = 0
) -> StepAssessment:
    model = analysis.model
    strength, reason = Strength.SUPPORTED, "supported by evidence"
    chosen: list[int] = []
    out_of_order = False
    confidence = 1.0
    for effect in effects:
        candidates = model.links_making(causes, effect)
        if not candidates:
            return StepAssessment(
                causes,
                effects,
                Strength.MISSING,
                f"no link makes {', '.join(causes)} -> {effect}",
                (),
                False,
                position=position,
            )
        best_strength = max(assess_link(analysis, index).standing for index in candidates)
        tied = [index for index in candidates if assess_link(analysis, index).standing == best_strength]
        chosen.extend(tied)
        judged = assess_link(analysis, tied[0])
        if judged.standing < strength:
            strength, reason = judged.standing, judged.reason
        confidence *= max(link_confidence(analysis, index) for index in candidates)
        for index in tied:
            late = late_cause(model, model.links[index])
            if late is not None:
                out_of_order = True
                reason = f"{late} certainly comes after {effect}"
    if out_of_order:
        confidence = 0.0
    return StepAssessment(causes, effects, strength, reason, tuple(chosen), out_of_order, confidence, position)


def assess_chain(analysis: CaseAnalysis, chain: ast.ChainDecl) -> ChainVerdict:
    """The chain's verdict, judged once per analysis."""
    cached = analysis.chain_verdicts.get(chain.name.text)
    if cached is None:
        cached = analysis.chain_verdicts[chain.name.text] = _assess_chain(analysis, chain)
    return cached


def _assess_chain(analysis: CaseAnalysis, chain: ast.ChainDecl) -> ChainVerdict:
    model = analysis.model
    step_names = [tuple(word.text for word in step) for step in chain.steps]
    assessments = tuple(
        assess_step(analysis, step_names[i], step_names[i + 1], i) for i in range(len(step_names) - 1)
    )
    weakest_first = tuple(sorted(assessments, key=lambda a: (a.confidence, a.strength, a.position)))
    weakest = weakest_first[0] if weakest_first else None
    support = [item for step in assessments for index in step.links for item in assess_link(analysis, index).support]
    traceable = [item for item in support if model.outlets_of(item)]
    independent = len(model.independent_groups(traceable))
    one_origin = independent == 1
    weak_nodes = _weak_nodes(analysis, step_names, assessments)
    confidence = 1.0
    for step in assessments:
        confidence *= step.confidence
    for _name, status in weak_nodes:
        confidence *= 0.0 if status == Label.REJECTED.value else (
            model.settings.undecided_weight if status == Label.UNDECIDED.value else 1.0
        )
    threshold = model.settings.low_confidence
    rejected_nodes = [name for name, status in weak_nodes if status == Label.REJECTED.value]
    reason = weakest.reason if weakest is not None else "the chain has no steps"
    if any(a.out_of_order or a.strength in BROKEN_STRENGTHS for a in assessments):
        verdict = "broken"
    elif rejected_nodes:
        verdict = "broken"
        name = rejected_nodes[0]
        reason = f"{model.kind_of(name)} {name} is rejected: {label_reason(analysis.labels, name)}"
    elif any(a.strength < Strength.SUPPORTED for a in assessments):
        verdict = "weak"
    elif weak_nodes:
        verdict = "weak"
        name, status = weak_nodes[0]
        reason = f"{model.kind_of(name)} {name} is {status}: {label_reason(analysis.labels, name)}"
    elif one_origin:
        verdict = "weak"
        shared = model.reporting.common_sources(item.source.text for item in traceable)
        reason = f"the whole chain rests on one source, {shared[0]}" if shared else (
            "the whole chain rests on reporting paths that share sources"
        )
    elif confidence < threshold:
        verdict = "weak"
        reason = f"its confidence, {confidence:.2f}, is below the low-confidence threshold {threshold:g}"
    else:
        verdict = "supported"
    return ChainVerdict(
        name=chain.name.text,
        steps=tuple(", ".join(step) for step in step_names),
        verdict=verdict,
        weakest=weakest,
        weakest_reason=reason,
        span=chain.span,
        assessments=assessments,
        confidence=confidence,
        weakest_first=weakest_first,
        weak_nodes=weak_nodes,
        independent=independent,
    )


def _weak_nodes(
    analysis: CaseAnalysis, step_names: list[tuple[str, ...]], assessments: tuple[StepAssessment, ...]
) -> tuple[tuple[str, str], ...]:
    """The chain's events and claims that are not accepted, in chain order, with their status.

    An effect that every link making it says was prevented is left out: that it
    did not happen is the chain's claim.
    """
    model = analysis.model
    prevented = set()
    for step in assessments:
        for effect in step.effects:
            making = [index for index in step.links if model.links[index].effect.text == effect]
            if making and all(model.is_prevention(model.links[index]) for index in making):
                prevented.add(effect)
    found = []
    for name in dict.fromkeys(name for step in step_names for name in step):
        if name in prevented or model.kind_of(name) not in CAUSAL_NODE_KINDS:
            continue
        status = analysis.labels.label(name)
        if status is not Label.ACCEPTED:
            found.append((name, status.value))
    return tuple(found)


def assess_chains(analysis: CaseAnalysis) -> list[ChainVerdict]:
    return [assess_chain(analysis, chain) for chain in analysis.model.chains.values()]
