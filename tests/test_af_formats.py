"""APX, TGF and ICCMA'23 files: reading, writing, round trips, and malformed input named by line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.argumentation import FormatError, Framework, Problem, parse, render_answer
from causal.argumentation.formats import (
    _parse_apx_blocks,
    _parse_apx_facts,
    _parse_apx_plain,
    find_argument,
    quoted,
    sniff,
    write_apx,
    write_i23,
    write_tgf,
)
from tests.conftest import TESTS

DATA = TESTS / "data" / "af"
FLOATING_ATTACKS = {("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")}


def named_attacks(af: Framework) -> set[tuple[str, str]]:
    return {(af.names[a], af.names[b]) for a, b in af.attacks()}


def test_the_three_formats_read_the_same_framework() -> None:
    apx = parse((DATA / "floating.apx").read_text(), "apx")
    tgf = parse((DATA / "floating.tgf").read_text(), "tgf")
    i23 = parse((DATA / "floating.i23").read_text(), "i23")
    assert apx.names == tgf.names == ("a", "b", "c", "d")
    assert named_attacks(apx) == named_attacks(tgf) == FLOATING_ATTACKS
    assert i23.names == ("1", "2", "3", "4")
    assert named_attacks(i23) == {("1", "2"), ("2", "1"), ("1", "3"), ("2", "3"), ("3", "4")}


def test_apx_allows_spaces_comments_and_attacks_before_arguments() -> None:
    af = parse("att( a , b ).\n\n% a comment\narg(a).\n  arg( b ) .\narg(a).\n", "apx")
    assert af.names == ("a", "b")
    assert named_attacks(af) == {("a", "b")}


def test_repeated_attacks_count_once() -> None:
    af = parse("a\nb\n#\na b\na b\n", "tgf")
    assert af.attack_count == 1
    assert list(af.attackers(1)) == [0]


def test_tgf_without_a_hash_line_is_arguments_only() -> None:
    af = parse("a\nb\n", "tgf")
    assert af.names == ("a", "b") and af.attack_count == 0


def test_empty_apx_and_tgf_files_are_empty_frameworks() -> None:
    assert len(parse("", "apx")) == 0
    assert len(parse("\n", "tgf")) == 0


MALFORMED = [
    ("apx", "arg(a).\narg(b).\natt(a,b).\natt(a,z).\n", 4, "undeclared argument 'z'"),
    ("apx", "arg(a).\narg b.\n", 2, "expected `arg(name).`"),
    ("apx", "arg(a)\n", 1, "expected `arg(name).`"),
    ("apx", "arg(a).\natt(a).\n", 2, "expected `arg(name).`"),
    ("apx", "arg(a). arg(b,c).\n", 1, "expected `arg(name).`"),
    ("apx", "arg(a).\narg(50%).\n", 2, 'written quoted, as "50%"'),
    ("apx", 'arg(a).\narg(say"hi").\n', 2, "written quoted"),
    ("apx", "arg(a). %* never closed\narg(b).\n", 1, "block comment `%*` is never closed"),
    ("apx", "arg(a). att(a,\nz).\n", 1, "undeclared argument 'z'"),
    ("apx", 'arg("a).\n', 1, "expected `arg(name).`"),
    ("tgf", "a\nb\n#\na b c\n", 4, "expected an attack"),
    ("tgf", "a\nb\n#\na z\n", 4, "undeclared argument 'z'"),
    ("tgf", "a\nb\n#\na b c\n", 4, "expected an attack"),
    ("tgf", "a\n#\n#\n", 3, "a second `#` line"),
    ("i23", "p af 2\n1 2\n2 3\n", 3, "argument 3 is outside 1..2"),
    ("i23", "p af 2\n0 1\n", 2, "argument 0 is outside 1..2"),
    ("i23", "# only a comment\n", 1, "missing the header"),
    ("i23", "", 1, "missing the header"),
    ("i23", "1 2\n", 1, "expected the header `p af N`"),
    ("i23", "p af two\n", 1, "expected the header `p af N`"),
    ("i23", "p af 2\n1 -2\n", 2, "expected an attack `i j`"),
    ("i23", "p af 2\n1\n", 2, "expected an attack `i j`"),
    ("i23", "p af 99999999999\n", 1, "declares 99,999,999,999 arguments, over the limit of 1,000,017"),
    ("apx", "arg(a).\r\narg(b).\x0b\r\natt(a,c).\r\n", 3, "undeclared argument 'c'"),
    # A lone "\r" ends a line as "\n" does, so the line numbers count it.
    ("apx", "arg(a).\rarg(b).\ratt(a,c).\r", 3, "undeclared argument 'c'"),
    ("i23", "p af 50000000\n", 1, "over the limit of 1,000,014 for a file of 14 characters"),
    ("i23", "p af " + "9" * 5000 + "\n", 1, "a number of arguments over 20 digits long, over the limit"),
    ("i23", "p af 2\n1 " + "9" * 5000 + "\n", 2, "is outside 1..2"),
]


@pytest.mark.parametrize(("fmt", "text", "line", "message"), MALFORMED)
def test_malformed_input_is_a_format_error_naming_the_line(fmt: str, text: str, line: int, message: str) -> None:
    with pytest.raises(FormatError) as raised:
        parse(text, fmt)
    assert raised.value.line == line
    assert message in raised.value.message


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_no_text_makes_a_parser_raise_anything_but_a_format_error(text: str) -> None:
    for fmt in ("apx", "tgf", "i23"):
        try:
            af = parse(text, fmt)
        except FormatError as error:
            assert error.line >= 0 and error.message
        else:
            # Whatever it read is a well-formed framework: distinct names, attacks between its own arguments.
            assert len(set(af.names)) == len(af)
            assert all(0 <= a < len(af) and 0 <= b < len(af) for a, b in af.attacks())


NAMES = st.text(alphabet="abcxyz_019", min_size=1, max_size=4)


@st.composite
def named_frameworks(draw):
    names = draw(st.lists(NAMES, unique=True, max_size=8))
    count = len(names)
    attacks = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=20)) if count else []
    return Framework.build(names, attacks)


@given(named_frameworks())
def test_writing_and_reading_back_gives_the_same_framework(af: Framework) -> None:
    assert parse(write_apx(af), "apx") == af
    assert parse(write_tgf(af), "tgf") == af
    numbered = parse(write_i23(af), "i23")
    assert len(numbered) == len(af)
    assert set(numbered.attacks()) == set(af.attacks())


def test_names_a_format_cannot_hold_are_refused_when_writing() -> None:
    with pytest.raises(ValueError, match="cannot be written in TGF"):
        write_tgf(Framework.build(["two words"]))


def test_framework_refuses_repeated_names_and_attacks_outside_it() -> None:
    with pytest.raises(ValueError, match="used twice"):
        Framework.build(["a", "a"])
    with pytest.raises(ValueError, match="outside"):
        Framework.build(["a"], [(0, 1)])


def test_answers_print_as_iccma_solvers_print_them() -> None:
    af = parse((DATA / "floating.apx").read_text(), "apx")
    assert render_answer(af, "apx", Problem.SE, (0, 3)) == "[a,d]"
    assert render_answer(af, "apx", Problem.SE, ()) == "[]"
    assert render_answer(af, "apx", Problem.SE, None) == "NO"
    assert render_answer(af, "tgf", Problem.EE, [(0, 3), (1, 3)]) == "[[a,d],[b,d]]"
    assert render_answer(af, "apx", Problem.EE, []) == "[]"
    assert render_answer(af, "apx", Problem.DC, True) == "YES"
    assert render_answer(af, "apx", Problem.DS, False) == "NO"
    numbered = parse((DATA / "floating.i23").read_text(), "i23")
    assert render_answer(numbered, "i23", Problem.SE, (0, 3)) == "w 1 4"
    assert render_answer(numbered, "i23", Problem.SE, ()) == "w"
    assert render_answer(numbered, "i23", Problem.SE, None) == "NO"
    assert render_answer(numbered, "i23", Problem.EE, [(0, 3), (1, 3)]) == "w 1 4\nw 2 4"
    assert render_answer(numbered, "i23", Problem.EE, []) == ""


# --- the three APX readers agree ------------------------------------------------------------


@st.composite
def apx_texts(draw):
    """An APX text of a drawn framework: facts in any order, maybe repeated, maybe spaced, with blank and comment lines."""
    af = draw(named_frameworks())
    facts = [f"arg({name})." for name in af.names] + [f"att({af.names[a]},{af.names[b]})." for a, b in af.attacks()]
    lines = draw(st.permutations(facts)) if draw(st.booleans()) else facts
    lines = list(lines)
    if lines and draw(st.booleans()):
        lines.append(draw(st.sampled_from(lines)))  # a repeated fact
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "  ", "% a comment", " %att(x,y)."])))
    if lines and draw(st.booleans()):
        k = draw(st.integers(0, len(lines) - 1))
        lines[k] = lines[k].replace("(", "( ").replace(",", " , ")  # spaces: only the fact reader takes them
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + (ending if draw(st.booleans()) else "")
    return text


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(apx_texts())
def test_the_fast_apx_readers_read_what_the_fact_reader_reads_or_leave_it_to_it(text: str) -> None:
    expected = _parse_apx_facts(text)
    for reader in (_parse_apx_blocks, _parse_apx_plain):
        found = reader(text)
        assert found is None or found == expected, reader.__name__
    assert parse(text, "apx") == expected


def test_files_as_programs_write_them_take_the_block_reader_and_mixed_ones_the_plain_reader() -> None:
    blocks = "arg(a).\narg(b).\natt(a,b).\natt(b,a).\n"
    mixed = "att(a,b).\n% note\narg(a).\n\narg(b).\n"
    assert _parse_apx_blocks(blocks) == parse(blocks, "apx")
    assert _parse_apx_blocks(mixed) is None
    assert _parse_apx_plain(mixed) == _parse_apx_facts(mixed)
    assert _parse_apx_plain("arg(a).\natt( a,a).\n") is None


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("apx", "arg(a).\rarg(b).\ratt(a,b).\r"),
        ("tgf", "a\rb\r#\ra b\r"),
        ("i23", "p af 2\r1 2\r"),
    ],
)
def test_cr_only_line_ends_read_as_newlines(fmt: str, text: str) -> None:
    assert parse(text, fmt) == parse(text.replace("\r", "\n"), fmt)


@pytest.mark.slow
def test_i23_names_are_made_on_demand_and_equal_the_numbers() -> None:
    af = parse("p af 10000000\n1 2\n", "i23", max_arguments=10_000_000)
    assert len(af) == 10_000_000 and af.names[0] == "1" and af.names[-1] == "10000000"
    assert af.index("10000000") == 9_999_999
    for missing in ("0", "01", "10000001", "+1", "\u0661", "x"):
        with pytest.raises(KeyError):
            af.index(missing)
    small = parse("p af 3\n1 2\n", "i23")
    assert small == Framework.build(["1", "2", "3"], [(0, 1)]) and hash(small) == hash(Framework.build(["1", "2", "3"], [(0, 1)]))


# --- valid ASPARTIX input, TGF labels, sniffing, i23 queries, certificates -------------------


def test_apx_takes_several_facts_on_a_line_comments_after_facts_and_facts_over_lines() -> None:
    af = parse("arg(a). arg(b).arg(c). % three\natt(a,b). att(\n  b , c\n) . % and two attacks\n", "apx")
    assert af.names == ("a", "b", "c")
    assert named_attacks(af) == {("a", "b"), ("b", "c")}


def test_apx_comments_neither_hide_facts_after_them_nor_make_facts_of_what_they_hold() -> None:
    text = "arg(b). % arg(a).\n%* arg(c).\natt(c,b). *% arg(d).\n% att(b,d).\natt(d,b).\n"
    af = parse(text, "apx")
    assert af.names == ("b", "d")
    assert named_attacks(af) == {("d", "b")}


def test_apx_quoted_names_name_their_content_and_are_shown_quoted_where_a_bare_name_would_mislead() -> None:
    text = 'arg("a b"). arg("x,y"). arg("say \\"hi\\""). arg(a). arg("a"). arg(b[1]). att("a b","x,y").\n'
    af = parse(text, "apx")
    # "a" is the string a: the same argument as the bare a, declared twice.
    assert af.names == ("a b", "x,y", 'say "hi"', "a", "b[1]")
    assert named_attacks(af) == {("a b", "x,y")}
    assert render_answer(af, "apx", Problem.SE, tuple(range(5))) == '["a b","x,y","say \\"hi\\"",a,"b[1]"]'


def test_any_names_are_written_to_apx_and_read_back() -> None:
    names = ["a b", "x,y", "c", "[1]", 'say "hi"', "50%", "line\nbreak", "back\\slash", "", "a(b)"]
    af = Framework.build(names, [(0, 1), (1, 2), (3, 0), (8, 9)])
    assert parse(write_apx(af), "apx") == af


@st.composite
def apx_layouts(draw):
    """A drawn framework and an APX text of it laid out as ASP allows: facts sharing lines or split over
    lines, comments after them, block comments and white space between any two tokens."""
    drawn = draw(named_frameworks())
    # Some names quoted, holding what a bare name cannot: white space, a comma, `%`, a quote.
    names = [draw(st.sampled_from([name, f'{name} [q], 5% "x"'])) for name in drawn.names]
    af = Framework.build(names, drawn.attacks())
    terms = [name if name in drawn.names else quoted(name) for name in names]
    facts = [("arg", (term,)) for term in terms] + [("att", (terms[a], terms[b])) for a, b in af.attacks()]
    gaps = st.sampled_from(["", " ", "\n", " % note\n", "%* block, with arg(q). *%", "\t\n  "])
    pieces = []
    for kind, names in draw(st.permutations(facts)):
        inner = ("," + draw(gaps)).join(draw(gaps) + name + draw(gaps) for name in names)
        pieces.append(f"{kind}{draw(gaps)}({inner}){draw(gaps)}.")
        pieces.append(draw(st.sampled_from([" ", "\n", " % after the fact\n", "", "\r\n"])))
    return af, "".join(pieces)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(apx_layouts())
def test_every_aspartix_layout_of_a_framework_reads_as_that_framework(drawn) -> None:
    af, text = drawn
    found = parse(text, "apx")
    assert set(found.names) == set(af.names)
    assert named_attacks(found) == named_attacks(af)


def test_tgf_node_labels_are_read_and_dropped() -> None:
    af = parse("1 First argument\n2 the second, with [brackets]\n3\n#\n1 2\n2 3\n", "tgf")
    assert af.names == ("1", "2", "3")
    assert named_attacks(af) == {("1", "2"), ("2", "3")}


def test_tgf_names_that_would_mislead_an_answer_are_shown_quoted() -> None:
    af = parse('a,b\n[c]\n"d\ne\n#\n', "tgf")
    assert render_answer(af, "tgf", Problem.SE, (0, 1, 2, 3)) == '["a,b","[c]","\\"d",e]'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p af 5\n# this is a comment\n1 2\n", "i23"),
        ("# a comment first\n\n  p af 3\n1 2\n", "i23"),
        ("p af 2\r1 2\r", "i23"),
        ("p  af\t7\n", "i23"),
        ("% a comment\narg(a).\n", "apx"),
        ("%c\rarg(a).\r", "apx"),
        ("%* block *% att(a,b). arg(a).\n", "apx"),
        ("a\nb\n#\na b\n", "tgf"),
        ("a label\n  #  \n", "tgf"),
        ("a\nb\n", None),
        ("", None),
        ("pa f 3\n", None),
    ],
)
def test_sniffing_tells_the_format_from_the_first_lines(text: str, expected: str | None) -> None:
    assert sniff(text) == expected


def test_i23_queries_are_numbers_and_other_queries_are_names() -> None:
    numbered = parse("p af 12\n", "i23")
    assert [find_argument(numbered, "i23", query) for query in ("1", "01", "12", "00012")] == [0, 0, 11, 11]
    for query in ("0", "13", "+1", "1e1", "\u0661", ""):
        with pytest.raises(KeyError):
            find_argument(numbered, "i23", query)
    named = parse('arg(1).\narg(01).\narg("a b").\n', "apx")
    assert find_argument(named, "apx", "01") == 1 and find_argument(named, "apx", "1") == 0
    # A quoted name is found by its content or by the quoted form answers show.
    assert find_argument(named, "apx", "a b") == find_argument(named, "apx", '"a b"') == 2
    with pytest.raises(KeyError):
        find_argument(named, "apx", '"1 "')


def test_dc_and_ds_answers_in_i23_carry_their_certificate_and_apx_answers_do_not() -> None:
    numbered = parse((DATA / "floating.i23").read_text(), "i23")
    assert render_answer(numbered, "i23", Problem.DC, True, (0, 3)) == "YES\nw 1 4"
    assert render_answer(numbered, "i23", Problem.DS, False, ()) == "NO\nw"
    assert render_answer(numbered, "i23", Problem.DS, True) == "YES"
    named = parse((DATA / "floating.apx").read_text(), "apx")
    assert render_answer(named, "apx", Problem.DC, True, (0, 3)) == "YES"


def test_i23_numbers_with_thousands_of_leading_zeros_read_as_their_value() -> None:
    zeros = "0" * 4301  # past Python's limit on reading integers, which counts leading zeros
    af = parse(f"p af {zeros}3\n{zeros}1 {zeros}2\n", "i23")
    assert af == Framework.build(["1", "2", "3"], [(0, 1)])


# --- an i23 header that declares more arguments than its file can account for -----------------------


def test_a_header_declaring_millions_in_a_few_bytes_is_refused_before_anything_is_allocated() -> None:
    import tracemalloc

    from causal.argumentation.formats import TooManyArguments

    text = "p af 9999999\n"
    tracemalloc.start()
    try:
        with pytest.raises(TooManyArguments) as raised:
            parse(text, "i23")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000  # a framework of 9,999,999 arguments would take some hundreds of megabytes
    error = raised.value
    assert (error.line, error.declared, error.limit) == (1, 9_999_999, 1_000_013)
    assert "declares 9,999,999 arguments, over the limit of 1,000,013 for a file of 13 characters" in error.message


def test_the_limit_grows_with_the_file_and_stops_at_ten_million() -> None:
    from causal.argumentation.formats import MAX_ARGUMENTS, declared_arguments_limit

    assert declared_arguments_limit(0) == 1_000_000
    assert declared_arguments_limit(17) == 1_000_017
    assert declared_arguments_limit(50_000_000) == MAX_ARGUMENTS == 10_000_000
    # 13 characters of header and 200 of comments: 1,000,213 arguments may be declared, not one more.
    body = "# padding\n" * 20
    assert len(parse("p af 1000213\n" + body, "i23")) == 1_000_213
    with pytest.raises(FormatError, match="over the limit of 1,000,213 for a file of 213 characters"):
        parse("p af 1000214\n" + body, "i23")


def test_a_header_of_unattacked_arguments_within_the_limit_is_a_valid_framework() -> None:
    # Arguments in no attack need no line: `p af N` alone is N unattacked arguments.
    af = parse("p af 1000000\n", "i23")
    assert len(af) == 1_000_000 and af.attack_count == 0


@pytest.mark.slow
def test_a_limit_given_by_the_caller_replaces_the_one_from_the_file_length() -> None:
    from causal.argumentation.formats import TooManyArguments

    assert len(parse("p af 12000000\n", "i23", max_arguments=12_000_000)) == 12_000_000
    with pytest.raises(TooManyArguments) as raised:
        parse("p af 5\n1 2\n", "i23", max_arguments=4)
    assert raised.value.message == "the header declares 5 arguments, over the limit of 4"
