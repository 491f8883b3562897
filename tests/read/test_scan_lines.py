"""The scan reader's line geometry and type (jianbao.read.image) and the dash rule (jianbao.read.proof)."""

from __future__ import annotations

import numpy as np
import pytest

from jianbao.model import Box
from jianbao.read.image import (BOLD_DENSITY, DISPLAY_SAME, EM_PAD, bold_lines, em_box, follow_weight,
                                ink_boxes, join_fragments, settle_display, settle_sizes, stroke_ends)
from jianbao.read.pdf import Line
from jianbao.read.proof import settle_dashes


def line(text: str, x0: float, y0: float, x1: float, y1: float, bold: bool = False) -> Line:
    return Line(text, Box(x0, y0, x1, y1), y1 - y0, bold)


def test_a_line_that_starts_with_a_faint_stroke_starts_there():
    image = np.full((40, 300), 255, dtype=np.uint8)
    image[18:20, 12:26] = 168      # 一: a thin stroke, grey at 150 dpi
    image[10:25, 30:280] = 0       # the rest of the line in black ink
    box = ink_boxes([line("一年来我们", 5, 5, 290, 30)], image)[0].box
    assert box.x0 == 12 and box.x1 == 280 and (box.y0, box.y1) == (10, 25)


def test_a_short_line_of_light_glyphs_is_banded_by_its_faint_ink():
    image = np.full((40, 120), 255, dtype=np.uint8)
    image[10:25, 5:20] = 160       # 了 in thin grey strokes
    image[10:14, 24:34] = 0        # ” dark, at the top of the line
    image[20:24, 46:50] = 100      # 。
    box = ink_boxes([line("了”。", 2, 6, 60, 30)], image)[0].box
    assert (box.y0, box.y1) == (10, 25) and box.x0 == 5


def test_faint_ink_far_from_the_line_is_not_followed():
    image = np.full((40, 300), 255, dtype=np.uint8)
    image[10:25, 100:280] = 0
    image[10:25, 5:40] = 153       # a grey picture's edge inside a padded OCR box, well apart
    assert ink_boxes([line("年来我们", 5, 5, 290, 30)], image)[0].box.x0 == 100


def test_a_dash_the_detector_cut_into_is_followed_out_of_the_box_a_rule_or_a_line_beside_it_is_not():
    image = np.full((40, 300), 255, dtype=np.uint8)
    image[18:19, 12:26] = 120      # ——— in three strokes, the line found from the second on
    image[18:19, 28:42] = 120
    image[18:19, 44:58] = 120
    image[10:25, 60:280] = 0
    assert stroke_ends([line("一一中国交响", 32, 10, 280, 25)], image)[0].box.x0 == 12
    # the dash runs into another line level with it: followed up to that line only
    lines = stroke_ends([line("中国", 2, 10, 16, 25), line("一一中国交响", 32, 10, 280, 25)], image)
    assert lines[1].box.x0 == 16
    image = np.full((80, 300), 255, dtype=np.uint8)
    image[5:75, 100:102] = 0       # a column rule, then a headline found from its first glyph
    image[40:42, 103:110] = 160    # and faint ink between
    image[20:60, 110:280] = 0
    assert stroke_ends([line("李鹏在北京", 110, 20, 280, 60)], image)[0].box.x0 == 110


def test_a_dash_the_detector_s_box_ends_inside_is_followed_to_its_end():
    image = np.full((40, 300), 255, dtype=np.uint8)
    image[10:25, 20:200] = 0       # 委员贺颖春
    image[17:19, 202:226] = 55     # ——: the box ends 8 pixels before the second stroke does
    image[17:19, 228:252] = 55
    assert stroke_ends([line("委员贺颖春——", 20, 10, 244, 25)], image)[0].box.x1 == 252
    image[17:19, 202:252] = 255    # a glyph's thin edge a pixel or two past the box is no stroke
    image[17:19, 200:202] = 55
    assert stroke_ends([line("委员贺颖春", 20, 10, 200, 25)], image)[0].box.x1 == 200


def test_a_line_of_figures_inks_lower_than_its_type_and_is_body_type_all_the_same():
    body = [line("一年来我们坚持稳中求进工作总基调", 0, 20 * k, 240, 20 * k + 15) for k in range(6)]
    figures = line("14.9%。", 0, 120, 60, 131)       # figures ink ~0.75 of an ideograph's height
    small = line("（新华社记者摄）", 0, 140, 100, 151)  # ideographs this low are smaller type
    sizes = [ln.size for ln in settle_sizes([*body, figures, small])]
    assert sizes[-2] == 15 and sizes[-1] == 11


