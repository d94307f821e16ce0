"""Rules about attacks and what survives them (CX41x).

The labels come from causal.analysis.labels (the case's defeat graph, solved
once per analysis); these rules only report them.
"""

from __future__ import annotations

from collections.abc import Iterator

from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.labels import Label, argument_kind, label_reason
from causal.inputs.spans import FILE_START
from causal.language import ast
from causal.model.case_model import Model
from causal.rules.base import Phase, Rule, runs_in
from causal.rules.findings import Finding, Severity, Subject, link_subject

REJECTED_ITEM = Rule(
    name="rejected-item",
    code="CX411",
    severity=Severity.WARNING,
    summary="An item that the case's own attacks defeat: it is labelled rejected.",
    finds="""
        An event, claim, evidence item, source or link that is rejected under
        the case's semantics (grounded unless `set semantics` or `--semantics`
        says otherwise): an attacker of it stands and defeats it. Attacks are
        written with `rebuts`, `undercuts` and `undermines`; an attack on a
        link's cause or effect, or on an evidence item's source, also attacks
        the link or the evidence (docs/language.md, "Attacks and
        acceptability"). Under the default preferences a rebuttal, an
        undermining or a side of a contradiction defeats only what is not
        stronger than its attacker; an undercut always does. Rejected evidence
        no longer counts as support, and a chain through a rejected link is
        broken.
        """,
    why="""
        The case says, through its own counter-evidence, that this item does
        not hold. Whatever rests on it is weaker than it looks; `causal
        explain FILE ITEM` shows the attack and what stands behind it.
        """,
    example='''
        source tass "TASS" reliability B
        claim promise "Iran promised ground troops"
        evidence denial from tass credibility 2 rebuts promise
        ''',
    passing='''
        source tass "TASS" reliability B
        source irna "IRNA" reliability B
        claim promise "Iran promised ground troops"
        claim no_promise "Iran promised nothing"
        evidence report from irna credibility 2 supports promise
        evidence denial from tass credibility 2 supports no_promise
        contradiction promised: promise vs no_promise
        ''',
)

UNSUPPORTED_ATTACK = Rule(
    name="unsupported-attack",
    code="CX412",
    severity=Severity.WARNING,
    summary="A claim attacks another item but nothing supports the claim.",
    finds="""
        A claim with `rebuts`, `undercuts` or `undermines` that no evidence
        `supports`. Such a claim has no strength: its rebuttals and
        underminings defeat only items with no support either, but its
        undercuts always succeed, and with `set preferences none` every one
        of its attacks does, so one bare assertion can defeat an item backed
        by evidence.
        """,
    why="""
        An attack is only as good as the reason behind it. Give the claim
        evidence, or turn the attack into an evidence item with a source, so
        that what defeats what is grounded in something a reader can check.
        """,
    example='''
        claim promise "Iran promised ground troops"
        claim no_promise "Iran promised nothing" rebuts promise
        ''',
    passing='''
        source tass "TASS" reliability B
        claim promise "Iran promised ground troops"
        claim no_promise "Iran promised nothing" rebuts promise
        evidence denial from tass credibility 2 supports no_promise
        ''',
)

NO_STABLE_EXTENSION = Rule(
    name="no-stable-extension",
    code="CX413",
    severity=Severity.WARNING,
    summary="Stable semantics was asked for, and the case's framework has no stable extension.",
    finds="""
        A case checked under stable semantics whose attacks admit no stable
        extension (an odd cycle of attacks, for example an item that attacks
        itself through a contradiction with something that rests on it).
        Every item is then labelled undecided.
        """,
    why="""
        Under stable semantics such a case says nothing about any item, which
        hides every other label. Check the attacks that form the odd cycle,
        or use preferred semantics, which always has an extension.
        """,
    example='''
        set semantics stable
        claim a "A" rebuts b
        claim b "B" rebuts c
        claim c "C" rebuts a
        ''',
    passing='''
        set semantics preferred
        claim a "A" rebuts b
        claim b "B" rebuts c
        claim c "C" rebuts a
        ''',
)

