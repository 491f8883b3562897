"""What the PDF reader takes from a page's drawing, and what the stages make of it: rules between
articles, pictures and their captions, titles set on several lines."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from jianbao.model import Block, Box, Page, Photo, Role, Rule
from jianbao.read.order import reading_order
from jianbao.read.pdf import read_pdf_page
from jianbao.stages.evidence import closes_story, ruled_apart
from jianbao.stages.roles import assign_roles

BODY = "为打击治理跨境违法犯罪，衡阳市公安局派出工作组赴云南开展工作，工作组与当地警方密切协作。"


def block(i: int, box: tuple[float, float, float, float], size: float = 9.0, text: str | None = None) -> Block:
    return Block(i, text or f"第{i}块文字内容", page=1, box=Box(*box), size=size)


def test_a_rule_between_two_blocks_sets_them_apart():
    blocks = (block(0, (0, 0, 90, 50)), block(1, (110, 0, 200, 50)), block(2, (0, 60, 90, 100)))
    page = Page("p", blocks, rules=(Rule(1, Box(100, 0, 100, 120)),))
    apart = ruled_apart(page)
    assert apart[0, 1] and apart[1, 0] and apart[1, 2]
    assert not apart[0, 2]  # the same side of the rule
    assert not ruled_apart(Page("p", blocks)).any()  # a text dump: no rules, nothing apart


def test_rules_on_another_page_do_not_count():
    blocks = (block(0, (0, 0, 90, 50)), block(1, (110, 0, 200, 50)))
    page = Page("p", blocks, rules=(Rule(2, Box(100, 0, 100, 120)),))
    assert not ruled_apart(page).any()


def test_reading_order_follows_a_rule_before_white_space():
    # left story: text from the top; right story: its headline, reaching over the page's middle, sits
    # higher than anything on the left
    left = [block(0, (0, 102, 90, 150)), block(1, (0, 155, 90, 200))]
    right = [block(2, (95, 88, 200, 100), size=20.0), block(3, (95, 105, 200, 200))]
    blocks = right + left  # the content stream's order
    ruled = [b.text for b in reading_order(blocks, [Rule(1, Box(92.5, 80, 92.5, 210))])]
    assert ruled == [left[0].text, left[1].text, right[0].text, right[1].text]
    unruled = [b.text for b in reading_order(blocks)]
    assert unruled[0] == right[0].text  # without the rule the title band over the region is read first


def test_titles_side_by_side_are_no_title_band():
    # two stories side by side, their headlines on one row: each headline is read with its own story
    left = [block(0, (0, 88, 90, 100), size=20.0), block(1, (0, 105, 90, 200))]
    right = [block(2, (110, 88, 200, 100), size=20.0), block(3, (110, 105, 200, 200))]
    order = [b.text for b in reading_order(right + left)]
    assert order == [left[0].text, left[1].text, right[0].text, right[1].text]


def test_collinear_rules_with_a_gutter_between_divide_like_one():
    top = [block(0, (0, 0, 90, 40)), block(1, (110, 0, 200, 40))]
    bottom = [block(2, (0, 60, 200, 100))]
    rules = [Rule(1, Box(0, 50, 95, 50)), Rule(1, Box(105, 50, 200, 50)), Rule(1, Box(100, 0, 100, 45))]
    order = [b.text for b in reading_order(bottom + top, rules)]
    assert order == [top[0].text, top[1].text, bottom[0].text]


def test_small_type_under_a_picture_is_its_caption():
    photo = Photo(1, Box(0, 0, 200, 100))
    blocks = (block(0, (0, 104, 200, 112), size=7.5, text="村民在新建的文化广场上排练节目。"),
              block(1, (0, 118, 200, 126), size=7.5, text="张三摄"),
              block(2, (0, 140, 200, 300), size=9.0, text=BODY * 3),
              block(3, (0, 300, 200, 320), size=9.0, text=BODY))
    page = assign_roles(Page("p", blocks, photos=(photo,)))
    assert page.roles[0] is Role.CAPTION and page.roles[1] is Role.CAPTION  # the caption and its credit line
    assert page.roles[2] is Role.PARAGRAPH


def test_no_caption_across_a_rule_or_in_body_type():
    photo = Photo(1, Box(0, 0, 200, 100))
    small = block(0, (0, 104, 200, 112), size=7.5, text="村民在新建的文化广场上排练节目。")
    body = block(1, (0, 140, 200, 300), size=9.0, text=BODY * 3)
    ruled = Page("p", (small, body), photos=(photo,), rules=(Rule(1, Box(0, 102, 200, 102)),))
    assert assign_roles(ruled).roles[0] is not Role.CAPTION  # the picture ends the story above the rule
    under = Page("p", (block(0, (0, 104, 200, 180), size=9.0, text=BODY * 2), body), photos=(photo,))
    assert assign_roles(under).roles[0] is Role.PARAGRAPH  # body type under a picture: text flowing on


@pytest.fixture()
def titled_pdf(tmp_path):
    """A story whose headline is centred on two lines, a rule under it and a tinted picture."""
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=600)
    for k, line in enumerate(("衡阳公安驻滇打击", "跨境犯罪")):
        width = pymupdf.get_text_length(line, fontname="china-s", fontsize=20)
        page.insert_text(((420 - width) / 2, 60 + 24 * k), line, fontname="china-s", fontsize=20)
    y = 120
    for k in range(8):
        page.insert_text((30 + (20 if k == 0 else 0), y), BODY[k * 5:k * 5 + 20] or BODY[:20],
                         fontname="china-s", fontsize=10)
        y += 14
    page.draw_line((20, 260), (400, 260), width=0.5)
    page.draw_rect(pymupdf.Rect(30, 280, 200, 380), color=None, fill=(0.6, 0.6, 0.6))
    path = tmp_path / "titled.pdf"
    doc.save(path)
    return path


def test_the_reader_keeps_a_headline_set_on_two_lines_together(titled_pdf):
    page = read_pdf_page(titled_pdf)
    assert page.blocks[0].text == "衡阳公安驻滇打击跨境犯罪"
    assert [r.horizontal for r in page.rules] == [True]
    assert len(page.photos) == 1 and page.photos[0].box.width == pytest.approx(170, abs=1)


def test_rules_come_from_the_one_text_pass_unless_a_path_needs_tracing(tmp_path):
    """A thick rule is one rule, a stroked frame its four edges; a path that is neither straight nor a
    rectangle (a grid drawn as one path) is traced segment by segment, and both ways agree."""
    from jianbao.read.pdf import page_drawings, page_text, traced_drawings

    doc = pymupdf.open()
    page = doc.new_page(width=420, height=600)
    page.insert_text((30, 40), BODY[:20], fontname="china-s", fontsize=10)
    page.draw_line((20, 60), (400, 60), width=3)
    page.draw_rect(pymupdf.Rect(30, 100, 300, 200), color=(0, 0, 0), width=1)
    def edges(rules):
        return sorted((r.horizontal, r.box.x0, r.box.y0, r.box.x1, r.box.y1) for r in rules)

    simple, traced = edges(page_drawings(page, 1, page_text(page)[2])[0]), edges(traced_drawings(page, 1)[0])
    assert len(simple) == len(traced) == 5
    for a, b in zip(simple, traced):  # a path's box holds its stroke's width (3 pt at most here)
        assert a[0] == b[0] and max(abs(x - y) for x, y in zip(a[1:], b[1:])) <= 3.0
    shape = page.new_shape()  # an L-shaped polyline and a separate segment, in one path
    shape.draw_polyline([(40, 300), (40, 400), (300, 400)])
    shape.draw_line((40, 450), (300, 450))
    shape.finish(color=(0, 0, 0), width=1)
    shape.commit()
    drawn = page_drawings(page, 1, page_text(page)[2])
    assert drawn == traced_drawings(page, 1)
    found = {(r.box.x0, r.box.y0, r.box.x1, r.box.y1) for r in drawn[0]}
    assert {(40, 300, 40, 400), (40, 400, 300, 400), (40, 450, 300, 450)} <= found


@pytest.mark.parametrize("text, kind, closes", [
    ("（作者系湖南大学教授）", Role.AUTHOR_NOTE, True),
    ("（王芳 李强）", Role.BYLINE, True),
    ("（新华社洛杉矶电 记者谭晶晶）", Role.PARAGRAPH, True),
    ("本报记者 王芳", Role.BYLINE, False),
    ("（" + BODY + "）", Role.PARAGRAPH, False),
])
def test_what_ends_a_story(text, kind, closes):
    assert closes_story(text, kind) is closes


def test_a_heading_cut_at_a_column_end_runs_on_and_a_heading_pair_does_not():
    from jianbao.lm.model import default_lm
    from jianbao.stages.evidence import gather

    def heading(i, box, text):
        return Block(i, text, page=1, box=Box(*box), size=9.0, bold=True)

    blocks = (block(0, (0, 0, 100, 300), text=BODY * 4),
              heading(1, (0, 310, 100, 320), "东京奥运女子跆拳道项目，中国队已"),   # reaches the column's edge
              heading(2, (130, 0, 180, 10), "达成满额参赛"),                      # top of the next column
              block(3, (120, 15, 220, 300), text=BODY * 4),
              heading(4, (20, 330, 80, 340), "源头治理见实效"),                    # a heading pair, one column:
              heading(5, (20, 345, 80, 355), "长江干流水质向好"))                  # never one heading
    page = assign_roles(Page("p", blocks))
    assert [page.roles[i] for i in (1, 2, 4, 5)] == [Role.HEADING] * 4
    ev = gather(page, default_lm())
    assert ev.join[1, 2] > float("-inf")
    assert ev.join[4, 5] == float("-inf") and ev.join[1, 4] == float("-inf")
    assert ev.tail_runs_on[1] == 1 and ev.tail_runs_on[4] <= 0  # the cut heading's line runs on


def test_rules_are_found_on_a_scan_but_not_in_its_text():
    from jianbao.read.image import image_rules
    from jianbao.read.pdf import Line

    image = np.full((400, 600), 255, dtype=np.uint8)
    image[200:202, 20:580] = 0          # a rule across the page, 2 px thick
    image[20:380, 300:302] = 0          # a vertical rule
    image[50:60, 40:240] = 0            # a thick stroke inside a text line (a headline's glyph)
    image[100:130, 320:560] = 0         # a dark picture: too thick to be a rule
    lines = [Line("测试标题", Box(30, 45, 250, 65), 20.0, False)] + \
            [Line("正文" * 5, Box(320, 250 + 25 * k, 560, 270 + 25 * k), 20.0, False) for k in range(4)]
    rules = image_rules(image, lines, 1.0, 1)
    assert sorted((r.horizontal, round(r.box.x0), round(r.box.y0), round(r.box.x1), round(r.box.y1)) for r in rules) == [
        (False, 300, 20, 300, 380), (True, 20, 200, 580, 200)]


def test_the_reader_measures_indents_and_short_last_lines():
    """A paragraph's first line indented, its last line short; a block set flush goes on from somewhere;
    a one-line block is measured against the column it sits in."""
    from jianbao.read.pdf import Line, blocks_in_order

    def line(x0, y, x1):
        return Line("字" * int((x1 - x0) / 10), Box(x0, y, x1, y + 10), 10.0, False)

    opening = [line(120, 100, 300), line(100, 112, 300), line(100, 124, 300)]  # indented, full last line
    going_on = [line(400, 100, 600), line(400, 112, 600), line(400, 124, 480)]  # flush, short last line
    alone = [line(120, 140, 200)]  # one line under the first column's paragraph, indented
    blocks = blocks_in_order([opening, going_on, alone], 1)
    edges = {b.box.x0: b.edges for b in blocks}
    assert edges[100] == (-1, 1) and edges[400] == (1, -1) and edges[120] == (-1, -1)
    assert all(b.edges is None for b in blocks_in_order([opening, going_on], 1, edges=False))


def test_a_page_rules_its_articles_apart_when_a_rule_divides_its_text():
    """``ruling``: a rule runs between two blocks of text (not just under the page header)."""
    from jianbao.lm.model import default_lm
    from jianbao.stages.evidence import gather

    header = Block(0, "2020年1月3日 星期五  人民日报  第3版", page=1, box=Box(0, 0, 420, 10), size=9.0)
    body = [block(1, (0, 20, 200, 60), text=BODY), block(2, (220, 20, 420, 60), text=BODY[::-1]),
            block(3, (0, 70, 200, 110), text=BODY[5:])]
    under_header = (Rule(1, Box(0, 15, 420, 15)),)
    between = under_header + (Rule(1, Box(210, 20, 210, 110)),)
    lm = default_lm()
    assert gather(assign_roles(Page("p", (header, *body), rules=between)), lm).ruling
    assert not gather(assign_roles(Page("p", (header, *body), rules=under_header)), lm).ruling
    assert not gather(assign_roles(Page("p", tuple(Block(i, b.raw) for i, b in enumerate(body)))), lm).ruling


def test_no_white_gap_runs_through_a_picture():
    # a story of two columns: the left one a picture, its credit and a paragraph that goes on at the top
    # of the right column; without the picture the white band beside the right column's first line would
    # read that line first
    blocks = [Block(0, "雪夜施工", box=Box(45, 1061, 172, 1093), size=24.0),
              Block(1, "南堡井口施工作业。", box=Box(264, 1105, 393, 1115)),
              Block(2, "杨军摄", box=Box(45, 1229, 124, 1237)),
              Block(3, "1月6日凌晨，河北唐山，一场降雪覆盖了冀东油田", box=Box(45, 1249, 240, 1283))]
    assert [b.id for b in reading_order(blocks)] == [0, 1, 2, 3]
    assert [b.id for b in reading_order(blocks, photos=[Box(45, 1104, 240, 1224)])] == [0, 2, 3, 1]


def test_a_bold_number_inside_a_story_is_a_section_heading_not_a_page_number():
    from jianbao.stages.roles import assign_roles

    body = "北京市推动产业转型升级，持续优化营商环境，各项工作取得新进展。"
    blocks = (Block(0, "3", page=1, box=Box(800, 20, 810, 30), size=9.0, bold=True),  # the page number
              Block(1, body, page=1, box=Box(40, 100, 300, 140), size=9.0),
              Block(2, "1", page=1, box=Box(40, 150, 50, 160), size=9.0, bold=True),  # section one
              Block(3, body, page=1, box=Box(40, 170, 300, 210), size=9.0),
              Block(4, "2", page=1, box=Box(40, 220, 50, 230), size=9.0),  # not bold: left as it was
              Block(5, body, page=1, box=Box(40, 240, 300, 280), size=9.0))
    roles = assign_roles(Page(source="x.pdf", blocks=blocks)).roles
    assert roles[0] is Role.FURNITURE and roles[2] is Role.HEADING and roles[4] is Role.FURNITURE


def test_a_line_set_right_is_not_an_indented_paragraph_start():
    from jianbao.read.pdf import _edge_marks

    size = 9.0
    assert _edge_marks(0.0, 0.0, size)[0] == 1  # flush: runs on from somewhere
    assert _edge_marks(2 * size, 0.0, size)[0] == -1  # a paragraph's two-em indent
    assert _edge_marks(7 * size, 0.0, size)[0] == 0  # 明、徐靖、李纵）: a byline's last line, set right
