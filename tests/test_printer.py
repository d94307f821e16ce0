"""The printer writes each statement form canonically, and its text parses back to the same AST."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from causal.language import ast
from causal.language.parser import parse
from causal.language.printer import WIDTH, format_case, format_statement, quote
from tests.strategies import KEYWORDS, NOWHERE, number, rename, text, word

ROOT = Path(__file__).parent.parent


def parse_clean(source: str) -> ast.CaseFile:
    case, findings = parse(source)
    assert case is not None and findings == [], findings
    return case


def reprinted(source: str) -> str:
    """Parse, print, and check that the printed text parses back to the same AST."""
    case = parse_clean(source)
    printed = format_case(case)
    assert parse_clean(printed) == case, printed
    return printed


def assert_round_trip(case: ast.CaseFile) -> str:
    printed = format_case(case)
    reparsed, findings = parse(printed)
    assert findings == [], (printed, findings)
    assert reparsed == case, printed
    return printed


# --- each statement form, minimal and with every clause --------------------------------


@pytest.mark.parametrize(
    "written, canonical",
    [
        ('case "T"', 'case "T"'),
        (
            'case "T" note "n" date 2026-11-25 analyst "J. Doe" allow r "why"',
            'case "T" analyst "J. Doe" date 2026-11-25 note "n" allow r "why"',
        ),
        ('source s "S"', 'source s "S"'),
        (
            'source s "S" via t note "n" document "a.txt" reliability B',
            'source s "S" reliability B document "a.txt" via t note "n"',
        ),
        ('actor a "A"', 'actor a "A"'),
        ('actor a "A" note "n" allow x "y"', 'actor a "A" note "n" allow x "y"'),
        ('event e "E"', 'event e "E"'),
        ('event e "E" at 2015 by a,b note "n"', 'event e "E" by a, b at 2015 note "n"'),
        ('claim c "C"', 'claim c "C"'),
        ('claim c "C" note "n" by a', 'claim c "C" by a note "n"'),
        ('claim c "C" rebuts d during 2015.. by a', 'claim c "C" by a during 2015.. rebuts d'),
        ('claim c "C" at 2016-03', 'claim c "C" at 2016-03'),
        ('event e "E" note "n" during ..2016-02 by a', 'event e "E" by a during ..2016-02 note "n"'),
        ("evidence x from s", "evidence x from s"),
        (
            'evidence x supports a,b credibility 2 quote "q" from s note "n"',
            'evidence x from s credibility 2 quote "q" supports a, b note "n"',
        ),
        ("link a -> b", "link a -> b"),
        ("link a,b->c", "link a, b -> c"),
        ('link a -> b feedback assumed "r" because x', 'link a -> b because x feedback assumed "r"'),
        (
            'link l : a , b -> c note "n" assumed "r" feedback mechanism "m" because x,y kind enables',
            "link l: a, b -> c\n"
            "  kind enables\n"
            "  because x, y\n"
            '  mechanism "m"\n'
            "  feedback\n"
            '  assumed "r"\n'
            '  note "n"',
        ),
        ("contradiction k: a vs b", "contradiction k: a vs b"),
        ('contradiction k : a vs b note "n"', 'contradiction k: a vs b note "n"'),
        ("chain t: a -> b", "chain t: a -> b"),
        ('chain t: a,b -> c -> d , e note "n"', 'chain t: a, b -> c -> d, e note "n"'),
        ("expect unsupported-link", "expect unsupported-link"),
        ("expect no chain-gap", "expect no chain-gap"),
        ("expect contradiction on k", "expect contradiction on k"),
        ("expect no contradiction", "expect no contradiction"),
        ("expect unsupported-link on a,b->c", "expect unsupported-link on a, b -> c"),
        ('expect chain-gap on chain t note "n"', 'expect chain-gap on chain t note "n"'),
        ("expect chain t is weak", "expect chain t is weak"),
        ('expect chain t is broken note "n"', 'expect chain t is broken note "n"'),
        ("set weak-support", "set weak-support"),
        ("set weak-support credibility 4 reliability D", "set weak-support reliability D credibility 4"),
    ],
)
def test_each_statement_prints_its_clauses_in_canonical_order(written, canonical):
    assert reprinted(written) == canonical + "\n"


@pytest.mark.parametrize(
    "time",
    ["2015", "2016-03", "2016-02-25", "2015-10..2016-02", "2016-02-15..2016-02-29", "2016-02-15..", "..2015-06"],
)
@pytest.mark.parametrize("keyword", ["at", "during"])
@pytest.mark.parametrize("statement", ["event", "claim"])
def test_every_time_form_prints_as_written(time, keyword, statement):
    written = f'{statement} e "E" {keyword} {time}'
    assert reprinted(written) == written + "\n"


def test_time_forms_stay_distinct_in_the_ast():
    point = parse_clean('event e "E" at 2015').statements[0].time
    open_end = parse_clean('event e "E" at 2015..').statements[0].time
    open_start = parse_clean('event e "E" at ..2015').statements[0].time
    assert (point.start.text, point.end, point.is_range) == ("2015", None, False)
    assert (open_end.start.text, open_end.end, open_end.is_range) == ("2015", None, True)
    assert (open_start.start, open_start.end.text, open_start.is_range) == (None, "2015", True)


def test_the_reading_of_a_time_is_part_of_the_ast():
    instant = parse_clean('event e "E" at 2015').statements[0].time
    state = parse_clean('event e "E" during 2015').statements[0].time
    assert (instant.state, state.state) == (False, True)
    assert instant != state


# --- strings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, literal",
    [
        ("plain", '"plain"'),
        ("", '""'),
        ('say "no"', r'"say \"no\""'),
        ("back\\slash", r'"back\\slash"'),
        ("two\nlines", r'"two\nlines"'),
        ("tab\there", r'"tab\there"'),
        ("cr\r", r'"cr\u{D}"'),
        ("nul\x00", r'"nul\u{0}"'),
        ("del\x7f", r'"del\u{7F}"'),
        ("line\u2028separator", r'"line\u{2028}separator"'),
        ("no-break\u00a0space", r'"no-break\u{A0}space"'),
        ("“curly” – dash → arrow", '"“curly” – dash → arrow"'),
        ("Sūleymānī 😀", '"Sūleymānī 😀"'),
        ("looks like \\u{41}", r'"looks like \\u{41}"'),
        ("# not a comment", '"# not a comment"'),
        ("e\u0301", '"e\u0301"'),  # a combining mark on a letter stays as it is
        ("\u0301", r'"\u{301}"'),  # ... but not on the opening quote
        ("\n\u0301", r'"\n\u{301}"'),  # ... nor on an escape
    ],
)
def test_strings_are_escaped_minimally_and_read_back(value, literal):
    assert quote(value) == literal
    case = ast.CaseFile((ast.ClaimDecl(word("c"), text(value), span=NOWHERE),))
    assert_round_trip(case)


def test_a_lone_surrogate_cannot_be_printed():
    with pytest.raises(ValueError, match="surrogate"):
        quote("\ud800")


def test_escapes_in_the_input_print_canonically():
    assert reprinted(r'claim c "\u0041\u{42}\t\"\\"') == r'claim c "AB\t\"\\"' + "\n"


# --- layout -------------------------------------------------------------------------------


def test_a_long_statement_puts_each_clause_on_a_line_of_its_own():
    written = 'event air_base_task "Putin sets Tehran the task of getting Russia an air base" by putin at 2015-04..2015-10'
    assert reprinted(written) == (
        'event air_base_task "Putin sets Tehran the task of getting Russia an air base"\n'
        "  by putin\n"
        "  at 2015-04..2015-10\n"
    )


def test_a_wrapped_evidence_keeps_its_source_and_grade_on_the_first_line():
    written = (
        'evidence refused from debka credibility 3 quote "Iran stood by its refusal to send troops to Syria." '
        'supports rift note "second paragraph"'
    )
    assert reprinted(written) == (
        "evidence refused from debka credibility 3\n"
        '  quote "Iran stood by its refusal to send troops to Syria."\n'
        "  supports rift\n"
        '  note "second paragraph"\n'
    )


def test_a_wrapped_source_keeps_its_reliability_on_the_first_line():
    written = 'source moscow_dc "DEBKA Weekly\'s sources in Moscow and Washington" reliability F via debka'
    assert reprinted(written) == (
        'source moscow_dc "DEBKA Weekly\'s sources in Moscow and Washington" reliability F\n'
        "  via debka\n"
    )


def test_a_wrapped_link_puts_kind_and_allow_on_their_own_lines():
    written = (
        "link rift -> withdrawal kind motivates "
        'allow unsupported-link "the article\'s own thesis; kept to show it is unargued"'
    )
    assert reprinted(written) == (
        "link rift -> withdrawal\n"
        "  kind motivates\n"
        "  allow unsupported-link \"the article's own thesis; kept to show it is unargued\"\n"
    )


def test_a_statement_that_fits_stays_on_one_line_whatever_its_clauses():
    written = 'link a -> b because x feedback assumed "r" note "n" allow weak-support "w"'
    assert len(written) <= WIDTH
    assert reprinted(written) == written + "\n"


def test_a_long_chain_wraps_before_an_arrow():
    steps = [f"step_number_{i}" for i in range(8)]
    printed = reprinted(f"chain thesis: {' -> '.join(steps)}")
    lines = printed.splitlines()
    assert len(lines) > 1
    assert all(len(line) <= WIDTH for line in lines)
    assert all(line.startswith("  -> ") for line in lines[1:])


def test_a_long_title_stays_on_the_first_line_and_the_clauses_follow():
    long_title = "x" * 100
    printed = reprinted(f'event e "{long_title}" by a at 2015 note "short"')
    assert printed == f'event e "{long_title}"\n  by a\n  at 2015\n  note "short"\n'


def test_statements_are_grouped_with_blank_lines_between_groups():
    written = """
        case "T"
        source s "S" reliability B
        source t "T" via s
        actor a "A"
        event e "E" at 2015
        claim c "C"
        evidence x from s supports c
        link e -> c because x
        link c -> e feedback assumed "loop"
        contradiction k: e vs c
        chain t2: e -> c
        expect chain t2 is supported
        set weak-support reliability D
    """
    assert reprinted(written) == (
        'case "T"\n'
        "\n"
        'source s "S" reliability B\n'
        'source t "T" via s\n'
        "\n"
        'actor a "A"\n'
        "\n"
        'event e "E" at 2015\n'
        'claim c "C"\n'
        "\n"
        "evidence x from s supports c\n"
        "\n"
        "link e -> c because x\n"
        'link c -> e feedback assumed "loop"\n'
        "\n"
        "contradiction k: e vs c\n"
        "\n"
        "chain t2: e -> c\n"
        "expect chain t2 is supported\n"
        "\n"
        "set weak-support reliability D\n"
    )


def test_a_wrapped_statement_is_set_off_by_blank_lines():
    quote_text = "q" * 70
    printed = reprinted(
        "evidence a from s\n"
        f'evidence b from s quote "{quote_text}" supports x\n'
        f'evidence c from s quote "{quote_text}"\n'
        "evidence d from s\n"
        "evidence e from s\n"
    )
    assert printed == (
        "evidence a from s\n"
        "\n"
        f'evidence b from s\n  quote "{quote_text}"\n  supports x\n'
        "\n"
        f'evidence c from s\n  quote "{quote_text}"\n'
        "\n"
        "evidence d from s\n"
        "evidence e from s\n"
    )


def test_an_empty_case_prints_as_empty_text():
    assert format_case(ast.CaseFile(())) == ""


def test_comments_and_layout_of_the_input_do_not_matter():
    messy = """# a comment
      event   e "E"   # trailing comment
         at
         2015
    link e ->
       e feedback
    """
    assert reprinted(messy) == 'event e "E" at 2015\n\nlink e -> e feedback\n'


def test_printing_is_idempotent_on_the_documented_example():
    example = _documented_example()
    once = reprinted(example)
    assert reprinted(once) == once


def _documented_example() -> str:
    doc = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    return re.search(r"```\n(case .*?)```", doc, flags=re.DOTALL).group(1)


# --- names that are keywords ----------------------------------------------------------------

# Each template has one name position, marked {k}; the AST must survive printing.
NAME_POSITIONS = {
    "source name": 'source {k} "t"',
    "via": 'source s "t" via {k}',
    "reliability": 'source s "t" reliability {k}',
    "actor name": 'actor {k} "t"',
    "event name": 'event {k} "t" at 2015',
    "actor of an event": 'event e "t" by a, {k}, b at 2015',
    "claim name": 'claim {k} "t"',
    "actor of a claim": 'claim c "t" by {k}',
    "evidence name": "evidence {k} from s",
    "from": "evidence e from {k} credibility 3",
    "supports": 'evidence e from s supports a, {k} note "x"',
    "link label": "link {k}: a -> b",
    "first cause": "link {k}, a -> b",
    "later cause": "link a, {k} -> b",
    "effect": "link a -> {k} kind causes",
    "kind": "link a -> b kind {k}",
    "because": "link a -> b because x, {k} feedback",
    "contradiction name": "contradiction {k}: a vs b",
    "contradiction side": "contradiction c: {k} vs {k}",
    "chain name": "chain {k}: a -> b",
    "chain step": "chain c: {k} -> b, {k} -> {k}",
    "negated expected rule": "expect no {k} on x",
    "expected chain": "expect chain {k} is weak",
    "verdict": "expect chain c is {k}",
    "target of a chain": "expect r on chain {k}",
    "later cause of a target": "expect r on a, {k} -> b",
    "effect of a target": "expect r on a -> {k}",
    "rule of a setting": "set {k} reliability E",
    "rule of an allow": 'event e "t" allow {k} "why"',
}


def _statement_with(template: str, keyword: str) -> ast.Statement:
    """Build the statement from a placeholder name, then put the keyword in its place."""
    case = parse_clean(template.format(k="placeholder"))
    (statement,) = case.statements
    return rename(statement, {"placeholder": keyword})


@pytest.mark.parametrize("position", sorted(NAME_POSITIONS))
def test_a_keyword_used_as_a_name_reads_back_as_that_name(position):
    for keyword in sorted(KEYWORDS):
        statement = _statement_with(NAME_POSITIONS[position], keyword)
        assert_round_trip(ast.CaseFile((statement, ast.ClaimDecl(word("z"), text("z"), span=NOWHERE))))


# The grammar reads these keywords as keywords where a name could also stand,
# so no text spells these ASTs; the printer refuses rather than change their meaning.
UNPRINTABLE_KEYWORD_POSITIONS = {
    "expected rule": ("expect {k} on x", {"no", "chain"}),
    "target name": ("expect r on {k}", {"chain"}),
    "first cause of a target": ("expect r on {k} -> b", {"chain"}),
}


@pytest.mark.parametrize("position", sorted(UNPRINTABLE_KEYWORD_POSITIONS))
def test_a_keyword_that_would_read_as_a_keyword_is_refused_or_reads_back(position):
    template, refused = UNPRINTABLE_KEYWORD_POSITIONS[position]
    for keyword in sorted(KEYWORDS):
        statement = _statement_with(template, keyword)
        if keyword in refused:
            with pytest.raises(ValueError, match="keyword"):
                format_statement(statement)
        else:
            assert_round_trip(ast.CaseFile((statement,)))


def test_contradiction_prints_as_a_rule_name_wherever_a_rule_goes():
    printed = reprinted(
        'event e "t" allow contradiction "why"\nexpect contradiction on k\nset contradiction\n'
    )
    assert "allow contradiction" in printed and "expect contradiction on k" in printed


# --- ASTs that no text spells ------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement, complaint",
    [
        (ast.ClaimDecl(word("two words"), text("t"), span=NOWHERE), "not a name"),
        (ast.ClaimDecl(word("9lives"), text("t"), span=NOWHERE), "not a name"),
        (ast.LinkDecl(causes=(), effect=word("b"), span=NOWHERE), "empty list"),
        (ast.ChainDecl(word("c"), ((word("a"),),), span=NOWHERE), "two steps"),
        (ast.EventDecl(word("e"), text("t"), time=ast.Time(None, None, True, NOWHERE), span=NOWHERE), "one date"),
        (ast.EventDecl(word("e"), text("t"), time=ast.Time(None, word("2015"), False, NOWHERE), span=NOWHERE), "single"),
        (ast.EventDecl(word("e"), text("t"), time=ast.Time(word("March"), None, False, NOWHERE), span=NOWHERE), "date"),
        (ast.Setting(word("weak-support"), credibility=number(-1), span=NOWHERE), "sign"),
    ],
)
def test_an_ast_that_no_text_spells_is_refused(statement, complaint):
    with pytest.raises(ValueError, match=complaint):
        format_statement(statement)


# --- whole cases ----------------------------------------------------------------------------------

SYRIA = ROOT / "cases" / "syria.cx"


def test_the_documented_example_reads_back_the_same():
    assert_round_trip(parse_clean(_documented_example()))


def test_the_syria_case_prints_and_reads_back_the_same():
    case = parse_clean(SYRIA.read_text(encoding="utf-8"))
    printed = assert_round_trip(case)
    assert format_case(parse_clean(printed)) == printed


def test_the_printer_checks_names_with_the_grammars_own_pattern():
    from causal.language import printer
    from tests.strategies import NAME_PATTERN

    assert printer._NAME.pattern == NAME_PATTERN.pattern
