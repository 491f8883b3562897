"""Threading decisions the decoder makes on a page's evidence."""

import jianbao
from jianbao.model import Role


def test_a_caption_between_the_halves_of_a_split_paragraph_leaves_it_open():
    # the photo sits at the top of the next column: its credit line stands between the paragraph's halves
    page = jianbao.clip("鸡鸣三省大桥建成通车\n\n"
                        "本报成都1月21日电 鸡鸣三省大桥横跨于赤水河上游支流倒流河之上，连接四川省叙永县和云南省威信县。"
                        "大桥建成后，两地居民往来，开车仅需一分钟、步行仅需\n\n"
                        "本报记者 宋豪新摄\n\n"
                        "5分钟，节约通行时间两个半小时，告别过去耗时长、危险系数高的出行历史。\n", describe=False)
    assert len(page.articles) == 1
    assert [(el.role, el.blocks) for el in page.articles[0].elements] == [
        (Role.HEADLINE, (0,)), (Role.PARAGRAPH, (1, 3)), (Role.CAPTION, (2,))]
