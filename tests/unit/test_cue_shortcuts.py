"""Shortcuts taken for speed say what the plain searches of the cues say (Hypothesis)."""

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jianbao import cues
from jianbao.lm.titles import feature_indices, features, hashed
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
    feature_indices.cache_clear()
    assert np.array_equal(feature_indices(text), hashed(features(text)))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet="文字，（）ＡＢ１ａ…㈠ｶﾞ가\u1161e\u0301\u0327\x00 \u3000\U00020000", max_size=12), max_size=6))
def test_many_lines_hashed_features_are_each_line_s(texts):
    from jianbao.lm.titles import feature_rows

    joined, at = feature_rows(texts)  # (the lines made normal at once, a NUL between two)
    assert len(at) == len(texts) + 1
    for k, text in enumerate(texts):
        assert joined[at[k]:at[k + 1]].tolist() == hashed(features(text)).tolist()



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


_FURNITURE_CHARS = "第版年月日星期周一二三五天0129０９ABZ人民日报晚商时要闻国际 　:：网址站http://www.s.cn（()）文字"


@settings(max_examples=5000, deadline=None)
@given(st.text(alphabet=_FURNITURE_CHARS, max_size=30))
@example("第3版")
@example("人民日报  要闻  第3版")
@example("12")
@example("２０２０年1月1日 星期三")
@example("人民日报 2020年")
@example("A3要闻")
@example("RENMIN RIBAO")
@example("网址：http://www.people.cn")
@example("www.people.cn")
def test_furniture_is_searched_for_only_where_it_may_be(text):
    from jianbao.stages.roles import _FURNITURE_SEARCHES, is_furniture

    found = any(p.search(text) for p in cues.FURNITURE)
    for chars, openers, search in _FURNITURE_SEARCHES:  # a pattern is asked wherever it could match
        assert bool(chars and chars in text or text[:1] in openers) or not search(text)
    assert is_furniture(text) == (text in cues.SECTION_NAMES or bool(cues.PAPER_NAME.match(text))
                                  or len(text) <= cues.FURNITURE_MAX_CHARS and found)


def plain_block_kind(text: str):
    """A text-dump block's kind with every pattern asked in turn (how ``roles.block_kind`` asked them before
    it looked at the text's first character)."""
    from jianbao.model import Role
    from jianbao.stages.roles import has_credit, kind_by_words

    if cues.CONTINUATION.match(text):
        return Role.CONTINUATION
    if cues.AD_LABEL.match(text):
        return Role.ADVERT
    if text in cues.SECTION_NAMES or cues.PAPER_NAME.match(text) or (
            len(text) <= cues.FURNITURE_MAX_CHARS and any(p.search(text) for p in cues.FURNITURE)):
        return Role.FURNITURE
    if cues.AUTHOR_NOTE.match(text):
        return Role.AUTHOR_NOTE
    if (has_credit(text) or cues.CAPTION_OPENERS.match(text)) and len(text) < 300:
        return Role.CAPTION
    return kind_by_words(text)  # (no pattern of these is asked ahead of its turn)


_KIND_CHARS = "（()）【[]】 \n　下上转接第2版广告作者笔者系图为左右一：:摄人民日报晚报北京年月日星期三A网址。，文字"


@settings(max_examples=5000, deadline=None)
@given(st.text(alphabet=_KIND_CHARS, max_size=20))
@example("下转第2版")
@example("（上接第1版）")
@example("【广告】")
@example(" 广告")
@example("（作者系北京大学教授）")
@example("图为北京街景。")
@example("人民日报")
@example("北京晚报\n")
@example("要闻")
def test_a_block_s_kind_is_what_every_pattern_asked_in_turn_says(text):
    from jianbao.model import Block
    from jianbao.stages.roles import block_kind

    assert block_kind(Block(id=0, raw=text)) == plain_block_kind(Block(id=0, raw=text).text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="（()）本报新华社中新社人民日报央视光明经济网北京1月日电讯记者 　\n资讯速递图片新闻微阅读，。文字", max_size=40))