def test_bold_lines_are_the_densely_inked_ones():
    image = np.full((200, 300), 255, dtype=np.uint8)
    lines = []
    for k in range(5):  # body lines: a light pattern
        y = 10 + 30 * k
        image[y:y + 15, 10:290:4] = 0
        lines.append(line("正文正文正文正文", 10, y, 290, y + 15))
    image[170:185, 10:290:4] = 0
    image[170:185, 11:290:4] = 0
    image[170:185, 12:290:4] = 0   # three times the ink: a bold heading
    lines.append(line("小标题小标题", 10, 170, 290, 185))
    out = bold_lines(lines, np.stack([image] * 3, axis=2))
    assert [ln.bold for ln in out] == [False] * 5 + [True]
    assert BOLD_DENSITY < 3


def test_a_one_character_line_takes_the_weight_of_the_line_above():
    stack = [line("小区的事小区管，热情服务赢得信", 0, 0, 300, 16, bold=True), line("任", 140, 25, 156, 41)]
    assert [ln.bold for ln in follow_weight(stack)] == [True, True]
    assert [ln.bold for ln in follow_weight(stack[::-1])] == [False, True]  # a long line keeps its own


def test_plain_type_a_little_larger_than_the_body_is_display_bold_type_is_not():
    from jianbao.read.image import settle_sizes

    body = [line("本报北京1月20日电记者郑轶当地", 0, 30 * k, 300, 30 * k + 16) for k in range(5)]
    deck = line("居文君再度领先", 0, 200, 140, 219)                     # plain, 19/16
    heading = line("技术和思想都准备好", 0, 240, 180, 258, bold=True)   # bold inks taller: 18/16
    note = line("（记者郑轶）当地时间", 0, 280, 200, 298)               # brackets ink taller
    sizes = [ln.size for ln in settle_sizes(body + [deck, heading, note])]
    assert sizes[-3:] == [19, 16, 16]


def test_a_line_whose_ems_are_wider_than_the_body_s_is_display_type_whatever_its_weight():
    from jianbao.read.image import settle_sizes

    # body type: 16 pixels of ink, an em 18 pixels wide (twelve characters, 0.1 em of side bearings)
    body = [line("严谨细致是科学家基本的专业", 0, 30 * k, 12.9 * 18, 30 * k + 16) for k in range(6)]
    kicker = line("和贵华：", 400, 0, 400 + 3.4 * 20.7, 19, bold=True)  # ems 1.15 times the body's, bold
    deck = line("习近平李克强栗战书汪洋", 400, 40, 400 + 10.9 * 20.7, 57)  # ink 17/16: in the body's band
    spaced = line("严谨细致是科学家基本的", 0, 180, 12.9 * 18, 197)  # a body line spaced out to the column
    heading = line("技术和思想都准备好", 400, 80, 400 + 8.9 * 18, 98, bold=True)  # bold body type
    out = settle_sizes(body + [kicker, deck, spaced, heading])
    assert [round(ln.size, 1) for ln in out[-4:]] == [round(16 * 20.7 / 18, 1)] * 2 + [16, 16]


def test_a_wide_space_between_two_body_lines_cuts_their_column_block():
    from jianbao.read.image import split_at_spacing

    column = [line("图为王家大院内志愿者在", 0, 24 * k, 200, 24 * k + 16) for k in range(6)]
    credit = line("刘永红摄人民视觉", 0, 5 * 24 + 16 + 14, 150, 5 * 24 + 16 + 30)  # 14 px apart, not 8
    stacks = split_at_spacing([column + [credit]])
    assert [len(s) for s in stacks] == [6, 1]
    assert split_at_spacing([column]) == [column]


def test_em_box_pads_the_ink_above_and_below():
    box = em_box(line("正文", 0, 100, 50, 120)).box
    assert (box.y0, box.y1) == (100 - EM_PAD * 20, 120 + EM_PAD * 20) and (box.x0, box.x1) == (0, 50)


def test_a_line_cut_between_colon_and_quote_is_joined_but_two_columns_are_not():
    size = 16
    said = line("华说：", 323, 769, 361, 785)
    quote = line("“以丁宁为例，", 385, 769, 486, 785)  # 1.5 em of white between the inks
    assert [ln.text for ln in join_fragments([said, quote])] == ["华说：“以丁宁为例，"]
    # a column that ends with a colon beside one whose line opens with a quote, a 1.7 em gutter between
    # the em boxes: 1.7 em + the two blank halves between the inks
    left = line("他说：", 0, 0, 3 * size - 0.5 * size, size)
    right = line("“我们", 3 * size + 1.7 * size + 0.5 * size, 0, 6 * size + 1.7 * size, size)
    assert len(join_fragments([left, right])) == 2


