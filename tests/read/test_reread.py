"""Second looks where the OCR detector went wrong (jianbao.read.reread)."""

from __future__ import annotations

import numpy as np

from jianbao.model import Box
from jianbao.read.pdf import Line
from jianbao.read.reread import GUTTER, reread_gaps, reread_strays, split_at_gutters, unread_lines


def test_a_line_run_across_a_gutter_is_cut_there_and_its_pieces_read_again():
    ink = np.zeros((60, 700), dtype=bool)
    ink[20:36, 10:300] = True     # a column's line, 16 high
    ink[20:36, 340:640] = True    # the next column's, 40 white between: 2.5 ink heights
    ink[20:36, 100:124] = False   # a quote's blank inside a line: 1.5 ink heights, no gutter
    read = []

    def recognise(crops):
        read.extend(c.shape[1] for c in crops)
        return [("理念。构建人类命运共同体理念有", 0.99), ("2018年间，中国国家竞走队收获了", 0.99)]

    merged = Line("理念。构建人类命运共同体理念有2018年间，中国国家竞走队收获了", Box(5, 14, 645, 42), 28, False)
    out = split_at_gutters([merged], np.zeros((60, 700, 3)), ink, recognise)
    assert [ln.text for ln in out] == ["理念。构建人类命运共同体理念有", "2018年间，中国国家竞走队收获了"]
    assert out[0].box.x1 < out[1].box.x0 and out[0].box.x1 <= 310 and out[1].box.x0 >= 330 and len(read) == 2
    assert 1.8 < GUTTER < 2.2


def test_a_slanted_box_across_a_gutter_is_cut_by_the_height_of_the_lines_beside_it():
    ink = np.zeros((60, 400), dtype=bool)
    ink[10:17, 260:390] = True    # the feet of the next column's line above
    ink[10:25, 5:226] = True      # a column's line, 15 high: 研发经费支出持续增长，创新
    ink[26:40, 258:370] = True    # the next column's, a line lower: 亿产业集群。  32 white between
    read = []

    def recognise(crops):
        read.extend(crops)
        return [("研发经费支出持续增长，创新", 0.99), ("亿产业集群。", 0.99)]

    # the detector's quad is 29 high, slanted: its box 37; the ink in it 30 rows high
    merged = Line("研发经费支出持续增长，创新亿产业集群。", Box(0, 8, 372, 45), 29, False)
    out = split_at_gutters([merged], np.zeros((60, 400, 3)), ink, recognise)
    assert [ln.text for ln in out] == ["研发经费支出持续增长，创新", "亿产业集群。"] and len(read) == 2


def test_a_sliver_of_the_next_column_s_glyph_in_the_box_is_left_out():
    ink = np.zeros((60, 400), dtype=bool)
    ink[20:36, 6:9] = True        # the edge of a glyph of the column to the left
    ink[20:36, 50:350] = True
    line = Line("知识结构、思维方式还处于逐渐完善", Box(4, 14, 352, 42), 28, False)
    out = split_at_gutters([line], np.zeros((60, 400, 3)), ink, lambda crops: 1 / 0)
    assert [ln.text for ln in out] == [line.text] and 45 <= out[0].box.x0 <= 50


def test_a_row_of_dots_is_not_cut_between_its_dots():
    ink = np.zeros((40, 100), dtype=bool)
    for x in range(20, 60, 8):    # …… at 150 dpi: dots one pixel high, 4–5 apart
        ink[30, x:x + 3] = True
    dots = Line("......", Box(15, 18, 65, 34), 16, False)
    assert split_at_gutters([dots], np.zeros((40, 100, 3)), ink, lambda crops: 1 / 0) == [dots]


def piece(text: str, x0: float, x1: float, y0: float = 100, y1: float = 140) -> Line:
    return Line(text, Box(x0, y0, x1, y1), y1 - y0, True)


def page(gap_ink: tuple[int, int, int, int] | None) -> np.ndarray:
    ink = np.zeros((300, 800), dtype=bool)
    ink[100:140, 10:170] = True    # 在科技馆
    ink[100:140, 300:380] = True   # 起来
    if gap_ink:
        y0, y1, x0, x1 = gap_ink
        ink[y0:y1, x0:x1] = True
    return ink


def test_glyphs_left_unread_between_two_pieces_are_read_again_across_both():
    asked = []

    def recognise(crops):
        asked.append(crops[0].shape)
        return [("在科技馆“飞”起来", 0.99)]

    ink = page((102, 138, 200, 270))  # “飞” between the pieces, unread
    out = reread_gaps([piece("在科技馆", 10, 170), piece("起来", 300, 380)], np.zeros((300, 800, 3)), ink, recognise)
    assert [ln.text for ln in out] == ["在科技馆“飞”起来"]
    assert (out[0].box.x0, out[0].box.x1) == (10, 380) and len(asked) == 1


