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


def _wrapped(text: str, width: int = 20, indent: bool = True) -> str:
    text = ("\u3000\u3000" if indent else "") + text
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def test_a_sentence_end_at_a_full_line_runs_on_into_a_block_set_flush():
    # the column broke exactly after a full stop: the last line reaches the column's edge and the next
    # block's first line is not indented, so it is the same paragraph going on
    first = ("市里今年新建了三座污水处理厂，全市污水处理率达到百分之九十五以上，河道水质明显好转，"
             "沿岸群众拍手称快。市生态环境局负责人介绍，下一步将继续加大投入力度，确保")[:77] + "。"
    second = ("贵州等地将一批治污经验编印成册，发到基层干部手中，供大家学习借鉴。"
              "不少干部表示，这些经验看得懂、学得会、用得上，对推动工作很有帮助。")
    page = jianbao.clip("治水见成效\n\n" + _wrapped(first) + "\n\n" + _wrapped(second, indent=False) + "\n",
                        describe=False)
    assert [[(el.role, el.blocks) for el in art.elements] for art in page.articles] == [
        [(Role.HEADLINE, (0,)), (Role.PARAGRAPH, (1, 2))]]
