"""The gold role rules and the line breaker (no corpus needed)."""

from __future__ import annotations

from jianbao.bench.roles import article_elements, paragraph_roles, title_roles
from jianbao.bench.wrap import NO_LINE_END, NO_LINE_START, wrap
from jianbao.model import Role

K, H, S = Role.KICKER, Role.HEADLINE, Role.SUBHEADLINE


def test_title_lines() -> None:
    assert title_roles(["衡阳公安驻滇打击跨境犯罪"]) == [H]
    assert title_roles(["用生命谱写英雄的壮歌", "——追记武汉市武昌医院院长刘智明"]) == [H, S]
    assert title_roles(["美疾控中心——", "美国流感已致105名儿童死亡"]) == [K, H]
    assert title_roles(["沈铁梅：", "唱出川剧的麻辣味"]) == [K, H]
    assert title_roles(["江西针对赣江生态保护开展试点", "按流域设置环境监管和执法机构"]) == [H, S]
    assert title_roles(["茅台集团", "危难时刻  真情相伴", "以必胜的信心坚决打赢"]) == [K, H, S]


def test_paragraph_roles() -> None:
    body = ["本报记者 王政", "正文" * 700, "核心阅读", "三、对外开放与国际合作",
            "1月31日，习近平主持会议。（新华社记者兰红光摄）", "曹正平摄（人民视觉）",
            "图为工人在卸货。", "（作者为中国工程院院士）", "（王芳 李强）", "（本报北京10月9日电）", "马科"]
    assert paragraph_roles(body) == [
        Role.BYLINE, Role.PARAGRAPH, Role.HEADING, Role.HEADING, Role.CAPTION, Role.CAPTION,
        Role.CAPTION, Role.AUTHOR_NOTE, Role.BYLINE, Role.PARAGRAPH, Role.BYLINE]


def test_short_articles_have_no_headings() -> None:
    assert paragraph_roles(["核心阅读", "很短的正文。"]) == [Role.PARAGRAPH, Role.PARAGRAPH]


def test_elements_keep_order_and_drop_empty_lines() -> None:
    els = article_elements(["标题"], ["第一段。", "  ", "第二段。"])
    assert els == [(H, "标题"), (Role.PARAGRAPH, "第一段。"), (Role.PARAGRAPH, "第二段。")]


def test_wrap_keeps_closing_marks_off_line_starts() -> None:
    text = ("在１９９８年来临之际，我十分高兴地通过中央人民广播电台、中国国际广播电台和中央电视台，"
            "向全国各族人民，向香港特别行政区同胞、澳门和台湾同胞、海外侨胞，向世界各国的朋友们，"
            "致以诚挚的问候和良好的祝愿！“COVID-19”疫情（新型冠状病毒肺炎）……") * 3
    for chars in range(6, 20):
        lines = wrap(text, "song", 10.0, chars * 10.0, indent=20.0)
        assert "".join(text[ln.start:ln.end] for ln in lines) == text
        for n, ln in enumerate(lines):
            assert n == 0 or ln.text[0] not in NO_LINE_START, ln.text
            assert ln.last or ln.text[-1] not in NO_LINE_END, ln.text
        assert all("COVID-19" in ln.text for ln in lines if "COVID" in ln.text)


def test_an_ad_slot_is_an_advert_outside_articles() -> None:
    from jianbao.bench.gold import sources

    assert article_elements(["广告"], []) == [(Role.ADVERT, "广告")]
    assert article_elements(["广告"], ["本版广告由某公司发布。"])[0][0] is Role.HEADLINE  # a story about it
    layout = {"articles": [{"elements": [{"role": "headline", "text": "新闻"}, {"role": "paragraph", "text": "正文。"}]},
                           {"elements": [{"role": "advert", "text": "广告"}]}],
              "furniture": [],
              "lines": [{"article": a, "element": e, "start": 0, "end": n}
                        for a, e, n in ((0, 0, 2), (0, 1, 3), (1, 0, 2))]}
    assert [(s.article, s.role) for s in sources(layout)] == [(0, Role.HEADLINE), (0, Role.PARAGRAPH),
                                                              (None, Role.ADVERT)]
