"""Story labels (stages/labels.py): learned headings set under a story's title lines open its text."""

from jianbao.model import Role
from jianbao.stages import labels
from jianbao.stages.evidence import gather
from jianbao.lm.model import default_lm
from jianbao.pipeline import REGISTRY, default_steps
from jianbao.read.text import page_from_text


def test_the_learned_labels_are_read_spaces_left_out():
    assert "核心阅读" in labels.story_labels()  # (data/story-labels.json, scripts/build_labels.py)
    assert labels.story_label_flags(["核心 阅读", "核心阅读的意义", ""]) == [True, False, False]


PAGE = """推动新时代改革开放走得更稳走得更远

内容提要

党的十九届四中全会对新时代全面深化改革勾勒出更加清晰的顶层设计，为开拓新时代改革开放新局面指明了方向。
"""


def test_a_label_is_read_as_a_heading_and_opens_the_text_under_it():
    default_steps()
    page = REGISTRY["roles/1"](page_from_text(PAGE, source="t"))
    ev = gather(page, default_lm())
    assert [kind for kind, _, _ in ev.readings[1]] == [Role.HEADING]
    assert ev.opener.tolist() == [False, False, True]  # the text under the label opens the story …
    assert ev.opener_next[0]  # … so the title line before the label has a story's text coming
