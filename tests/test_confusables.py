"""Look-alike names: the UTS #39 skeleton (causal.language.confusables) and the `confusable-name` rule."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from causal.language import confusables
from causal.language.confusables import skeleton, table_module
from causal.pipeline import check_text
from causal.rules import names

# Latin letters and letters of other scripts that confusables.txt gives them as prototype.
LOOK_ALIKES = {
    "a": "а",  # CYRILLIC SMALL LETTER A
    "e": "е",  # CYRILLIC SMALL LETTER IE
    "o": "οо",  # GREEK SMALL LETTER OMICRON, CYRILLIC SMALL LETTER O
    "p": "ρр",  # GREEK SMALL LETTER RHO, CYRILLIC SMALL LETTER ER
    "c": "с",  # CYRILLIC SMALL LETTER ES
    "x": "х",  # CYRILLIC SMALL LETTER HA
    "y": "у",  # CYRILLIC SMALL LETTER U
    "i": "і",  # CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I
    "s": "ѕ",  # CYRILLIC SMALL LETTER DZE
}


def _full_skeleton(text: str) -> str:
    """The skeleton as UTS #39 defines it, without the ASCII shortcut."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).translate(confusables._mapping()))


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_the_ascii_shortcut_gives_the_skeleton_of_the_whole_mapping(text):
    assert skeleton(text) == _full_skeleton(text)


@given(st.text(alphabet="".join(LOOK_ALIKES) + "bdfghjklmnqrtuvwz_", min_size=1, max_size=20), st.data())
def test_a_name_with_letters_swapped_for_look_alikes_has_the_names_skeleton(name, data):
    swapped = "".join(
        data.draw(st.sampled_from(LOOK_ALIKES[char] + char)) if char in LOOK_ALIKES else char for char in name
    )
    assert skeleton(swapped) == skeleton(name)


@given(st.text(alphabet=st.characters(categories=("Ll", "Lu", "Lo", "Nd")), min_size=1, max_size=12))
def test_the_skeleton_is_the_same_for_every_normal_form_of_a_name(name):
    assert skeleton(unicodedata.normalize("NFC", name)) == skeleton(unicodedata.normalize("NFD", name))


def test_known_confusables_and_known_differences():
    assert skeleton("аrmy") == skeleton("army")  # Cyrillic а
    assert skeleton("ορen") == skeleton("open")  # Greek omicron, rho
    assert skeleton("сор") == skeleton("cop")  # all Cyrillic against all Latin
    assert skeleton("армия") != skeleton("army")
    assert skeleton("m") == skeleton("rn")  # ASCII look-alikes have one skeleton too; the rule skips them


def test_the_table_is_made_from_confusables_txt_lines():
    text = (
        "\ufeff# confusables.txt\n# Date: 2020-02-13, 01:38:49 GMT\n# Version: 13.0.0\n#\n"
        "0430 ;\t0061 ;\tMA\t# ( а → a ) CYRILLIC SMALL LETTER A → LATIN SMALL LETTER A\t# \n\n"
        "006D ;\t0072 006E ;\tMA\t# ( m → rn ) LATIN SMALL LETTER M → LATIN SMALL LETTER R, LATIN SMALL LETTER N\t#\n"
    )
    namespace: dict = {}
    exec(table_module(text), namespace)
    assert namespace["VERSION"] == "13.0.0"
    assert namespace["TABLE"].splitlines() == ["0430 0061", "006D 0072 006E"]
    assert "Copyright © 1991-2020 Unicode, Inc." in namespace["__doc__"]


def test_the_shipped_table_holds_the_whole_mapping():
    from causal.language import confusables_table

    assert confusables_table.VERSION == "13.0.0"
    assert len(confusables._mapping()) == 6311  # the data lines of confusables.txt 13.0.0


def _confusable_findings(text: str):
    return [f for f in check_text(text, path="case.cx").findings if f.rule == "confusable-name"]


def test_each_declared_name_is_skeletonised_once(monkeypatch):
    calls: list[str] = []

    def counting(name):
        calls.append(name)
        return skeleton(name)

    monkeypatch.setattr(names, "skeleton", counting)
    declared = [f"event e{i} \"E\"" for i in range(50)] + ['event аrmy "A"', 'event army "B"']
    found = _confusable_findings("\n".join(declared) + "\n")
    assert sorted(calls) == sorted([f"e{i}" for i in range(50)] + ["аrmy", "army"])
    assert [f.subject.names for f in found] == [("army",)]


@pytest.mark.parametrize("first, second", [("rn", "m"), ("l1", "I1"), ("O0", "OO")])
def test_two_ascii_look_alikes_are_not_reported(first, second):
    assert skeleton(first) == skeleton(second)
    # A name outside ASCII in the case, so that the rule looks at the names at all.
    assert _confusable_findings(f'event {first} "A"\nevent {second} "B"\nevent é "C"\n') == []


def test_the_message_names_both_names_the_line_and_the_letters():
    (finding,) = _confusable_findings('case "C"\nevent army "A"\nclaim аrmy "B"\n')
    assert finding.span.line == 3
    assert finding.message == (
        "`аrmy` looks like `army`, declared on line 2 (as an event), but is another name: "
        "it has `а` (CYRILLIC SMALL LETTER A) where `army` has `a` (LATIN SMALL LETTER A)"
    )
    assert "rename one of them" in finding.help


def test_an_allow_on_the_statement_silences_it():
    text = 'event army "A"\nevent аrmy "B" allow confusable-name "the source spells it so"\n'
    assert _confusable_findings(text) == []


def test_an_undeclared_look_alike_of_a_declared_name_is_told_apart_in_the_help():
    report = check_text('event army "A"\nevent b "B"\nlink аrmy -> b assumed "x"\n', path="case.cx")
    (finding,) = [f for f in report.findings if f.rule == "undefined-name"]
    assert finding.help == (
        "Did you mean `army`? The two look alike, but it has `а` (CYRILLIC SMALL LETTER A) "
        "where `army` has `a` (LATIN SMALL LETTER A)."
    )