def test_a_dash_or_a_mark_found_apart_from_its_line_joins_it_at_the_line_s_size():
    kicker = line("国家科技进步奖二等奖获得者王辉", 250, 1797, 748, 1821)  # ink 24 high
    dash = line("一", 752, 1808, 776, 1810)                               # the stroke: 2 high
    out = join_fragments([dash, kicker])
    assert [(ln.text, ln.size) for ln in out] == [("国家科技进步奖二等奖获得者王辉一", 24)]
    assert (out[0].box.y0, out[0].box.y1) == (1797, 1821)
    wide = line("一", 752, 1808, 798, 1810)  # one stroke two ems long: a whole dash read as one 一
    assert [ln.text for ln in join_fragments([kicker, wide])] == ["国家科技进步奖二等奖获得者王辉——"]
    quote = line("“", 136, 202, 166, 212)   # a headline's opening quote found apart: inks its top only
    head = line("一所学校就是一个希望", 170, 202, 941, 278)
    assert [ln.text for ln in join_fragments([head, quote])] == ["“一所学校就是一个希望"]
    below = line("一", 752, 1840, 776, 1842)  # a dash under the line, not beside it, stays apart
    assert len(join_fragments([below, kicker])) == 2


def test_the_lines_of_one_title_take_one_size():
    # a narrow headline set centred on five lines; the parentheses ink taller than the characters
    title = [line("严谨细致", 148, 171, 307, 209, True), line("的作风弥", 150, 219, 306, 256, True),
             line("足珍贵", 169, 267, 287, 305, True), line("（创新", 182, 315, 287, 355, True),
             line("谈）", 189, 363, 253, 403, True)]
    assert {ln.size for ln in settle_display(title)} == {38}
    two = [line("外卖行业引来风投热潮", 1378, 170, 1743, 202, True), line("（经济透视）", 1390, 212, 1584, 249, True)]
    assert len({ln.size for ln in settle_display(two)}) == 1  # brackets ink 15% taller
    kicker = line("国家科技奖励大会获奖项目巡礼", 0, 0, 300, 24, True)
    head = line("把解决科学问题作为第一目标", 0, 30, 600, 60, True)  # 25% larger: its own size
    assert [ln.size for ln in settle_display([kicker, head])] == [24, 30]
    assert DISPLAY_SAME < 0.25
    # a deck's wrapped end of two characters inks 0.9 of the line above it: one size all the same
    deck = [line("习近平主席在庆祝中华人民共和国成立70周年大会上的重要讲话在全军部队引起强烈", 135, 0, 1366, 29),
            line("反响", 721, 38, 778, 64)]
    assert len({ln.size for ln in settle_display(deck)}) == 1
    assert [ln.size for ln in settle_display([line("新视野", 0, 0, 80, 24, True), head])] == [24, 30]  # a kicker


@pytest.mark.parametrize("read,printed", [
    (["比利时一一"], ["比利时——"]),            # a heading ending in a dash, alone in its block
    (["一一编者"], ["——编者"]),                # an editor's note signed at a block's start
    (["南非—一"], ["南非——"]),                # one of each is a dash anywhere
    (["他说—一这是"], ["他说——这是"]),
    (["与职工们一一握手"], ["与职工们一一握手"]),  # the word 一一 inside a block stays
    (["唯一一个"], ["唯一一个"]),
    (["之一———从"], ["之一———从"]),
    (["他们", "一一"], ["他们", "——"]),        # lines keep their lengths
    (["精准扶贫一-"], ["精准扶贫——"]),          # any two strokes at an end
    (["-一2019年度"], ["——2019年度"]),
    (["之一-一个"], ["之一-一个"]),              # inside a block, a hyphen is left alone
    (["得者王辉一-一"], ["得者王辉一-一"]),
])
def test_settle_dashes(read, printed):
    assert settle_dashes(read) == printed


@pytest.mark.parametrize("read,printed", [
    ("国家主席习近平发表二O二0年新年贺词", "国家主席习近平发表二〇二〇年新年贺词"),
    ("一O五厂", "一〇五厂"),
    ("二〇一九年", "二〇一九年"),
    ("2020年", "2020年"),             # Arabic figures stay
    ("十0个", "十0个"),               # too short a run to tell
    ("NO.1", "NO.1"),
])
def test_settle_zeros(read, printed):
    from jianbao.read.proof import settle_zeros

    assert settle_zeros(read) == printed


