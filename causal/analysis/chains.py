"""Chain verdicts: is each named narrative supported, weak or broken, and where is it weakest?"""

from __future__ import annotations

from attrs import frozen

from causal import ast
from causal.analysis.links import Strength, assess_link, late_cause
from causal.analysis.confidence import link_confidence
from causal.analysis import CaseAnalysis
from causal.spans import Span

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
    confidence: float = 0.0  # of the best link making it (causal.analysis.confidence); the weakest effect's for a joint step

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
    confidence: float = 0.0  # the weakest step's
    # The steps by confidence, weakest first: where an analyst should dig next.
    weakest_first: tuple[StepAssessment, ...] = ()


def assess_step(analysis: CaseAnalysis, causes: tuple[str, ...], effects: tuple[str, ...]) -> StepAssessment:
    model = analysis.model
    strength, reason = Strength.SUPPORTED, "supported by evidence"
    chosen: list[int] = []
    out_of_order = False
    confidence = 1.0
    for effect in effects:
        candidates = model.links_making(causes, effect)
        if not candidates:
            return StepAssessment(
                causes, effects, Strength.MISSING, f"no link makes {', '.join(causes)} -> {effect}", (), False
            )
        best_strength = max(assess_link(analysis, index).standing for index in candidates)
        tied = [index for index in candidates if assess_link(analysis, index).standing == best_strength]
        chosen.extend(tied)
        judged = assess_link(analysis, tied[0])
        if judged.standing < strength:
            strength, reason = judged.standing, judged.reason
        confidence = min(confidence, max(link_confidence(analysis, index) for index in candidates))
        for index in tied:
            late = late_cause(model, model.links[index])
            if late is not None:
                out_of_order = True
                reason = f"{late} certainly comes after {effect}"
    if out_of_order:
        confidence = 0.0
    return StepAssessment(causes, effects, strength, reason, tuple(chosen), out_of_order, confidence)


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
        assess_step(analysis, step_names[i], step_names[i + 1]) for i in range(len(step_names) - 1)
    )
    weakest = min(assessments, key=lambda a: (not a.out_of_order, a.strength), default=None)
    origins: set[str] = set()
    for assessment in assessments:
        for index in assessment.links:
            origins |= model.origins_of(assess_link(analysis, index).support)
    confidence = min((a.confidence for a in assessments), default=1.0)
    threshold = model.settings.low_confidence
    if any(a.out_of_order or a.strength in BROKEN_STRENGTHS for a in assessments):
        verdict = "broken"
    elif any(a.strength < Strength.SUPPORTED for a in assessments) or len(origins) == 1 or confidence < threshold:
        verdict = "weak"
    else:
        verdict = "supported"
    reason = weakest.reason if weakest is not None else "the chain has no steps"
    if verdict == "weak" and weakest is not None and weakest.strength == Strength.SUPPORTED:
        if len(origins) == 1:
            (origin,) = origins
            reason = f"the whole chain rests on one source, {origin}"
        else:
            reason = f"its confidence, {confidence:.2f}, is below the low-confidence threshold {threshold:g}"
    return ChainVerdict(
        name=chain.name.text,
        steps=tuple(", ".join(step) for step in step_names),
        verdict=verdict,
        weakest=weakest,
        weakest_reason=reason,
        span=chain.span,
        assessments=assessments,
        confidence=confidence,
        weakest_first=tuple(sorted(assessments, key=lambda a: (a.confidence, a.strength))),
    )


def assess_chains(analysis: CaseAnalysis) -> list[ChainVerdict]:
    return [assess_chain(analysis, chain) for chain in analysis.model.chains.values()]
