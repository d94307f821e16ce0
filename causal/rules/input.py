"""Rules about reading and parsing a case file (codes CX0xx).

The readers (causal.inputs.case_files) and the parser (causal.language.parser)
hand on `Problem` records, which `finding_of` turns into findings of these
rules; `check_values` validates the bare values the grammar lets through.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from causal.inputs import problems
from causal.inputs.problems import Problem
from causal.language import ast
from causal.model.grades import CREDIBILITY_GRADES, RELIABILITY_GRADES
from causal.model.settings import SettingError, Settings, apply_statement, problem_span
from causal.model.times import ParsedDates
from causal.rules.base import CaseValues, Phase, Rule, runs_in
from causal.rules.findings import Finding, Severity

SYNTAX_ERROR = Rule(
    name="syntax-error",
    code="CX001",
    severity=Severity.ERROR,
    summary="The text does not follow the case language's grammar.",
    finds="""
        Text the parser cannot read as statements: a missing quote, a link
        without `->`, a chain without a colon, a stray character.
        """,
    why="""
        Nothing after the first syntax error can be checked, so every other rule
        is silent until it is fixed.
        """,
    example='''
        link a => b
        ''',
    passing='''
        event a "A" at 2015
        event b "B" at 2016
        link a -> b assumed "for the example"
        ''',
)

INPUT_ERROR = Rule(
    name="input-error",
    code="CX002",
    severity=Severity.ERROR,
    summary="A case file cannot be read: missing, a folder, not UTF-8, binary, or too large.",
    finds="""
        Input that is not a readable UTF-8 text file: a path that does not exist
        or cannot be opened, bytes that are not UTF-8 (the position of the first
        bad byte is given), a file with NUL bytes, an empty file, or a file over
        the size limit.
        """,
    why="""
        The checker must say why it read nothing instead of failing silently or
        with a traceback. Files it cannot read make `causal check` exit with 2.
        """,
    example="""
        (an empty file)
        """,
    passing="""
        case "A readable case"
        """,
)

MISPLACED_CLAUSE = Rule(
    name="misplaced-clause",
    code="CX003",
    severity=Severity.ERROR,
    summary="A clause that its statement does not take, given twice, or missing.",
    finds="""
        A clause on a statement that does not take it (`credibility` on an
        event), a clause given twice (`at` twice), both readings of a time
        (`at` and `during` on one event or claim), or a required clause left
        out (evidence without `from`).
        """,
    why="""
        The grammar accepts clauses in any order so that statements read
        naturally; this rule keeps each statement's meaning unambiguous.
        """,
    example='''
        event a "A" credibility 3
        ''',
    passing='''
        source s "S"
        evidence e from s credibility 3 quote "q"
        ''',
)

INVALID_VALUE = Rule(
    name="invalid-value",
    code="CX004",
    severity=Severity.ERROR,
    summary="A value outside its range: a date, a grade, a kind, a verdict, an escape.",
    finds="""
        A date that does not exist (`2016-02-30`), a time range that ends before
        it starts, a reliability grade other than A-F, a credibility other than
        1-6, an unknown link kind or chain verdict, an unknown string escape, or
        a `prior` or `likelihood` that is not a positive, finite number (or a
        second likelihood for the same hypothesis on one evidence item).
        """,
    why="""
        A value the checker cannot interpret would otherwise be ignored, and the
        rules that depend on it (temporal order, weak support) would be silent.
        """,
    example='''
        event a "A" at 2016-02-30
        ''',
    passing='''
        event a "A" at 2016-02-29
        ''',
)


_RULE_OF_PROBLEM = {
    problems.SYNTAX: SYNTAX_ERROR,
    problems.UNREADABLE: INPUT_ERROR,
    problems.MISPLACED_CLAUSE: MISPLACED_CLAUSE,
    problems.INVALID_VALUE: INVALID_VALUE,
}


def finding_of(problem: Problem) -> Finding:
    """The finding that reports a reader's or the parser's problem."""
    return _RULE_OF_PROBLEM[problem.rule].finding(problem.span, problem.message, problem.help)


LINK_KINDS = ("causes", "enables", "prevents", "triggers", "motivates")
VERDICTS = ("supported", "weak", "broken")


@runs_in(Phase.VALUES)
def check_values(values: CaseValues) -> Iterator[Finding]:
    for statement in values.case.statements:
        yield from _statement_values(statement, values.dates)


def _bad(word: ast.Word, message: str, help: str) -> Finding:
    return INVALID_VALUE.finding(word.span, message, help)


def _statement_values(statement: ast.Statement, dates: ParsedDates) -> Iterator[Finding]:
    reliability = getattr(statement, "reliability", None)
    if reliability is not None and reliability.text not in RELIABILITY_GRADES:
        yield _bad(
            reliability,
            f"`{reliability.text}` is not a reliability grade",
            "Use an Admiralty grade: A (completely reliable) to E (unreliable), or F (cannot be judged).",
        )
    credibility = getattr(statement, "credibility", None)
    if credibility is not None and credibility.value not in CREDIBILITY_GRADES:
        shown = credibility.value if math.isfinite(credibility.value) else "(a number too large to use)"
        yield INVALID_VALUE.finding(
            credibility.span,
            f"credibility {shown} is out of range",
            "Use 1 (confirmed) to 5 (improbable), or 6 (cannot be judged).",
        )
    if isinstance(statement, ast.LinkDecl) and statement.kind is not None:
        if statement.kind.text not in LINK_KINDS:
            yield _bad(
                statement.kind,
                f"`{statement.kind.text}` is not a kind of link",
                "Use one of: " + ", ".join(LINK_KINDS) + ".",
            )
    if isinstance(statement, ast.VerdictExpectation) and statement.verdict.text not in VERDICTS:
        yield _bad(
            statement.verdict,
            f"`{statement.verdict.text}` is not a chain verdict",
            "Use one of: " + ", ".join(VERDICTS) + ".",
        )
    if isinstance(statement, ast.CaseHeader) and statement.date is not None:
        if dates.bounds(statement.date.text) is None:
            yield _bad(statement.date, f"{statement.date.text} is not a date", "Use an existing date, YYYY-MM-DD.")
    if isinstance(statement, (ast.EventDecl, ast.ClaimDecl)) and statement.time is not None:
        yield from _time_values(statement.time, dates)
    if isinstance(statement, ast.HypothesisDecl) and statement.prior is not None:
        yield from _probability_value(statement.prior, f"the prior of {statement.name.text}")
    if isinstance(statement, ast.EvidenceDecl) and statement.likelihoods:
        given: set[str] = set()
        for likelihood in statement.likelihoods:
            hypothesis = likelihood.hypothesis.text
            if hypothesis in given:
                yield INVALID_VALUE.finding(
                    likelihood.value.span,
                    f"{statement.name.text} gives a second likelihood for {hypothesis}; the first one counts",
                    f"Give one `likelihood {hypothesis} NUMBER`: P({statement.name.text} | {hypothesis}).",
                )
                continue
            given.add(hypothesis)
            yield from _probability_value(likelihood.value, f"the likelihood of {statement.name.text} under {hypothesis}")
    if isinstance(statement, ast.Setting):
        try:
            apply_statement(Settings(), statement)
        except SettingError as error:
            yield INVALID_VALUE.finding(problem_span(statement, error), error.message, error.help)


def usable_number(number: ast.Number) -> bool:
    """Whether a prior or likelihood is positive and finite (a number too long to read is infinite)."""
    value = number.value
    return not isinstance(value, bool) and value > 0 and math.isfinite(value)


def _probability_value(number: ast.Number, what: str) -> Iterator[Finding]:
    if usable_number(number):
        return
    value = number.value
    if not math.isfinite(value):
        shown, why = "a number too large to use", "Write a relative weight of a sensible size; only ratios matter."
    elif value == 0:
        shown = "0"
        why = (
            "0 says the evidence is impossible under that hypothesis, which no evidence can show; "
            "use a small positive number (only ratios matter)."
        )
    else:
        shown, why = f"{value}", "Priors and likelihoods are positive numbers; only ratios matter."
    yield INVALID_VALUE.finding(number.span, f"{what} is {shown}: it must be a positive number", why)


def _time_values(time: ast.Time, dates: ParsedDates) -> Iterator[Finding]:
    bounds = []
    for word in (time.start, time.end):
        if word is None:
            bounds.append(None)
            continue
        found = dates.bounds(word.text)
        if found is None:
            yield _bad(word, f"{word.text} is not a date", "Check the month and day: the date must exist.")
            return
        bounds.append(found)
    start, end = bounds
    if start is not None and end is not None and start[0] > end[1]:
        yield INVALID_VALUE.finding(
            time.span,
            f"the time range {time.start.text}..{time.end.text} ends before it starts",
            "Write the earlier date first.",
        )
