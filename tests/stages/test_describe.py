"""The describe stage: each finder on small strings, the stage on a page, and the gold evaluation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jianbao.model import Article, Block, Element, Page, Role
from jianbao.stages.describe import describe, describe_article, issue_date
from jianbao.stages.describe.dates import find_dates
from jianbao.stages.describe.datelines import find_dateline
from jianbao.stages.describe.figures import chinese_number, find_figures
from jianbao.stages.describe.organizations import find_organizations
from jianbao.stages.describe.people import find_people, names_in
from jianbao.stages.describe.places import find_places
from jianbao.stages.describe.reading import ArticleText, fold
from jianbao.stages.describe.topic import choose_topic

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "about-gold.jsonl"
ISSUE = dt.date(2020, 2, 3)


def dates(text: str, anchor: dt.date = ISSUE) -> list[dict]:
    return find_dates(text, fold(text), anchor)


def figures(text: str) -> list[dict]:
    return find_figures(text, fold(text))


def article(*parts: tuple[Role, str]) -> ArticleText:
    return ArticleText(list(parts))


def codes(*paragraphs: str) -> list[str]:
    text = article(*[(Role.PARAGRAPH, p) for p in paragraphs])
    places, _ = find_places(text, find_dateline(text.folded))
    return [p["code"] for p in places if "code" in p]


def credits(*parts: tuple[Role, str]) -> list[tuple]:
    text = article(*parts)
    return [(p["name"], p["role"]) for p in find_people(text, find_dateline(text.folded)) if p["role"] != "mentioned"]


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("5月12日召开", {"date": "2020-05-12"}),
    ("12日上午", {"date": "2020-02-12"}),
    ("28日", {"date": "2020-01-28"}),
    ("昨天", {"date": "2020-02-02"}),
    ("今年以来", {"start": "2020-01-01", "end": "2020-02-03"}),
    ("去年", {"start": "2019-01-01", "end": "2019-12-31"}),
    ("去年12月", {"start": "2019-12-01", "end": "2019-12-31"}),
    ("１２月３１日", {"date": "2019-12-31"}),
    ("2019年1—11月", {"start": "2019-01-01", "end": "2019-11-30"}),
    ("1月20日至22日", {"start": "2020-01-20", "end": "2020-01-22"}),
    ("2019年第四季度", {"start": "2019-10-01", "end": "2019-12-31"}),
    ("二〇二〇年", {"start": "2020-01-01", "end": "2020-12-31"}),
])
def test_dates_resolve_against_the_issue_date(text, expected):
    found = dates(text)
    assert len(found) == 1
    assert {k: v for k, v in found[0].items() if k != "text"} == expected


def test_month_ranges_are_past_ones_and_may_be_this_year():
    assert dates("1-4月", dt.date(2020, 5, 20))[0] == {"text": "1-4月", "start": "2020-01-01", "end": "2020-04-30"}
    assert dates("1-4月", dt.date(2020, 2, 3))[0]["start"] == "2019-01-01"


def test_partial_dates_follow_the_story():
    found = dates("1994年2月21日，他入伍。2月26日，他出发。")
    assert found[1] == {"text": "2月26日", "date": "1994-02-26"}
    found = dates("1月22日晚接到通知。28日，她坐上了航班。", dt.date(2020, 2, 17))
    assert found[1]["date"] == "2020-01-28"


def test_dateline_day_anchors_relative_dates():
    text = article((Role.PARAGRAPH, "本报北京1月31日电 （记者杜一菲）今天上午，会议召开。"))
    line = find_dateline(text.folded)
    assert line.places == ("北京",) and line.date(ISSUE) == dt.date(2020, 1, 31)


def test_not_dates():
    assert dates("（今日谈）") == []
    assert dates("云南昆明日前举办") == []
    assert dates("上世纪90年代") == []
    assert dates("2月3日", None) == []  # no anchor, no year
    assert dates("2020年2月3日", None) == [{"text": "2020年2月3日", "date": "2020-02-03"}]


# -- figures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value, unit, approx", [
    ("帮扶200余户贫困户", 200, "户", True),
    ("投资近3000万元", 30000000, "元", True),
    ("增长12.5%", 12.5, "%", False),
    ("4.8亿元", 480000000, "元", False),
    ("2.6万名志愿者参与", 26000, "名", False),
    ("三千名学生", 3000, "名", False),
    ("超过7500个", 7500, "个", True),
    ("下调10个基点", 10, "基点", False),
    ("１２．５％", 12.5, "%", False),
])
def test_figures(text, value, unit, approx):
    (f,) = figures(text)
    assert (f["value"], f["unit"], f["approx"]) == (value, unit, approx)


def test_figure_counts_and_ranges():
    (f,) = figures("2.6万名志愿者参与")
    assert f["counts"] == "志愿者" and f["text"] == "2.6万名志愿者"
    (f,) = figures("每年可引起200万至600万人感染")
    assert (f["value"], f["max"], f["unit"]) == (2000000, 6000000, "人")


@pytest.mark.parametrize("text", ["2019年", "5G网络", "第3名", "十九大", "两个维护", "一个时代", "第四十七次",
                                  "数十吨物资", "十几个场景", "十分重要", "1年期LPR", "12345热线"])
def test_not_figures(text):
    assert figures(text) == []


def test_chinese_numbers():
    assert chinese_number("三千") == 3000
    assert chinese_number("两万五千") == 25000
    assert chinese_number("二十") == 20
    assert chinese_number("一百零五") == 105


# -- places -------------------------------------------------------------------------------------


def test_places_full_names_and_chains():
    assert codes("湖南省长沙市岳麓区人民法院审理了此案。") == ["430104"]
    assert codes("在雨湖区，居民们忙着备年货。") == ["430302"]


def test_short_forms_need_their_city_or_province():
    assert codes("长沙市民在岳麓山下锻炼，岳麓区推出新措施。") == ["430100", "430104"]
    assert "430104" in codes("长沙这几年变化很大。", "岳麓的居民说。")
    assert codes("岳麓的居民说。") == []


def test_ambiguous_names_and_landforms():
    assert codes("朝阳区的社区工作者") == ["110105"]  # Beijing's, failing other evidence
    assert codes("长春市民在朝阳区排队") == ["220100", "220104"]
    assert codes("游客登上泰山") == []  # the mountain
    assert codes("山东泰安市泰山区") == ["370902"]


def test_not_places():
    assert codes("严金昌笑着打断") == []  # a person called 严金昌, not 金昌市
    assert codes("广州北京路步行街") == ["440100"]
    assert codes("市直和县区企业") == []  # not 和县


def test_places_entries_and_primary_place():
    text = article((Role.HEADLINE, "岳麓区调解纠纷"), (Role.PARAGRAPH, "本报长沙2月2日电 长沙市岳麓区人民法院…"))
    places, primary = find_places(text, find_dateline(text.folded))
    assert places[0] == {"text": "岳麓区", "name": "湖南省长沙市岳麓区", "code": "430104", "level": "county", "count": 2}
    assert primary == {"name": "湖南省长沙市岳麓区", "code": "430104"}


def test_foreign_countries_have_no_code():
    text = article((Role.PARAGRAPH, "据新华社开罗2月3日电 埃及安全官员说……"))
    places, _ = find_places(text, find_dateline(text.folded))
    assert {"text": "埃及", "name": "埃及", "level": "country", "count": 1} in places


# -- people -------------------------------------------------------------------------------------


def test_reporters_from_datelines_and_bylines():
    assert credits((Role.PARAGRAPH, "本报北京1月31日电 （记者杜一菲）会议召开。")) == [("杜一菲", "reporter")]
    assert credits((Role.BYLINE, "本报记者  乔  栋")) == [("乔栋", "reporter")]
    assert credits((Role.BYLINE, "（本报记者  彭  波整理）")) == [("彭波", "reporter")]
    assert credits((Role.BYLINE, "（罗鹏 唐曦）")) == [("罗鹏", "reporter"), ("唐曦", "reporter")]
    assert credits((Role.PARAGRAPH, "人民网记者  闫  峰  本报记者  姚雪青")) == [("闫峰", "reporter"), ("姚雪青", "reporter")]
    assert credits((Role.PARAGRAPH, "（综合本报记者刘维涛、邓建胜报道）")) == [("刘维涛", "reporter"), ("邓建胜", "reporter")]


def test_photographers_editors_designers():
    assert credits((Role.CAPTION, "（新华社记者兰红光摄）")) == [("兰红光", "photographer")]
    assert credits((Role.CAPTION, "图为大桥施工现场。 喻 敏摄（人民视觉）")) == [("喻敏", "photographer")]
    assert credits((Role.CAPTION, "本版摄影：史家民  版式设计：沈亦伶")) == [("史家民", "photographer"), ("沈亦伶", "designer")]
    assert credits((Role.CAPTION, "责任编辑：王芳")) == [("王芳", "editor")]
    assert credits((Role.CAPTION, "本版制图：汪哲平")) == [("汪哲平", "designer")]
    assert credits((Role.CAPTION, "曹希阳图  于  石文")) == [("曹希阳", "designer"), ("于石", "author")]


def test_authors_and_their_notes():
    text = article((Role.BYLINE, "张同吾"), (Role.PARAGRAPH, "正文" * 30), (Role.AUTHOR_NOTE, "（作者系北京大学教授）"))
    people = find_people(text)
    assert {"name": "张同吾", "role": "author", "title": "北京大学教授"} in people
    assert credits((Role.AUTHOR_NOTE, "（作者为智利在华留学生，本报记者张远南采访整理）")) == [
        ("张远南", "reporter"), (None, "author")]


def test_people_mentioned_with_their_titles():
    text = article((Role.PARAGRAPH, "“村里变化很大。”村党支部书记李建国说，大家的日子越过越好了。"))
    assert {"name": "李建国", "role": "mentioned", "title": "村党支部书记"} in find_people(text)


def test_names_in_padded_credits():
    assert names_in("王芳、李强") == ["王芳", "李强"]
    assert names_in("韩 飞") == ["韩飞"]


# -- organisations and topic ----------------------------------------------------------------------


def test_organizations():
    found = [o["name"] for o in find_organizations(fold("长沙市岳麓区人民法院日前审结一起案件，湖南大学和长沙市公安局参与。"))]
    assert "长沙市岳麓区人民法院" in found and "湖南大学" in found and "长沙市公安局" in found


def test_topic_by_listed_terms():
    assert choose_topic("法院审结一起合同纠纷案件", "法官依法审理……判决", [], False) == "courts-law"
    assert choose_topic("铁路春运今日启动", "列车……旅客……", [], False) == "transport"
    assert choose_topic("博物馆展出文物", "……", [], True) == "international"  # filed from abroad


# -- the stage ----------------------------------------------------------------------------------


def _page(date: str | None = "2020-02-03", furniture: str | None = None) -> Page:
    texts = ["岳麓区调解矛盾纠纷", "本报长沙2月2日电 （记者王芳）昨天，长沙市岳麓区人民法院调解了200余户居民的纠纷。", "王芳摄"]
    roles = [Role.HEADLINE, Role.PARAGRAPH, Role.CAPTION]
    unassigned: tuple[Element, ...] = ()
    if furniture:
        texts.append(furniture)
        unassigned = (Element(Role.FURNITURE, (3,)),)
    blocks = tuple(Block(id=i, raw=t) for i, t in enumerate(texts))
    art = Article(id="a1", elements=tuple(Element(r, (i,)) for i, r in enumerate(roles)))
    return Page(source="t.txt", blocks=blocks, articles=(art,), date=date, unassigned=unassigned)


def test_describe_fills_about():
    page = describe(_page())
    about = page.articles[0].about
    assert set(about) == {"dates", "places", "primary_place", "people", "organizations", "figures", "topic", "keywords"}
    assert {"text": "昨天", "date": "2020-02-01"} in about["dates"]  # the day before the filing day
    assert about["primary_place"]["code"] == "430104"
    assert {"name": "王芳", "role": "reporter"} in about["people"]
    assert {"name": "王芳", "role": "photographer"} in about["people"]
    assert about["figures"][0]["value"] == 200 and about["figures"][0]["approx"]
    assert 1 <= len(about["keywords"]) <= 8
    assert page.to_dict()["articles"][0]["about"] == about


def test_issue_date_from_page_or_furniture():
    assert issue_date(_page()) == dt.date(2020, 2, 3)
    assert issue_date(_page(date=None, furniture="2020年2月3日 星期一")) == dt.date(2020, 2, 3)
    assert issue_date(_page(date=None)) is None
    page = _page(date=None)
    assert describe_article(page, page.articles[0], None)["dates"] == []  # no issue date: only full dates resolve


# -- the gold set -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gold_report():
    from jianbao.stages.describe.evaluate import evaluate

    return evaluate(str(GOLD))


def test_gold_set_is_large_enough(gold_report):
    assert gold_report["articles"] >= 60
    assert GOLD.stat().st_size < 1_000_000


def test_gold_places(gold_report):
    assert gold_report["places_precision"] >= 0.90
    assert gold_report["places_recall"] >= 0.85


def test_gold_bylines(gold_report):
    assert gold_report["bylines_precision"] >= 0.95
    assert gold_report["bylines_recall"] >= 0.95


def test_gold_figures(gold_report):
    assert gold_report["figures_precision"] >= 0.95


def test_gold_dates(gold_report):
    assert gold_report["dates_accuracy"] >= 0.90


def test_gold_topic_is_measured(gold_report):
    assert 0.0 <= gold_report["topic_accuracy"] <= 1.0


def test_the_shipped_jieba_word_lists_are_those_of_the_installed_jieba():
    from jianbao.stages.describe import words

    assert words._shipped() == words.derive(), "rebuild them: python scripts/build_words.py"
