"""Rules about the evidence behind links and chains, and the sources behind the evidence (CX20x).

Link strength comes from `causal.analysis.links.assess_link` and chain support from
`causal.analysis.chains.assess_chain`, the same judgements the chain verdicts use, so a
finding and a verdict can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.chains import assess_chain
from causal.analysis.links import LinkAssessment, Strength, assess_link, judge_link
from causal.analysis.quotes import normalise
from causal.language import ast
from causal.model.case_model import Model
from causal.rules.base import Phase, Rule, runs_in
from causal.rules.findings import Finding, Severity, Subject, link_subject

UNSUPPORTED_LINK = Rule(
    name="unsupported-link",
    code="CX201",
    severity=Severity.ERROR,
    summary="A link with no evidence at all that is not marked `assumed`.",
    finds="""
        A link whose `because` names no evidence item and that no evidence
        `supports` by its label, and that does not say it is `assumed`.
        """,
    why="""
        A causal claim without evidence is an assertion. It may be the very
        thesis of the text under analysis; then say so with `assumed "REASON"`
        or silence the finding with `allow unsupported-link "REASON"`, so that
        the gap is deliberate and visible. A chain through an unsupported link
        is broken.
        """,
    example='''
        claim rift "Relations between Moscow and Tehran break down"
        event withdrawal "Putin pulls back" at 2016-03
        link rift -> withdrawal kind motivates
        ''',
    passing='''
        source debka "DEBKA Weekly" reliability C
        claim rift "Relations between Moscow and Tehran break down"
        event withdrawal "Putin pulls back" at 2016-03
        evidence pulled from debka credibility 2 quote "Putin pulled back because of the rift."
        link rift -> withdrawal kind motivates because pulled
        ''',
)

WEAK_SUPPORT = Rule(
    name="weak-support",
    code="CX202",
    severity=Severity.WARNING,
    summary="A link whose evidence is all low-grade.",
    finds="""
        A link with evidence, every item of which is low-grade: its source's
        effective reliability (the worst grade along `via`) is at or below the
        threshold (default E, so E and F count), or its credibility is at or
        below the threshold (default 5, so 5 and 6 count). Tune the thresholds
        with `set weak-support reliability X credibility N`. The message lists
        each item with its grades.
        """,
    why="""
        An unreliable source, or information its own source calls improbable,
        does not carry a causal claim: the link stands, but on weak ground, and
        a chain through it is at best weak.
        """,
    example='''
        source debka "DEBKA Weekly" reliability E
        claim rift "Relations between Moscow and Tehran break down"
        event withdrawal "Putin pulls back" at 2016-03
        evidence pulled from debka credibility 3
        link rift -> withdrawal because pulled
        ''',
    passing='''
        source tass "TASS" reliability C
        claim rift "Relations between Moscow and Tehran break down"
        event withdrawal "Putin pulls back" at 2016-03
        evidence pulled from tass credibility 3
        link rift -> withdrawal because pulled
        ''',
)

SINGLE_SOURCE = Rule(
    name="single-source",
    code="CX203",
    severity=Severity.WARNING,
    summary="A link or a chain whose evidence has no two independent reporting paths.",
    finds="""
        A link with evidence, no two items of which are independent: two
        reports are independent only when their reporting paths (the source,
        and every source `via` says carried its words) share no source. So
        one speaker relayed by several outlets is one origin, and so is a
        newsletter and the anonymous sources it reports. Also a chain whose
        steps' links (the best link of each step, as the chain verdict
        chooses them) together have no two independent reports. The message
        names the speaker or carrier every report goes through. Reported even
        when the link is also `weak-support`: the two say different things.
        Evidence from an undeclared source is not counted; sources reported
        via one another in a loop (`circular-reporting`) are one origin.
        """,
    why="""
        Three quotes from the same newsletter are one source, not three;
        "sources in Moscow" reported by that newsletter add nothing independent
        of it; and a Kremlin statement carried by AFP, AP and TASS is one
        speaker, however many outlets carry it. Without a second, independent
        origin the claim cannot be corroborated.
        """,
    example='''
        source debka "DEBKA Weekly" reliability C
        source moscow_dc "DEBKA's sources in Moscow" reliability C via debka
        claim rift "Relations between Moscow and Tehran break down"
        event withdrawal "Putin pulls back" at 2016-03
        evidence pulled from debka credibility 2
        evidence said from moscow_dc credibility 2
        link rift -> withdrawal because pulled, said
        ''',
    passing='''
        source debka "DEBKA Weekly" reliability C
        source tass "TASS" reliability C
        claim rift "Relations between Moscow and Tehran break down"
        event withdrawal "Putin pulls back" at 2016-03
        evidence pulled from debka credibility 2
        evidence said from tass credibility 2
        link rift -> withdrawal because pulled, said
        ''',
)

CIRCULAR_REPORTING = Rule(
    name="circular-reporting",
    code="CX204",
    severity=Severity.ERROR,
    summary="Sources reported `via` one another in a loop.",
    finds="""
        Sources whose `via` clauses lead back to where they started
        (`a via b`, `b via a`, or `a via a`). Each loop is reported once, at the
        source statement that closes it (the loop's last source in the file).
        """,
    why="""
        `via` leads from whoever said something to whoever carried it to us.
        In a loop each source cites the other, so none of them said it first:
        two papers quoting each other are one origin, never two witnesses.
        The sources of a loop count as one origin in `single-source` and in
        confidence, and the reliability along their path is the worst of them.
        """,
    example='''
        source debka "DEBKA Weekly" via moscow_dc
        source moscow_dc "DEBKA's sources in Moscow" via debka
        ''',
    passing='''
        source debka "DEBKA Weekly"
        source moscow_dc "DEBKA's sources in Moscow" via debka
        ''',
)


SHARED_WORDING = Rule(
    name="shared-wording",
    code="CX206",
    severity=Severity.WARNING,
    summary="Evidence from sources counted as independent quotes the very same words.",
    finds="""
        Two or more evidence items whose quotes are the same words, at least
        eight of them, after the typographic normalisation quotes are checked
        with (spacing, quote marks, dashes), from sources whose reporting paths
        share no source, so that the case counts them as independent. Each item
        is reported after the first, naming it; an item whose source is carried
        `via` the first one's is not, since the case already counts the two as
        one origin.
        """,
    why="""
        Two reporters who saw something independently describe it in their own
        words. The same sentence in two outlets is the mark of one origin
        copied: a press release, an agency wire, a story picked up without
        credit. Counted as independent, the two reports corroborate each other,
        raise the confidence of what they support and keep `single-source`
        silent, when they are one report. If the copying is known, say so with
        `via` (`source paper "..." via wire`); if the words are a stock phrase,
        quote what each outlet says in its own words. This is a heuristic, and
        the threshold of eight words is ours: identical wording is strong
        evidence of a common origin, not proof of one.
        """,
    example='''
        source tass "TASS" reliability B
        source ria "RIA Novosti" reliability B
        event withdrawal "Putin pulls back" at 2016-03
        evidence tass_report from tass credibility 2
          quote "the main part of our military contingent will start to withdraw"
          supports withdrawal
        evidence ria_report from ria credibility 2
          quote "The main part of our military contingent will start to withdraw"
          supports withdrawal
        ''',
    passing='''
        source tass "TASS" reliability B
        source ria "RIA Novosti" reliability B via tass
        event withdrawal "Putin pulls back" at 2016-03
        evidence tass_report from tass credibility 2
          quote "the main part of our military contingent will start to withdraw"
          supports withdrawal
        evidence ria_report from ria credibility 2
          quote "the main part of our military contingent will start to withdraw"
          supports withdrawal
        ''',
)

# Fewer words than this are too often a stock phrase that two outlets write alike on their own.
SHARED_WORDING_MIN_WORDS = 8


@runs_in(Phase.MODEL)
def check_shared_wording(model: Model) -> Iterator[Finding]:
    by_wording: dict[str, list[ast.EvidenceDecl]] = {}
    for item in model.evidence.values():
        if item.quote is None or not model.outlets_of(item):
            continue
        wording = normalise(item.quote.value).casefold()
        if len(wording.split()) >= SHARED_WORDING_MIN_WORDS:
            by_wording.setdefault(wording, []).append(item)
    for items in by_wording.values():
        first, first_outlets = items[0], model.outlets_of(items[0])
        for item in items[1:]:
            if model.outlets_of(item).isdisjoint(first_outlets):
                yield SHARED_WORDING.finding(
                    item.quote.span,
                    f"evidence {item.name.text} (from {item.source.text}) quotes the same words as "
                    f"{first.name.text} (from {first.source.text}), yet the two count as independent",
                    f"If {item.source.text} took the words from {first.source.text} or from a common origin, say "
                    f"so with `via`; otherwise quote what each source says in its own words.",
                    Subject("name", (item.name.text,)),
                )


# How many `via` hops a message spells out before eliding to the origin.
MAX_HOPS_SHOWN = 4
# How many evidence items or paths a message lists before "and N more".
MAX_LISTED = 6


@runs_in(Phase.ANALYSIS)
def check(analysis: CaseAnalysis) -> Iterator[Finding]:
    model = analysis.model
    # Chains first: their verdicts keep the judgements of their links, which the pass over
    # every link below then finds kept instead of judging them a second time.
    for chain in model.chains.values():
        finding = _single_source_chain(analysis, chain)
        if finding is not None:
            yield finding
    for index, link in enumerate(model.links):
        judged = judge_link(analysis, index)
        subject = link_subject(tuple(w.text for w in link.causes), link.effect.text, _label(link))
        if judged.strength is Strength.UNSUPPORTED:
            yield _unsupported(link, subject, judged)
        elif judged.strength is Strength.WEAK:
            yield _weak(model, link, subject, judged)
        if judged.independent == 1:
            yield _single_source_link(model, link, subject, judged)
    yield from _check_circular_reporting(model)


def _label(link: ast.LinkDecl) -> str | None:
    return link.label.text if link.label is not None else None


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    rest = len(items) - MAX_LISTED
    return shown + (f" and {rest} more" if rest > 0 else "")


def _unsupported(link: ast.LinkDecl, subject: Subject, judged: LinkAssessment) -> Finding:
    label = link.label.text if link.label is not None else "NAME"
    if judged.rejected_support:
        names = _listed([item.name.text for item in judged.rejected_support])
        message = f"link {subject} has no evidence that stands: {names} rejected by an attack"
    else:
        message = f"link {subject} has no evidence"
    return UNSUPPORTED_LINK.finding(
        link.span,
        message,
        f"Name evidence with `because EVIDENCE`, or label the link (`link {label}: ...`) and write "
        f"`supports {label}` on evidence; if the case accepts it without evidence, add `assumed \"REASON\"`.",
        subject,
    )


def _path_text(model: Model, source_name: str) -> str:
    """`putin_words via moscow_dc via debka`, `kremlin via afp, ap`: a source and its carriers, hop by hop."""
    return model.reporting.describe(source_name, MAX_HOPS_SHOWN)


def _grades(model: Model, item: ast.EvidenceDecl) -> str:
    where = "no source" if item.source is None else _path_text(model, item.source.text)
    return f"{item.name.text} ({where}, graded {model.grades_of(item)})"


def _weak(model: Model, link: ast.LinkDecl, subject: Subject, judged: LinkAssessment) -> Finding:
    items = [_grades(model, item) for item in judged.support]
    return WEAK_SUPPORT.finding(
        link.span,
        f"all support for {subject} is low-grade: {_listed(items)}",
        f"Add evidence graded better than reliability {model.weak_reliability} and credibility "
        f"{model.weak_credibility}; if these grades are good enough for this case, change the "
        "thresholds with `set weak-support reliability X credibility N`.",
        subject,
    )


def _shared_phrase(model: Model, support: Iterable[ast.EvidenceDecl]) -> tuple[str, str]:
    """(what the message names, who the help names): the speaker or carrier every report goes through."""
    sources = [item.source.text for item in support if item.source is not None and model.outlets_of(item)]
    shared = model.reporting.common_sources(sources)
    paths = [_path_text(model, name) for name in dict.fromkeys(sources)]
    if not shared:
        outlets = sorted({outlet for name in sources for outlet in model.reporting.outlets[name]})
        named = ", ".join(outlets)
        return f"reporting paths that share sources ({'; '.join(paths[:MAX_LISTED])})", named
    first = shared[0]
    carried = shared[1:]
    what = first if not carried else f"{first}, carried by {', '.join(carried[:MAX_LISTED])}"
    if set(sources) == {first}:  # one speaker: its carriers say all there is to say
        return what, first
    return f"{what} ({'; '.join(paths[:MAX_LISTED])}{' ...' if len(paths) > MAX_LISTED else ''})", first


def _single_source_link(model: Model, link: ast.LinkDecl, subject: Subject, judged: LinkAssessment) -> Finding:
    phrase, named = _shared_phrase(model, judged.support)
    return SINGLE_SOURCE.finding(
        link.span,
        f"all support for {subject} traces back to {phrase}",
        f"Find evidence for the link from a source independent of {named}.",
        subject,
    )


def _single_source_chain(analysis: CaseAnalysis, chain: ast.ChainDecl) -> Finding | None:
    model = analysis.model
    verdict = assess_chain(analysis, chain)
    if verdict.independent != 1:  # counted by the verdict, on the same support
        return None
    support: list[ast.EvidenceDecl] = []
    for step in verdict.assessments:
        for index in step.links:
            support.extend(assess_link(analysis, index).support)
    traceable = [item for item in dict.fromkeys(support) if model.outlets_of(item)]
    if len(model.independent_groups(traceable)) != 1:
        return None
    phrase, named = _shared_phrase(model, traceable)
    name = chain.name.text
    return SINGLE_SOURCE.finding(
        chain.span,
        f"all support for chain {name} traces back to {phrase}",
        f"Support at least one step of the chain with evidence from a source independent of {named}.",
        Subject("chain", (name,)),
    )


def _check_circular_reporting(model: Model) -> Iterator[Finding]:
    """The loops were found once, with the reporting paths (causal.model.reporting)."""
    position = {name: i for i, name in enumerate(model.sources)}
    for loop in model.reporting.loops:
        closer = max(loop, key=position.__getitem__)
        ordered = _loop_order(model, loop, closer)
        shown = " via ".join([*ordered, closer])
        yield CIRCULAR_REPORTING.finding(
            model.sources[closer].span,
            f"sources are reported via one another in a loop: {shown}",
            f"`via` leads from whoever said it to whoever carried it; remove or correct the `via` on {closer}.",
            Subject("group", tuple(ordered)),
        )


def _loop_order(model: Model, loop: tuple[str, ...], closer: str) -> list[str]:
    """The loop's sources from ``closer`` along `via` (first carrier in the loop each time)."""
    members = set(loop)
    ordered = [closer]
    placed = {closer}  # the same names as `ordered`, for look-ups in constant time
    current = closer
    while True:
        following = next((c for c in model.reporting.carriers[current] if c in members), None)
        if following is None or following in placed:
            break
        ordered.append(following)
        placed.add(following)
        current = following
    ordered += [name for name in loop if name not in placed]
    return ordered