def picture(ink: np.ndarray) -> np.ndarray:
    return np.where(ink, 0, 255).astype(np.uint8)[:, :, None].repeat(3, axis=2)


def test_a_rule_or_white_between_two_columns_is_no_reason_to_read_them_together():
    def recognise(crops):
        raise AssertionError("nothing to read again")

    for stroke in [(95, 145, 235, 238), None]:  # a vertical rule, white
        lines = [piece("在科技馆", 10, 170), piece("起来", 300, 380)]
        assert reread_gaps(lines, picture(page(stroke)), page(stroke), recognise) == lines


def test_a_dash_left_unread_between_two_pieces_is_read_again_across_both():
    ink = page(None)
    image = picture(ink)
    image[118:121, 180:290] = 150  # ——: a thin stroke, grey at 150 dpi (no ink by the ink threshold)
    out = reread_gaps([piece("在科技馆", 10, 170), piece("起来", 300, 380)], image, ink,
                      lambda crops: [("在科技馆一一起来", 0.99)])
    assert [ln.text for ln in out] == ["在科技馆一一起来"]
    image[118:121, 180:200] = 255  # a stroke across a sixth of the gap: no dash
    image[118:121, 220:290] = 255
    lines = [piece("在科技馆", 10, 170), piece("起来", 300, 380)]
    assert reread_gaps(lines, image, ink, lambda crops: 1 / 0) == lines


def test_a_reading_that_does_not_hold_both_pieces_is_not_taken():
    lines = [piece("在科技馆", 10, 170), piece("起来", 300, 380)]
    out = reread_gaps(lines, np.zeros((300, 800, 3)), page((102, 138, 200, 270)), lambda crops: [("在科技馆飞", 0.9)])
    assert out == lines


def test_ink_no_line_holds_is_read_as_a_line_and_a_row_of_dots_as_an_ellipsis():
    ink = np.zeros((200, 600), dtype=bool)
    ink[20:36, 10:590] = True               # a line the detector found
    for x in range(40, 400, 24):            # a deck it missed: light glyphs spaced wide, 20 high
        ink[60:80, x:x + 16] = True
    for x in range(100, 140, 8):            # …… alone on a line: dots 2 high
        ink[120:122, x:x + 3] = True
    ink[150:190, 300:304] = True            # a rule's stroke: too narrow to be a line
    found = Line("已经找到的一行", Box(10, 20, 590, 36), 16, False)
    asked = []

    def recognise(crops):
        asked.append(crops[0].shape)
        return [("以习近平同志为核心的党中央", 0.99)]

    out = unread_lines([found], np.zeros((200, 600, 3)), ink, 16.0, recognise)
    assert sorted(ln.text for ln in out) == ["……", "以习近平同志为核心的党中央"] and len(asked) == 1
    deck = next(ln for ln in out if ln.text != "……")
    assert (deck.box.y0, deck.box.y1) == (60, 80)
    unsure = unread_lines([found], np.zeros((200, 600, 3)), ink, 16.0, lambda crops: [("以习", 0.5)])
    assert [ln.text for ln in unsure] == ["……"]


def test_a_deck_spaced_wider_than_a_body_size_is_read_as_one_line():
    ink = np.zeros((120, 900), dtype=bool)
    for x in range(20, 860, 60):            # characters 34 high and wide, 26 apart: more than the body's 16
        ink[40:74, x:x + 34] = True
    asked = []

    def recognise(crops):
        asked.append(crops[0].shape[1])
        return [("以习近平同志为核心的党中央推进", 0.99)]

    out = unread_lines([], np.zeros((120, 900, 3)), ink, 16.0, recognise)
    assert [ln.text for ln in out] == ["以习近平同志为核心的党中央推进"] and len(asked) == 1
    assert (out[0].box.x0, out[0].box.x1) == (20, 834)


def test_a_headline_s_opening_quote_read_apart_as_a_letter_is_read_again_with_its_line():
    headline = Line("网络互助”应规范运作（财经观）", Box(150, 1609, 848, 1661), 52, True)
    quote = Line("L", Box(130, 1615, 143, 1626), 11, False)
    body = Line("L", Box(130, 1700, 140, 1716), 16, False)  # a letter in a body line's place: left alone
    read = []

    def recognise(crops):
        read.append(crops[0].shape)
        return [("“网络互助”应规范运作(财经观)", 0.99)]

    out = reread_strays([quote, headline, body], np.zeros((1800, 900, 3)), recognise)
    assert [ln.text for ln in out] == ["“网络互助”应规范运作(财经观)", "L"]
    assert out[0].box.x0 == 130 and len(read) == 1
    misread = reread_strays([quote, headline], np.zeros((1800, 900, 3)), lambda crops: [("网络互", 0.5)])
    assert [ln.text for ln in misread] == ["L", headline.text]
