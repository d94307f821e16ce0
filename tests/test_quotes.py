"""quote-not-found: typography does not matter, words and letters do; the closest passage is named."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from causal.analysis.quotes import (
    _ranked_by_rare_words,
    closest_passage,
    normalise,
    prepare,
    quote_occurs,
    searched_for,
)
from causal.inputs.spans import Span
from causal.language import ast
from causal.model.case_model import Document
from causal.pipeline import check_text
from causal.rules.documents import QUOTE_NOT_FOUND

ARTICLE = (
    "The Kremlin initially believed him, DEBKA Weekly’s sources in Moscow and\n"
    "Washington report. Tehran was caught out as having torpedoed the Putin plan – not\n"
    "the Americans.\n"
    "Iran stood by its refusal to send troops to Syria. Soleimani said: “The ground\n"
    "forces will come…” They never did — and the rift became unbridgeable.\n"
)


def _prepared(text: str):
    return prepare(Document("debka", ast.Text.at("article.txt", Span(1, 1, 1, 1)), text=text))


DOCUMENT = _prepared(ARTICLE)

# What a hand-typed quote may use instead of the document's typography.
RETYPINGS = {
    "’": ["'", "’", "`"],
    "“": ['"', "'", "“"],
    "”": ['"', "'", "”"],
    "–": ["-", "--", "–", "—"],
    "—": ["-", "--", "—", "−"],
    "…": ["...", "…"],
    " ": [" ", "  ", "\n", "\t "],
    "\n": [" ", "\n", " \n  "],
}


@st.composite
def retyped_passages(draw):
    start = draw(st.integers(0, len(ARTICLE) - 2))
    end = draw(st.integers(start + 1, len(ARTICLE)))
    passage = ARTICLE[start:end]
    assume(passage.strip())
    retyped = "".join(draw(st.sampled_from(RETYPINGS[c])) if c in RETYPINGS else c for c in passage)
    return passage, retyped


@pytest.mark.slow
@settings(max_examples=400)
@given(retyped_passages())
def test_any_stretch_of_the_document_retyped_with_other_marks_dashes_and_spaces_is_found(sample):
    _, retyped = sample
    assert quote_occurs(retyped, DOCUMENT)


@pytest.mark.slow
@settings(max_examples=400)
@given(retyped_passages(), st.data())
def test_a_stretch_with_one_letter_changed_is_not_found_unless_the_document_has_that_too(sample, data):
    passage, _ = sample
    letters = [i for i, c in enumerate(passage) if c.isalpha()]
    assume(letters)
    i = data.draw(st.sampled_from(letters))
    changed = passage[:i] + ("X" if passage[i] != "X" else "Y") + passage[i + 1 :]
    assume("..." not in normalise(changed))
    assert quote_occurs(changed, DOCUMENT) == (normalise(changed) in DOCUMENT.normalised)


def test_letter_case_matters():
    assert quote_occurs("Iran stood by its refusal", DOCUMENT)
    assert not quote_occurs("iran stood by its refusal", DOCUMENT)


@pytest.mark.parametrize(
    "quote, found",
    [
        ("Iran stood by its refusal ... Soleimani said", True),
        ("Iran stood by its refusal […] Soleimani said", True),
        ("... believed him", True),
        ("Soleimani said ... Iran stood by its refusal", False),  # parts out of order
        ("[...]", False),  # nothing but an ellipsis
        ("will come…”", True),  # a literal ellipsis in the document
    ],
)
def test_an_ellipsis_stands_for_words_left_out(quote, found):
    assert quote_occurs(quote, DOCUMENT) is found


def test_the_closest_passage_is_the_misquoted_sentence():
    shown, ratio = closest_passage("Iran refused to send troops to Syria.", DOCUMENT)
    assert shown == "Iran stood by its refusal to send troops to Syria."
    assert ratio > 0.7


def test_the_closest_passage_of_a_long_sentence_is_a_stretch_about_as_long_as_the_quote():
    sentence = " ".join(f"word{i}" for i in range(200)) + " the key phrase is here " + " ".join(
        f"more{i}" for i in range(200)
    )
    shown, _ = closest_passage("the key phrase was here", _prepared(sentence + "."))
    assert "the key phrase is here" in shown
    assert len(shown) < 60


@pytest.mark.slow
def test_closest_passage_stays_fast_on_a_large_document_without_sentence_ends():
    document = _prepared(" ".join(["word"] * 500_000))
    shown, _ = closest_passage("word word ward", document)
    assert shown.split() == ["word", "word", "word"]


def test_the_documented_example_triggers_the_rule_when_its_document_is_there(tmp_path):
    (tmp_path / "article.txt").write_text("Iran stood by its refusal to send troops to Syria.\n", encoding="utf-8")
    report = check_text(QUOTE_NOT_FOUND.example, path="example.cx", base_dir=tmp_path)
    assert "quote-not-found" in {f.rule for f in report.findings}
    report = check_text(QUOTE_NOT_FOUND.passing, path="passing.cx", base_dir=tmp_path)
    assert "quote-not-found" not in {f.rule for f in report.findings}


def test_composed_and_decomposed_accents_match_and_invisible_characters_are_ignored():
    document = _prepared("Soleima\u0301ni\u00ad said it: Sule\u200bymani\u2019s men.")
    assert quote_occurs("Soleimáni said it", document)
    assert quote_occurs("Suleymani's men.", document)
    assert not quote_occurs("Soleimani said it", document)


quote_texts = st.text(alphabet="ab .\u2026-", max_size=12)


@pytest.mark.slow
@settings(max_examples=300)
@given(st.text(alphabet="ab .\u2026-\n", max_size=40), st.lists(quote_texts, max_size=6))
def test_quotes_looked_for_in_one_pass_are_found_exactly_when_a_scan_finds_them(text, quotes):
    scanned, searched = _prepared(text), _prepared(text)
    searched.search([string for quote in quotes for string in searched_for(quote)])
    for quote in quotes:
        assert quote_occurs(quote, searched) == quote_occurs(quote, scanned)


def test_a_quote_not_looked_for_in_the_pass_is_still_checked_by_a_scan():
    document = _prepared(ARTICLE)
    document.search(searched_for("Iran stood by its refusal"))
    assert quote_occurs("Iran stood by its refusal", document)
    assert quote_occurs("Tehran was caught out", document)
    assert not quote_occurs("Tehran was not caught out", document)


def test_an_elided_quote_needs_every_part_in_order():
    document = _prepared("one two three four")
    document.search([s for quote in ("one ... four", "four ... one", "one ... five") for s in searched_for(quote)])
    assert quote_occurs("one ... four", document)
    assert not quote_occurs("four ... one", document)  # each part is there, not in this order
    assert not quote_occurs("one ... five", document)


@pytest.mark.slow
def test_in_a_long_document_the_closest_passage_is_found_by_its_rare_words():
    filler = [f"Common words fill sentence number {i} of the long report." for i in range(3 * 2_000)]
    filler[4_321] = "The envoy met the minister in Aleppo on Tuesday."
    document = _prepared(" ".join(filler))
    shown, ratio = closest_passage("The envoy met the minister in Damascus on Tuesday.", document)
    assert shown == "The envoy met the minister in Aleppo on Tuesday." and ratio > 0.8


def test_the_rare_word_ranking_keeps_the_earlier_of_equal_passages():
    sentences = [f"Filler {i} here." for i in range(2_500)] + ["Alpha beta gamma."] * 3
    document = _prepared(" ".join(sentences))
    assert _ranked_by_rare_words({"Alpha", "beta"}, document) == [2_500, 2_501, 2_502]


def test_quotes_looked_for_in_several_batches_are_found_as_in_one(monkeypatch):
    quotes = ["Iran stood by its refusal", "Tehran was caught out", "not in the article", "the rift ... unbridgeable"]
    strings = [s for quote in quotes for s in searched_for(quote)]
    whole = _prepared(ARTICLE)
    whole.search(strings)
    monkeypatch.setattr("causal.analysis.quotes._SEARCH_BATCH", 10)
    batched = _prepared(ARTICLE)
    batched.search(strings)
    assert [quote_occurs(q, batched) for q in quotes] == [quote_occurs(q, whole) for q in quotes] == [
        True, True, False, True]