@example("（本报罗马1月1日电）")
@example("本报北京1月31日电 （记者王芳）")
@example(" 图片新闻\n")
@example("一二三四五六图片新闻")
def test_datelines_and_roundups_are_asked_only_of_texts_they_may_be_in(text):
    from jianbao.stages.evidence import names_roundup, opens_story, text_cues

    m = cues.DATELINE.match(text)
    assert opens_story(text) == (bool(m) and not (text[0] in "（(" and text[-1] in "）)"
                                                  and len(text) <= m.end() + 30))
    assert names_roundup(text) == bool(cues.ROUNDUP.match(text.strip()))
    # text_cues asks them only of the texts that open or are short as they need
    said = text_cues([text])
    assert said["opens_story"][0] == opens_story(text)
    assert said["roundup"][0] == names_roundup(text)


def test_what_a_line_s_form_keeps_is_what_isalnum_refuses_every_code_point():
    import sys

    from jianbao.stages.starts import _NOT_ALNUM

    assert [c for c in map(chr, range(sys.maxunicode + 1)) if (_NOT_ALNUM.match(c) is None) != c.isalnum()] == []


def test_a_text_opens_midway_where_its_first_character_is_one_of_the_set_every_code_point():
    import sys

    from jianbao.stages.roles import MIDWAY_FIRSTS

    assert [c for c in map(chr, range(sys.maxunicode + 1))
            if (cues.OPENS_MIDWAY.match(c + "文") is not None) != (c in MIDWAY_FIRSTS)] == []
    assert "" not in MIDWAY_FIRSTS and cues.OPENS_MIDWAY.match("") is None


def test_a_deck_s_pattern_and_the_names_list_are_asked_only_of_texts_they_may_match_every_code_point():
    import sys

    from jianbao.stages.roles import _DECK_DASHES

    # cues.SUBTITLE opens with a dash of DECK_DASHES; cues.NAMES_LIST needs a separator, which is no letter
    assert [c for c in map(chr, range(sys.maxunicode + 1))
            if (cues.SUBTITLE.match(c + "—") is not None) != (c in _DECK_DASHES)] == []
    assert [c for c in map(chr, range(sys.maxunicode + 1))
            if cues.NAMES_LIST.match("王芳" + c + "李强") and ("王芳" + c + "李强").isalnum()] == []


def test_a_section_s_number_is_asked_only_of_a_line_opening_with_one_of_its_characters_every_code_point():
    import sys

    from jianbao.stages.roles import is_deck
    from jianbao.stages.starts import _NUMBER_OPENERS, is_numbered

    # each of cues.HEADING_NUMBER's numbers goes on so after its first character: 一、 1、 （一） 第一部
    assert [c for c in map(chr, range(sys.maxunicode + 1))
            if any(cues.HEADING_NUMBER.match(c + rest) for rest in ("、", "一）", "一部")) != (c in _NUMBER_OPENERS)] == []
    assert not is_numbered("") and not is_deck("") and is_numbered("（三）要闻") and is_deck("——记某某")


@example("王芳\n")
@example("欧阳小明")
@example("王芳 李强")
@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="王李欧阳芳强小明 　、\n，a", max_size=12))
def test_names_and_lists_of_names_are_what_their_patterns_say(text):
    from jianbao.stages.roles import has_byline_words, is_byline, is_name

    assert is_name(text) == (bool(cues.NAME_ALONE.match(text)) and (
        text[0] in cues.SURNAMES or text.startswith(cues.COMPOUND_SURNAMES)))
    if not has_byline_words(text) and not is_name(text):  # (a list of names: its pattern, then each name)
        assert is_byline(text) == (bool(cues.NAMES_LIST.match(text))
                                   and all(is_name(n) for n in text.replace("、", " ").split()))