def test_a_dash_at_a_line_s_end_spans_two_ems_however_it_was_read():
    from jianbao.read.image import BEARING, line_ems

    assert line_ems("北京经开区一") == line_ems("北京经开区——") == 7 - BEARING
    assert line_ems("——建设体育强国") == 8 - BEARING and line_ems("和贵华：") == 3.5 - BEARING
    assert line_ems("一一") is None and line_ems("Just do") is None
    # the dash's second stroke read as a hyphen: a dash all the same
    assert line_ems("全国政协委员贺颖春—-") == 11 - BEARING and line_ems("委员-贺颖春") is None


def test_letter_spaced_body_type_is_not_larger_type():
    # body type: 20 pixels of ink, an em 22 pixels wide; two names set apart: ems 1.4 times, ink 1.05 times
    body = [line("严谨细致是科学家基本的专业", 0, 30 * k, 12.9 * 22, 30 * k + 20) for k in range(6)]
    names = line("刘新吾王嫚", 400, 0, 400 + 4.9 * 22 * 1.4, 21, bold=True)
    assert settle_sizes(body + [names])[-1].size == 20


def test_a_title_s_line_that_inks_near_the_body_s_height_keeps_the_size_of_the_lines_under_it():
    body = [line("本报北京1月20日电记者郑轶当地", 0, 30 * k, 300, 30 * k + 18) for k in range(8)]
    block = [line("英国外交国务大臣德雷克率欧盟", 400, 0, 800, 22, bold=True)]  # 22/18: within the tolerance
    block += [line("亚访问德雷克说欧盟代表团此次", 400, 28 * k, 800, 28 * k + 23, bold=True) for k in range(1, 4)]
    heading = line("技术和思想都准备好", 400, 200, 600, 222, bold=True)  # alone: bold body type
    sizes = [ln.size for ln in settle_sizes(body + block + [heading])]
    assert sizes[-5:] == [22, 23, 23, 23, 18]


def test_a_line_that_opens_with_a_figure_starts_at_its_column_s_edge():
    from jianbao.read.image import narrow_starts

    stack = [line("1997年美国经济稳定增长，", 706, 0, 955, 16)]  # a full-width １: its ink 0.3 em in
    stack += [line("估计增长率在3·7%左右。相", 701, 26 * k, 955, 26 * k + 16) for k in range(1, 4)]
    assert narrow_starts(stack)[0].box.x0 == 701
    indented = [line("1998年，中国人民将满怀", 733, 0, 955, 16)] + stack[1:]  # an indent of two ems
    assert narrow_starts(indented)[0].box.x0 == 733
    wide = [line("美国经济稳定增长，估计", 706, 0, 955, 16)] + stack[1:]
    assert narrow_starts(wide)[0].box.x0 == 706


def test_an_indented_first_line_s_short_wrapped_line_stays_with_it():
    from jianbao.read.image import stack_lines

    column = [line("追求精神高度和文化内涵，从空", 821, 26 * k, 1128, 26 * k + 18) for k in range(3)]
    note = line("（作者为中国文艺评论家协会主", 864, 104, 1128, 122)  # indented 2.4 ems, to the edge
    wrapped = line("席)", 821, 131, 845, 149)                      # at the column's edge, left of the note
    left = line("席)", 500, 131, 524, 149)                         # the column to the left's
    stacks = stack_lines(column + [note, wrapped])
    assert [ln.text for ln in stacks[-1]][-2:] == [note.text, "席)"]
    assert [ln.text for ln in stack_lines(column + [note, left])[-1]] == ["席)"]
    # a paragraph's first line indented two ems, its last line three characters at the column's edge
    first = line("【人物】“扶贫书记”", 133, 104, 305, 122)
    last = line("文花枝", 95, 126, 147, 144)
    assert [ln.text for ln in stack_lines([first, last])[-1]] == [first.text, last.text]
    # the note's ink starts half an em in (its opening bracket's): 3.06 ems left of the ink, 2.56 of the em
    note = line("（作者为复旦大学中国研究院副院", 1594, 104, 1854, 121)
    assert len(stack_lines([note, line("长)", 1545, 125, 1568, 141)])) == 1
    # a line starting further left, or ending right of the line above, is another column's or another piece's
    assert len(stack_lines([first, line("文花枝", 40, 126, 92, 144)])) == 2


def test_a_short_last_line_of_a_low_glyph_is_body_type_by_its_pitch():
    # body type: 16 pixels of ink, an em 17.6 pixels wide; 口。" inks 12 high but its ems are the body's
    body = [line("严谨细致是科学家基本的专业", 0, 30 * k, 12.9 * 17.6, 30 * k + 16) for k in range(6)]
    last = line('口。"', 0, 180, 39, 192)
    small = line("口。", 0, 210, 18, 222)  # small type: its ems narrower too
    assert [ln.size for ln in settle_sizes(body + [last, small])][-2:] == [16, 12]
