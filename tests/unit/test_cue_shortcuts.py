"""Shortcuts taken for speed say what the plain searches of the cues say (Hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jianbao import cues
from jianbao.lm.titles import _indices, features, hashed
from jianbao.stages.roles import ends_as_kicker, ends_sentence, ends_softly, has_credit, text_ends

# the characters the patterns turn on, and a few that are none of them
_CHARS = cues.SENTENCE_END + cues.CLOSERS + "——……强调指出表示要求提出摄供稿图片来源制绘漫画：:（()） \n\t　文字a0"
texts = st.text(alphabet=_CHARS, max_size=40)


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_a_sentence_end_is_found_in_the_text_s_end(text):
    assert ends_sentence(text) == bool(cues.ENDS_SENTENCE.search(text))
    assert ends_softly(text) == bool(cues.SOFT_END.search(text))
    assert ends_as_kicker(text) == bool(cues.KICKER_END.search(text))
    assert text_ends(text) == (ends_sentence(text), ends_softly(text), ends_as_kicker(text))


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_a_credit_is_looked_for_only_where_it_may_be(text):
    assert has_credit(text) == bool(cues.CREDIT.search(text))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="本报新华社北京电讯记者通讯员月日0123456789abcAB，、：；。！？“”《》（）—…·　 \uff11\uff41文字", max_size=30))
def test_a_line_s_hashed_features_are_the_plain_ones(text):
    _indices.cache_clear()
    assert np.array_equal(_indices(text), hashed(features(text)))



_BYLINE_CHARS = "（()）本报新华社人民日报驻北京特约记者通讯员评论员王芳李强 　、据中新社电。责任编辑版式设计:：E-mailE-MAIL邮箱投稿栏目"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_BYLINE_CHARS, max_size=30))
def test_the_bylines_as_one_alternation_match_what_one_of_them_matches(text):
    from jianbao.stages.roles import _BYLINE

    assert bool(_BYLINE.match(text)) == any(p.match(text) for p in cues.BYLINE)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=_CHARS + "本报新华社北京电讯资讯速递，,、；;（(abcAB12", max_size=30), max_size=8))
def test_the_texts_cues_in_one_pass_are_the_cues_one_by_one(texts):
    from jianbao.stages.evidence import COMMAS, opens_story, text_cues
    from jianbao.stages.roles import opens_midway

    said = text_cues(texts)
    assert said["ends_sentence"].tolist() == [ends_sentence(t) for t in texts]
    assert said["ends_softly"].tolist() == [ends_softly(t) for t in texts]
    assert said["ends_as_kicker"].tolist() == [ends_as_kicker(t) for t in texts]
    assert said["ends_in_comma"].tolist() == [t.rstrip().endswith(COMMAS) for t in texts]
    assert said["opens_midway"].tolist() == [opens_midway(t) for t in texts]
    assert said["opens_story"].tolist() == [opens_story(t) for t in texts]
    assert said["roundup"].tolist() == [bool(cues.ROUNDUP.match(t.strip())) for t in texts]
    assert said["ends_latin"].tolist() == [t[-1:].isascii() and t[-1:].isalnum() for t in texts]
