"""A text too long to work at once is worked in takes (``stages/sheets``); a page under the limit is worked whole.
(That every block lands exactly once in takes too, and the output is the input rearranged: ``tests/property``.)"""

from pathlib import Path
from unittest import mock

import jianbao
from jianbao.read.text import page_from_text
from jianbao.stages import sheets

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "rmrb-19980101-01.txt"


def test_takes_cover_every_block_once_each_within_the_limit_cut_after_a_sentence_end():
    page = page_from_text("\n\n".join(["第一段话。", "没有句号的一段", "第三段话。", "标题", "又一段"] * 9))
    with mock.patch.object(sheets, "TAKE_BLOCKS", 8):
        runs = sheets.takes(page)
    assert [b for run in runs for b in run] == list(range(len(page.blocks)))
    assert all(0 < len(run) <= 8 for run in runs)
    for run in runs[:-1]:  # each cut after a block that ends a sentence, where the final quarter has one
        assert page.blocks[run[-1]].text.endswith("。")


def test_a_page_under_the_limit_is_worked_whole_and_over_it_in_takes():
    text = EXAMPLE.read_text(encoding="utf-8")
    whole = jianbao.clip(text, describe=False)
    assert len(whole.blocks) <= sheets.TAKE_BLOCKS
    with mock.patch.object(sheets, "TAKE_BLOCKS", len(whole.blocks) // 3):
        taken = jianbao.clip(text, describe=False)
    assert taken.to_dict() != whole.to_dict()  # (cut into takes: the stories across a cut are parted)
    seen = [b for a in taken.articles for b in a.block_ids()] + [b for el in taken.unassigned for b in el.blocks]
    assert sorted(seen) == list(range(len(whole.blocks)))
