"""The lexicon scanner finds what a regular expression of its words (longest first) finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jianbao.stages.describe.lexicon import Lexicon

ALPHABET = "北京市南海区天津"
words = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12, unique=True)


@settings(max_examples=300, deadline=None)
@given(words=words, text=st.text(alphabet=ALPHABET + "，", max_size=200))
def test_the_scanner_finds_what_the_longest_first_pattern_finds(words, text):
    pattern = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    expected = [(m.start(), m.end()) for m in pattern.finditer(text)]
    assert Lexicon(words).scan(text) == expected


@settings(max_examples=200, deadline=None)
@given(words=words, text=st.text(alphabet=ALPHABET + "，a𠀋", max_size=200))
def test_the_scanner_reads_strings_of_every_width(words, text):
    """Texts of ASCII alone, of the Basic Multilingual Plane and beyond it are stored one, two and four bytes a
    character: the compiled loop reads each kind."""
    for sample in (text, text.encode("ascii", "ignore").decode(), text + "𠀋"):
        pattern = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
        assert Lexicon(words).scan(sample) == [(m.start(), m.end()) for m in pattern.finditer(sample)]


def test_words_beyond_the_basic_plane_are_found_too():
    text = "在𠀋北京市和北京" * 10  # long enough for the table lookup
    words = ["𠀋北", "北京市", "北京", "京"]
    pattern = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    assert Lexicon(words).scan(text) == [(m.start(), m.end()) for m in pattern.finditer(text)]
    assert Lexicon(["北京", "京"]).scan(text) == [(m.start(), m.end()) for m in re.finditer("北京|京", text)]


@settings(max_examples=100, deadline=None)
@given(words=words, text=st.text(alphabet=ALPHABET + "，", max_size=200))
def test_find_gives_each_word_found_with_its_value(words, text):
    lexicon = Lexicon({w: w[::-1] for w in words})
    assert lexicon.find(text) == [(s, e, text[s:e][::-1]) for s, e in lexicon.scan(text)]
