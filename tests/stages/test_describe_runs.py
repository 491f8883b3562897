"""The describe patterns tried only where a match can start find what the patterns find everywhere, and
written with empty branches what they find written plainly; the compiled fold and the compiled keyword
ranking are what they stand for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jianbao.stages.describe import datelines, dates, figures, organizations, people
from jianbao.stages.describe.lexicon import finditer
from jianbao.stages.describe.ranking import top_words
from jianbao.stages.describe.reading import fold

#: numerals, date and unit words, range signs, spaces, what rules a number out before it (A3, 几十, 第四),
#: a digit beyond the Basic Multilingual Plane (𝟑) and a few ordinary characters
ALPHABET = "0129一二十百万亿两上下今去明前年月日天号份个名人元米%约近超多余至到-—～ \n,.第的在是和A/:#几数若𝟑"
texts = st.text(alphabet=ALPHABET, max_size=120)


def spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_dates_and_figures_found_in_runs_are_those_found_everywhere(text):
    assert spans(dates.mentions(text)) == spans(dates.DATE.finditer(text))
    assert spans(figures.mentions(text)) == spans(figures.FIGURE.finditer(text))


def plain(pattern):
    return f"(?:{pattern})?"


PLAIN_DATE, PLAIN_FIGURE = re.compile(dates.date_pattern(plain)), re.compile(figures.figure_pattern(plain))


def match_at(pattern, text, pos):
    m = pattern.match(text, pos)
    return m and (m.span(), m.groups())


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=ALPHABET + "以上左右季度", max_size=60))
def test_optional_parts_as_empty_branches_match_as_optional_groups(text):
    """The date and figure patterns written with ``runs.optional`` match what they match written plainly
    (``(?:p)?``), with the same groups, at every position."""
    for pos in range(len(text)):
        assert match_at(dates.DATE, text, pos) == match_at(PLAIN_DATE, text, pos)
        assert match_at(figures.FIGURE, text, pos) == match_at(PLAIN_FIGURE, text, pos)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="村党支部书记李王建国外交部发言人华市公安局长沙大学生院的在", max_size=120))
def test_titles_and_suffixes_tried_where_they_open_are_those_found_everywhere(text):
    rx = people._title_rx()
    assert spans(finditer(rx, text, people._titles())) == spans(rx.finditer(text))
    rx = organizations._suffix_rx()
    assert spans(finditer(rx, text, organizations._suffixes())) == spans(rx.finditer(text))


#: what folding means: full-width ASCII to half-width, the ideographic space to a space
FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8")) | st.text(alphabet="１２月３１日，。：％Ａｚ～　 ab\n𝟑年"))
def test_compiled_fold_is_the_translation(text):
    folded = fold(text)
    assert folded == text.translate(FOLD)
    assert folded.isascii() == text.translate(FOLD).isascii()  # a canonical string, whatever it holds


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="据本报新华社人民日报网北京1月31日电驻记者、 \n", max_size=80), pos=st.integers(0, 20))
def test_datelines_tried_where_an_agency_starts_are_those_searched_for(text, pos):
    for endpos in (len(text), 30):
        m, expected = datelines._search(text, pos, endpos), datelines.DATELINE.search(text, pos, endpos)
        assert (m and m.span()) == (expected and expected.span())



@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="本报新华社记者通讯员驻京王芳李强摄影报道供图责任编辑文:：/()、 \n。", max_size=60))
def test_credits_looked_for_only_where_their_word_is_are_those_found_everywhere(text):
    found, expected = people._photo_credit(text), people._CREDIT_TAIL.search(text)
    assert (found and found.span()) == (expected and expected.span())
    assert spans(people._reporters(text)) == spans(people._REPORTERS.finditer(text))
    assert spans(people._labelled(text)) == spans(people._LABELLED.finditer(text))


def plain_top_words(title, lead, known, idf_of, k):
    """The keyword tally and ranking as they were written in Python."""
    counts = {}
    for words, weight in ((title, 2), (lead, 1)):
        for w in words:
            if len(w) >= 2:
                counts[w] = counts.get(w, 0) + weight
    ranked = []
    for w, count in counts.items():
        if w not in known:
            known[w] = idf_of(w)
        if known[w] is not None:
            ranked.append((-count * known[w], w))
    ranked.sort()
    return [w for _, w in ranked[:k]]


word_lists = st.lists(st.text(alphabet="北京市长沙a1", min_size=1, max_size=3), max_size=30)


@settings(max_examples=300, deadline=None)
@given(title=word_lists, lead=word_lists, seen=st.dictionaries(st.text(alphabet="北京市", min_size=1, max_size=3),
                                                               st.none() | st.floats(0, 20)),
       k=st.integers(0, 10))
def test_compiled_keyword_ranking_is_the_plain_loop(title, lead, seen, k):
    def idf_of(w):  # an IDF for some words, none (no keyword) for others, ties among them
        return None if "a" in w else float(len(w) % 3)

    known, plain_known = dict(seen), dict(seen)
    assert top_words(title, lead, known, idf_of, k) == plain_top_words(title, lead, plain_known, idf_of, k)
    assert known == plain_known