LABELS_TIME_LIMIT = Rule(
    name="labels-time-limit",
    code="CX414",
    severity=Severity.WARNING,
    summary="The labels under the semantics asked for took longer than the time limit; grounded labels are shown.",
    finds="""
        A case checked under complete, preferred or stable semantics whose
        framework of defeats could not be labelled within the time limit
        (`set time-limit`, `--time-limit`, 60 seconds unless set). The case is
        then labelled under grounded semantics, and this finding names the
        semantics and the size of the framework.
        """,
    why="""
        Preferred and stable labels are hard problems: a large tangle of
        mutual attacks can take longer than anyone will wait, and a check that
        hangs tells the analyst nothing. Grounded labels are what every
        complete extension agrees on, so they accept and reject nothing that
        the semantics asked for would not; they only leave more items
        undecided. Give the check more time, or split the tangle of attacks.
        """,
    example='''
        set semantics preferred
        set time-limit 0.000001
        source tass "TASS" reliability B
        claim a "A" rebuts b
        claim b "B" rebuts a
        evidence for_a from tass credibility 2 supports a
        evidence for_b from tass credibility 2 supports b
        ''',
    passing='''
        set semantics preferred
        source tass "TASS" reliability B
        claim a "A" rebuts b
        claim b "B" rebuts a
        evidence for_a from tass credibility 2 supports a
        evidence for_b from tass credibility 2 supports b
        ''',
)



@runs_in(Phase.ANALYSIS)
def check(analysis: CaseAnalysis) -> Iterator[Finding]:
    model = analysis.model
    acceptability = analysis.labels
    if not acceptability.has_extension:
        yield NO_STABLE_EXTENSION.finding(
            _setting_span(model),
            "the case's attacks admit no stable extension, so every item is undecided",
            "Look for an odd cycle of attacks, or use `set semantics preferred`.",
        )
    if acceptability.timed_out:
        framework = acceptability.framework
        yield LABELS_TIME_LIMIT.finding(
            _setting_span(model),
            f"labels under {acceptability.semantics} semantics took longer than the time limit of "
            f"{model.settings.time_limit:g} s, on {len(framework):,} arguments and {framework.attack_count:,} "
            "defeats; the labels shown are grounded ones",
            f"Give it more time with `set time-limit {_more_time(model.settings.time_limit)}` or "
            "`--time-limit`, or use `set semantics grounded`.",
        )
    # Only items that take part in an attack can be rejected.
    for item, label in acceptability.involved_labels.items():
        if label is Label.REJECTED:
            index = acceptability.attacked_links.get(item)
            yield _rejected(analysis, item, argument_kind(model, item) if index is None else "link", index)
    for name, claim in model.claims.items():
        if (claim.rebuts or claim.undercuts or claim.undermines) and not model.evidence_for.get(name):
            yield UNSUPPORTED_ATTACK.finding(
                claim.name.span,
                f"claim `{name}` attacks {_targets(claim)} but nothing supports it",
                f"Add evidence with `supports {name}`, or make the attack an evidence item with a source.",
                Subject("name", (name,)),
            )


def _targets(claim: ast.ClaimDecl) -> str:
    return ", ".join(word.text for word in (*claim.rebuts, *claim.undercuts, *claim.undermines))


def _rejected(analysis: CaseAnalysis, item: str, kind: str, index: int | None = None) -> Finding:
    model = analysis.model
    reason = label_reason(analysis.labels, item)
    help = "`causal explain` shows why; if the attack is wrong, answer it with evidence that `undermines` the attacker."
    if kind == "link":
        link = model.links[model.link_index(item) if index is None else index]
        subject = link_subject(
            tuple(word.text for word in link.causes), link.effect.text, link.label.text if link.label else None
        )
        return REJECTED_ITEM.finding(link.span, f"link {subject} is rejected: {reason}", help, subject)
    declaration = model.declarations[item]
    return REJECTED_ITEM.finding(
        declaration.name.span, f"{kind} `{item}` is rejected: {reason}", help, Subject("name", (item,))
    )


def _more_time(seconds: float) -> str:
    return f"{min(seconds * 10, 86_400):g}"


def _setting_span(model: Model):
    for statement in reversed(model.set_statements):
        if statement.rule.text == "semantics":
            return statement.span
    return FILE_START
