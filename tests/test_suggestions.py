"""Did-you-mean, written once (causal/language/suggestions.py) for names, settings, pyproject keys and rules."""

from __future__ import annotations

import difflib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.language.suggestions import (
    MAX_COMPARED,
    close_matches,
    did_you_mean,
    ends_ratio,
    length_window,
    within_reach,
)
from causal.pipeline import check_text


def test_the_closest_candidate_is_offered_as_a_sentence():
    assert did_you_mean("withdrawl", ["withdrawal", "rift"]) == " Did you mean `withdrawal`?"
    assert did_you_mean("zzz", ["withdrawal", "rift"]) == ""


def test_the_cutoff_and_count_are_the_caller_s():
    assert close_matches("CX31", ["CX311", "CX301"], n=2, cutoff=0.8) == ["CX311", "CX301"]
    assert close_matches("CX3", ["CX311"], cutoff=0.8) == []


def test_the_pre_filter_skips_only_words_more_than_twice_as_long():
    assert within_reach(4, 8) and within_reach(8, 4) and not within_reach(4, 9)
    assert list(length_window(5)) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert all(within_reach(5, n) for n in length_window(5))
    assert not within_reach(5, 2) and not within_reach(5, 11)


def test_the_pre_filter_agrees_with_difflib_above_two_thirds():
    # Below 2/3 a skipped pair might have matched; above it, nothing is lost.
    words = ["rift", "withdrawal", "no_troops", "guarantee", "crisis", "a", "ab", "abcdefgh", "riftrift"]
    for word in words:
        assert close_matches(word, words, n=9, cutoff=0.67) == difflib.get_close_matches(word, words, n=9, cutoff=0.67)


def test_a_very_long_undefined_name_is_not_compared_with_every_short_name():
    names = "\n".join(f'event e{i} "E"' for i in range(2000))
    text = f"{names}\nlink {'x' * 20000} -> e1 assumed \"x\"\n"
    started = time.perf_counter()
    report = check_text(text, path="case.cx")
    assert time.perf_counter() - started < 5
    (undefined,) = [f for f in report.findings if f.rule == "undefined-name"]
    assert "Did you mean" not in undefined.help


def test_a_word_up_to_the_limit_is_compared_by_difflib_and_a_longer_one_by_its_ends():
    short = "ab" * (MAX_COMPARED // 2)
    assert close_matches(short[:-1] + "x", [short]) == difflib.get_close_matches(short[:-1] + "x", [short])
    long = "".join(chr(0x100 + i % 300) for i in range(5 * MAX_COMPARED))
    typo = long[:100] + "x" + long[101:]
    shuffled = long[::-1]  # the same letters, no common start or end: difflib would find blocks, the ends none
    assert close_matches(typo, [shuffled, long]) == [long]
    assert close_matches(typo, [shuffled]) == []


def test_the_ends_ratio_counts_the_common_start_and_end():
    assert ends_ratio("abcxdef", "abcdef") == 2 * 6 / 13
    assert ends_ratio("abc", "abc") == 1.0
    assert ends_ratio("abc", "xyz") == 0.0
    assert ends_ratio("aaa", "aa") == 2 * 2 / 5  # prefix and suffix never overlap
    assert ends_ratio("", "") == 1.0


def test_long_candidates_of_equal_score_rank_as_difflib_ranks_them():
    base = "q" * (MAX_COMPARED + 10)
    first, second = base + "a", base + "b"
    assert close_matches(base + "c", [first, second], n=2) == [second, first]


words_and_candidates = st.tuples(
    st.text(alphabet="abcde_1", min_size=1, max_size=12), st.lists(st.text(alphabet="abcde_1", max_size=14), max_size=30)
)


@pytest.mark.slow
@settings(max_examples=500)
@given(words_and_candidates, st.sampled_from([0.0, 0.3, 0.6, 0.8, 1.0]))
def test_the_closest_word_is_the_one_difflib_picks(sample, cutoff):
    word, candidates = sample
    near = [c for c in candidates if within_reach(len(word), len(c))]
    assert close_matches(word, candidates, cutoff=cutoff) == difflib.get_close_matches(word, near, n=1, cutoff=cutoff)
