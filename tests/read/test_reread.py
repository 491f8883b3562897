"""Second looks where the OCR detector went wrong (jianbao.read.reread)."""

from __future__ import annotations

import numpy as np

from jianbao.model import Box
from jianbao.read.pdf import Line
from jianbao.read.reread import GUTTER, split_at_gutters


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


def test_a_row_of_dots_is_not_cut_between_its_dots():
    ink = np.zeros((40, 100), dtype=bool)
    for x in range(20, 60, 8):    # …… at 150 dpi: dots one pixel high, 4–5 apart
        ink[30, x:x + 3] = True
    dots = Line("......", Box(15, 18, 65, 34), 16, False)
    assert split_at_gutters([dots], np.zeros((40, 100, 3)), ink, lambda crops: 1 / 0) == [dots]
