"""Rules about the case file's instructions to the checker: `expect`, `allow` and `set` (CX9xx).

Unlike the other checks, these run on the other rules' findings: they are the
`Phase.SETTLE` steps, which the pipeline runs last.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from causal.analysis.chains import ChainVerdict
from causal.language import ast
from causal.language.suggestions import did_you_mean
from causal.rules.base import Phase, Rule, Settling, runs_in
from causal.rules.findings import Finding, Severity, Subject
from causal.rules.input import VERDICTS

EXPECTATION_FAILED = Rule(
    name="expectation-failed",
    code="CX901",
    severity=Severity.ERROR,
    summary="An `expect` line that the checker's findings or verdicts do not bear out.",
    finds="""
        An `expect RULE on TARGET` with no such finding, an `expect no RULE`
        with one, or an `expect chain NAME is VERDICT` whose chain gets another
        verdict.
        """,
    why="""
        Expectations make a case file test itself: when the case or the
        checker changes, a finding the analyst relied on appearing or vanishing
        is reported instead of passing unnoticed.
        """,
    example='''
        event a "A" at 2015
        event b "B" at 2016
        link a -> b assumed "for the example"
        expect unsupported-link on a -> b
        ''',
    passing='''
        event a "A" at 2015
        event b "B" at 2016
        link a -> b
        expect unsupported-link on a -> b
        ''',
)

UNUSED_ALLOW = Rule(
    name="unused-allow",
    code="CX902",
    severity=Severity.WARNING,
    summary="An `allow` clause that silences no finding.",
    finds="""
        An `allow RULE "reason"` on a statement where that rule finds nothing.
        """,
    why="""
        A stale `allow` hides nothing today but would silently hide a new
        finding tomorrow; removing it keeps silencing deliberate.
        """,
    example='''
        event a "A" at 2015
        event b "B" at 2016
        link a -> b assumed "for the example" allow unsupported-link "not needed"
        ''',
    passing='''
        event a "A" at 2015
        event b "B" at 2016
        link a -> b allow unsupported-link "the text asserts it; kept to show that"
        ''',
)

UNKNOWN_RULE = Rule(
    name="unknown-rule",
    code="CX903",
    severity=Severity.ERROR,
    summary="`expect` or `allow` names a rule that does not exist.",
    finds="""
        A rule name in an `expect` or `allow` that is not in the rule
        table; a close match is suggested.
        """,
    why="""
        A misspelt rule name would make an expectation or a silencing mean
        nothing, without any sign.
        """,
    example='''
        expect unsuported-link
        ''',
    passing='''
        expect no unsupported-link
        ''',
)



def check_rule_references(case: ast.CaseFile, known: set[str]) -> Iterator[Finding]:
    for statement in case.statements:
        words = [allow.rule for allow in statement.allows]
        if isinstance(statement, ast.FindingExpectation):
            words.append(statement.rule)
        for word in words:
            if word.text not in known:
                yield UNKNOWN_RULE.finding(
                    word.span,
                    f"there is no rule named `{word.text}`",
                    "`causal rules` lists every rule." + did_you_mean(word.text, known),
                    Subject("name", (word.text,)),
                )


def apply_allows(
    case: ast.CaseFile, findings: list[Finding], known: set[str]
) -> tuple[list[Finding], list[Finding]]:
    """Drop findings silenced by `allow`; return the rest and the unused-allow findings.

    An `allow` naming an unknown rule is left to `unknown-rule`.
    """
    # Findings by rule, in position order, so each `allow` looks only at its rule's
    # findings from its statement's start on: linear in findings plus allows.
    by_rule: dict[str, list[int]] = {}
    for index in sorted(range(len(findings)), key=lambda i: _start(findings[i])):
        by_rule.setdefault(findings[index].rule, []).append(index)
    silenced: set[int] = set()
    unused: list[Finding] = []
    # Statements come in file order, so each rule's first candidate only moves forward:
    # one cursor per rule walks its findings once, however many `allow` lines name the rule.
    cursor: dict[str, tuple[tuple[int, int], int]] = {}  # rule -> (the statement start it is at, position)
    for statement in case.statements:
        for allow in statement.allows:
            candidates = by_rule.get(allow.rule.text, [])
            begin = _start_of(statement.span)
            at, first = cursor.get(allow.rule.text, ((0, 0), 0))
            if begin < at:  # never for a parsed case; kept correct for any order
                first = 0
            while first < len(candidates) and _start(findings[candidates[first]]) < begin:
                first += 1
            cursor[allow.rule.text] = (begin, first)
            hits = []
            end = (statement.span.end_line, statement.span.end_column)
            # By position, not a slice: a slice would copy every later finding for each `allow`.
            for position in range(first, len(candidates)):
                index = candidates[position]
                if _start(findings[index]) > end:
                    break
                if statement.span.contains(findings[index].span):
                    hits.append(index)
            silenced.update(hits)
            if not hits and allow.rule.text in known:
                unused.append(
                    UNUSED_ALLOW.finding(
                        allow.span,
                        f"`allow {allow.rule.text}` silences nothing on this statement",
                        "Remove the `allow` clause, or move it to the statement the finding is on.",
                    )
                )
    kept = [f for i, f in enumerate(findings) if i not in silenced]
    return kept, unused


def _start(finding: Finding) -> tuple[int, int]:
    return (finding.span.line, finding.span.column)


def _start_of(span) -> tuple[int, int]:
    return (span.line, span.column)


def target_matches(target: ast.Target | None, subject: Subject) -> bool:
    if target is None:
        return True
    if isinstance(target, ast.ChainTarget):
        return subject.kind == "chain" and subject.names[:1] == (target.name.text,)
    if isinstance(target, ast.LinkTarget):
        return (
            subject.kind == "link"
            and subject.names[-1] == target.effect.text
            and {w.text for w in target.causes} <= set(subject.names[:-1])
        )
    name = target.name.text
    return name in _named(subject) or subject.label == name


def _named(subject: Subject) -> tuple[str, ...]:
    """The names a plain name target may match: a finding about one declaration (kind ``name``)
    matches only its main name, the first, so `expect better-explanation on H` is not met by the
    finding about a rival that merely names H; links, chains and groups match any of their names."""
    return subject.names[:1] if subject.kind == "name" else subject.names


def _match_keys(subject: Subject) -> Iterator[object]:
    """Keys under which a target may find this subject (see `target_matches`)."""
    yield None  # no target: any finding of the rule
    yield from _named(subject)  # a name target: the names it may match
    if subject.label is not None:
        yield subject.label
    if subject.kind == "chain":
        yield ("chain", subject.names[0])
    elif subject.kind == "link":
        # A link target names some of the causes and the effect: keyed by each cause with the
        # effect, so the targets on one link into a hub look only at the findings on that link.
        effect = subject.names[-1]
        for cause in dict.fromkeys(subject.names[:-1]):
            yield ("link", cause, effect)


def _target_key(target: ast.Target | None) -> object:
    if target is None:
        return None
    if isinstance(target, ast.ChainTarget):
        return ("chain", target.name.text)
    if isinstance(target, ast.LinkTarget):
        return ("link", target.causes[0].text, target.effect.text)
    return target.name.text


def describe_target(target: ast.Target | None) -> str:
    if target is None:
        return ""
    if isinstance(target, ast.ChainTarget):
        return f" on chain {target.name.text}"
    if isinstance(target, ast.LinkTarget):
        return f" on {', '.join(w.text for w in target.causes)} -> {target.effect.text}"
    return f" on {target.name.text}"


def match_expectations(
    case: ast.CaseFile,
    findings: list[Finding],
    verdicts: list[ChainVerdict],
    known: set[str],
) -> tuple[list[Finding], list[Finding]]:
    """Mark the findings that expectations name; return them and the failed expectations."""
    expected: set[int] = set()
    failed: list[Finding] = []
    verdict_of = {v.name: v for v in verdicts}
    # Findings indexed by rule and by every key a target could match them on,
    # so matching all expectations stays linear in findings plus expectations.
    by_key: dict[tuple[str, object], list[int]] = {}
    for index, finding in enumerate(findings):
        for key in _match_keys(finding.subject):
            by_key.setdefault((finding.rule, key), []).append(index)
    # Expectations that say the same thing share their hits (targets compare without their
    # positions), so many `expect RULE` lines cost one pass over that rule's findings, not one each.
    hits_of: dict[tuple[str, object], list[int]] = {}
    applied: set[tuple[str, object]] = set()
    for statement in case.statements:
        if isinstance(statement, ast.FindingExpectation):
            rule = statement.rule.text
            if rule not in known:
                continue  # reported as unknown-rule
            asked = (rule, statement.target)
            hits = hits_of.get(asked)
            if hits is None:
                candidates = by_key.get((rule, _target_key(statement.target)), ())
                hits = hits_of[asked] = [
                    i for i in dict.fromkeys(candidates) if target_matches(statement.target, findings[i].subject)
                ]
            where = describe_target(statement.target)
            if statement.negated and hits:
                first = findings[hits[0]]
                failed.append(
                    EXPECTATION_FAILED.finding(
                        statement.span,
                        f"expected no {rule}{where}, but line {first.span.line} has one: {first.message}",
                        "Fix what the finding points at, or drop this expectation if the finding is right.",
                    )
                )
            elif not statement.negated and not hits:
                failed.append(
                    EXPECTATION_FAILED.finding(
                        statement.span,
                        f"expected {rule}{where}, but the checker found none",
                        "Check the target's spelling and the rule's definition (`causal rules "
                        f"{rule}`); remove the expectation if the case no longer has the problem.",
                    )
                )
            elif not statement.negated and asked not in applied:
                applied.add(asked)
                expected.update(hits)
        elif isinstance(statement, ast.VerdictExpectation):
            verdict = verdict_of.get(statement.chain.text)
            if verdict is None or statement.verdict.text not in VERDICTS:
                continue  # reported as undefined-name or invalid-value
            if verdict.verdict != statement.verdict.text:
                failed.append(
                    EXPECTATION_FAILED.finding(
                        statement.span,
                        f"chain {verdict.name} is {verdict.verdict}, not {statement.verdict.text}: "
                        f"{verdict.weakest_reason}",
                        "Strengthen or correct the chain, or update the expected verdict.",
                        Subject("chain", (verdict.name,)),
                    )
                )
    marked = [attrs.evolve(f, expected=True) if i in expected else f for i, f in enumerate(findings)]
    return marked, failed


# The settling steps, in the order they run: unknown rule names are reported before `allow` lines
# are applied (so an `allow` of an unknown rule silences nothing), and expectations are matched last,
# against everything that is left, unused `allow` lines included.


@runs_in(Phase.SETTLE)
def report_unknown_rules(settling: Settling) -> tuple[list[Finding], list[Finding]]:
    return settling.findings, list(check_rule_references(settling.case, settling.known))


@runs_in(Phase.SETTLE)
def settle_allows(settling: Settling) -> tuple[list[Finding], list[Finding]]:
    return apply_allows(settling.case, settling.findings, settling.known)


@runs_in(Phase.SETTLE)
def settle_expectations(settling: Settling) -> tuple[list[Finding], list[Finding]]:
    return match_expectations(settling.case, settling.findings, list(settling.verdicts), settling.known)
