from pathlib import Path

import pytest
from lxml import etree

import jianbao
from jianbao.model import Article, Block, Box, Element, Page, Role
from jianbao.write.pagexml import NS, page_xml, xsd_path

N = {"pc": NS}


@pytest.fixture(scope="module")
def schema():
    path = Path(xsd_path())
    assert path.exists(), "the PAGE 2019-07-15 XSD must be vendored in src/jianbao/data/"
    return etree.XMLSchema(etree.parse(str(path)))


def validate(schema, text):
    doc = etree.fromstring(text.encode("utf-8"))
    assert schema.validate(doc), schema.error_log
    return doc


def test_clipped_text_page_validates(schema):
    from archive_pages import WINTER

    page = jianbao.clip(WINTER, describe=False)
    doc = validate(schema, page_xml(page))
    regions = doc.findall(".//pc:TextRegion", N)
    assert len(regions) == len(page.blocks)
    assert {r.get("type") for r in regions} <= {"heading", "paragraph", "caption", "credit", "header", "footer", "other"}
    groups = doc.findall(".//pc:ReadingOrder/pc:OrderedGroup/pc:OrderedGroupIndexed", N)
    assert [g.get("caption") for g in groups] == [page.headline(a) for a in page.articles]
    assert "notional" in doc.find(".//pc:Comments", N).text


def test_article_order_join_relations_and_geometry(schema):
    boxes = [Box(10, 10, 300, 40), Box(10, 50, 150, 400), Box(160, 50, 300, 400), Box(10, 410, 300, 440),
             Box(10, 770, 300, 790)]
    page = Page(source="p1.pdf", blocks=tuple(Block(i, t, page=1, box=b) for i, (t, b) in enumerate(zip(
        ["标题", "第一栏的文字没有", "结束而延续到第二栏。", "（新华社记者 摄）", "第 1 版"], boxes))),
        articles=(Article("a1", (Element(Role.HEADLINE, (0,)), Element(Role.PARAGRAPH, (1, 2)),
                                 Element(Role.CAPTION, (3,)))),),
        unassigned=(Element(Role.FURNITURE, (4,)),))
    doc = validate(schema, page_xml(page, headlines={"a1": "改过的标题"}))
    refs = [r.get("regionRef") for r in doc.findall(".//pc:OrderedGroupIndexed/pc:RegionRefIndexed", N)]
    assert refs == ["r0", "r1", "r2", "r3"]
    rel = doc.find(".//pc:Relations/pc:Relation", N)
    assert rel.get("type") == "join"
    assert (rel.find("pc:SourceRegionRef", N).get("regionRef"), rel.find("pc:TargetRegionRef", N).get("regionRef")) == ("r1", "r2")
    types = {r.get("id"): r.get("type") for r in doc.findall(".//pc:TextRegion", N)}
    assert types == {"r0": "heading", "r1": "paragraph", "r2": "paragraph", "r3": "caption", "r4": "footer"}
    coords = doc.find(".//pc:TextRegion[@id='r1']/pc:Coords", N).get("points")
    assert coords == "10,50 150,50 150,400 10,400"
    assert doc.find(".//pc:OrderedGroupIndexed", N).get("caption") == "改过的标题"


def test_page_without_articles_still_validates(schema):
    page = Page(source="x.txt", blocks=(Block(0, "广告"),), articles=(), unassigned=(Element(Role.ADVERT, (0,)),))
    validate(schema, page_xml(page))
