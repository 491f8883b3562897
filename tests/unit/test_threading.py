"""Threading decisions the decoder makes on a page's evidence."""

from dataclasses import replace
from pathlib import Path

import jianbao
from jianbao.model import Block, Box, Page, Role
from jianbao.read.text import page_from_text
from jianbao.stages.roles import assign_roles
from jianbao.stages.thread import thread_page, tuned_weights

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def _printed(texts: list[tuple[str, dict]]) -> Page:
    """A page as the PDF reader gives it, its roles assigned: each block's text with its geometry."""
    return assign_roles(Page(source="t", blocks=tuple(Block(i, t, **g) for i, (t, g) in enumerate(texts))))


def _at(x: float, y: float, lines: int, size: float = 8.0, bold: bool = False, edges=(-1, -1)) -> dict:
    """Where a block of ``lines`` lines is set on page 1, a column 150 points wide."""
    return dict(page=1, box=Box(x, y, x + 150, y + 11 * lines), size=size, bold=bold, edges=edges)


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
    """Wrapped as a dump wraps a column ``width`` CJK characters wide (a Latin letter or digit is half one)."""
    text = ("\u3000\u3000" if indent else "") + text
    lines, line, used = [], "", 0
    for ch in text:
        w = 1 if ch.isascii() else 2
        if used + w > 2 * width:
            lines.append(line)
            line, used = "", 0
        line, used = line + ch, used + w
    return "\n".join(lines + [line])


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


def test_a_heading_in_bold_body_type_goes_on_with_its_feature_rather_than_open_an_article():
    # a feature's sections, each under a heading set in bold body type; only display type opens an article
    texts = [
        ("让一方水土富养一方人", _at(45, 40, 1, size=16.0, bold=True, edges=(0, 0))),
        ("特色产业惠及千家万户", _at(45, 62, 1, size=24.0, bold=True, edges=(0, 0))),
        ("近年来，不少贫困地区把发展产业作为脱贫攻坚的根本之策，因地制宜培育特色产业，带动贫困群众稳定增收。", _at(45, 100, 4)),
        ("一穗黏玉米，甜了一村人", _at(45, 150, 1, bold=True, edges=(0, -1))),
        ("清早，在南京工作的周媛吃了一穗黏玉米，这是她从网上买的东北黏玉米，口感软糯香甜。", _at(45, 165, 3)),
        ("前进村的黏玉米种植面积去年扩大到三百亩，村里成立了合作社，统一种植、统一收购、统一销售。", _at(45, 205, 3)),
        ("如今，三十万穗黏玉米成了前进村的一张名片，正通过电商销往全国各地，带动全村贫困户增收。", _at(45, 245, 3)),
        ("草果显神奇，富了一个州", _at(215, 40, 1, bold=True, edges=(0, -1))),
        ("女儿最近休假回家，付战叶给她带了一包草果。这东西随便放上一颗就行，提味去腥，炖肉最香。", _at(215, 55, 3)),
        ("怒江州大部分处于高山峡谷地带，适合草果生长，全州草果种植面积已达一百多万亩，成为群众增收的主要来源。", _at(215, 95, 4)),
        ("截至去年底，怒江草果已带动四万多户贫困群众增收，草果产业成了当地群众的致富产业。", _at(215, 145, 3)),
    ]
    page = _printed(texts)
    assert [page.roles[i] for i in (3, 7)] == [Role.HEADING, Role.HEADING]
    shipped = thread_page(page)
    assert [[el.blocks[0] for el in art.elements] for art in shipped.articles] == [list(range(11))]
    free = thread_page(page, weights=replace(tuned_weights(), new_heading=0.0))  # were a heading free to open one
    assert len(free.articles) == 3


def test_titles_read_after_the_text_they_head_go_in_front_in_their_order_and_the_text_runs_on():
    # the headline and its deck are set to the right of the story's first column, so they are read after
    # it; the paragraph cut at the column's foot goes on under them
    texts = [
        ("本报北京1月5日电 记者从国家林草局获悉，去年全国共完成造林七百多万公顷，森林覆盖率稳步提高，"
         "各地积极推进国土绿化行动，统筹山水林田湖草系统治理，", _at(45, 100, 5, edges=(-1, 1))),
        ("全国完成造林七百多万公顷", _at(215, 40, 1, size=20.0, bold=True, edges=(0, 0))),
        ("森林覆盖率稳步提高", _at(215, 64, 1, size=14.0, edges=(0, 0))),
        ("生态状况持续好转。国家林草局有关负责人表示，今年将继续科学开展国土绿化，提升森林质量。",
         _at(215, 84, 3, edges=(1, -1))),
    ]
    page = _printed(texts)
    out = thread_page(page)
    assert [[(el.role, el.blocks) for el in art.elements] for art in out.articles] == [
        [(Role.HEADLINE, (1,)), (Role.SUBHEADLINE, (2,)), (Role.PARAGRAPH, (0, 3))]]


def test_a_one_line_piece_at_a_column_s_foot_runs_on_into_the_flush_block_after_it():
    # a paragraph's first line, indented and full, ends the column with a full stop: one line says nothing of
    # its end, but the next block is set flush, so the column broke there and the paragraph goes on
    before = _wrapped("市里今年新建了三座污水处理厂，全市污水处理率达到百分之九十五以上，河道水质明显好转，沿岸群众拍手称快。")
    piece = _wrapped("这堂生态文明课在当地产生了很大反响。")
    after = _wrapped("有年轻观众意识到：我们不仅有义务保护好、传承好祖先留给我们的青山绿水，也有使命去守护、去延续它。",
                     indent=False)
    assert "\n" not in piece
    page = jianbao.clip("治水见成效\n\n" + before + "\n\n" + piece + "\n\n" + after + "\n", describe=False)
    assert [[(el.role, el.blocks) for el in art.elements] for art in page.articles] == [
        [(Role.HEADLINE, (0,)), (Role.PARAGRAPH, (1,)), (Role.PARAGRAPH, (2, 3))]]


def test_a_first_line_stopping_short_before_a_number_is_no_indent():
    # "431.5" did not fit on the continuation's first line, which falls two em short of its column as an
    # indented line would: the number, not an indent, stopped it, so the block goes on from the one before
    first = "\n".join(["\u3000\u3000旱涝急转、大汛大旱，谢", "佳杏以此形容江西面临的极端", "天气。但在这样的不利条件下，"])
    second = "\n".join(["2019年江西省粮食总产量", "431.5亿斤，超额完成了420亿", "斤的年初预定目标。面临严峻", "的气候条件，如何做到旱涝保",
                         "收？"])
    page = jianbao.clip("江西粮食再获丰收\n\n" + first + "\n\n" + second + "\n", describe=False)
    assert [[(el.role, el.blocks) for el in art.elements] for art in page.articles] == [
        [(Role.HEADLINE, (0,)), (Role.PARAGRAPH, (1, 2))]]


def test_a_stop_hung_past_the_measure_does_not_send_a_short_block_to_a_wider_column():
    # the continuation's second line ends in a full stop set past its column of 11 em: counted as hung, the
    # block fits that column, and its first line is as wide as it (not indented, as against the wider column
    # of the paragraph after it), so it goes on from the block before
    first = "\n".join(["\u3000\u3000会议指出，一年来，", "全国民委系统始终牢记习", "近平总书记嘱托，认真贯", "彻党中央、国务院决策部",
                        "署，以铸牢中华民族共同"])
    second = "体意识为主线，精心做好\n民族工作，取得新的成绩。"
    third = "\n".join(["\u3000\u3000会议强调，要坚持和完善民族", "区域自治制度，深入开展民族团结", "进步创建活动，推动各民族共同走",
                        "向社会主义现代化。"])
    page = jianbao.clip("全国民委主任会议召开\n\n" + first + "\n\n" + second + "\n\n" + third + "\n", describe=False)
    assert [[(el.role, el.blocks) for el in art.elements] for art in page.articles] == [
        [(Role.HEADLINE, (0,)), (Role.PARAGRAPH, (1, 2)), (Role.PARAGRAPH, (3,))]]


def test_a_last_line_stopping_short_before_a_latin_word_does_not_end_the_paragraph():
    # "IHS Markit": the second word did not fit on the line, and went on in the next column
    first = _wrapped("欧委会去年12月底发布的报告预计，欧元区国内生产总值增速将从2018年的1.9%下降至2019年的1.1%，"
                     "并在未来3年维持这一低速增长态势。世界知名市场研究机构") + "\nIHS"
    second = _wrapped("Markit认为，去年12月欧元区制造业采购经理人指数仅为45.9，表明地区经济面临动力严重不足的困境。",
                      indent=False)
    page = jianbao.clip("欧元区经济增长面临多重挑战\n\n" + first + "\n\n" + second + "\n", describe=False)
    assert [[(el.role, el.blocks) for el in art.elements] for art in page.articles] == [
        [(Role.HEADLINE, (0,)), (Role.PARAGRAPH, (1, 2))]]


def test_a_deck_does_not_open_an_article_so_the_headline_above_it_is_not_read_as_the_last_story_s_heading():
    # a dev page's text dump (2020-01-10, page 1, PyMuPDF wrapped): "创新，在复兴的征程上" follows the end of
    # another article, and under it its deck "——以习近平同志为核心的党中央关心科技创新工作纪实"


    text = (FIXTURES / "20200110-01.pymupdf.wrapped.txt").read_text(encoding="utf-8")
    page = assign_roles(page_from_text(text, source="20200110-01"))
    head = next(i for i, b in enumerate(page.blocks) if b.text == "创新，在复兴的征程上")
    assert page.blocks[head + 1].text.startswith("——以习近平同志为核心的党中央关心科技创新工作纪实")

    def opening(weights):
        out = thread_page(page, weights=weights)
        return next(art.elements[0].blocks[0] for art in out.articles if head + 1 in art.block_ids())

    assert opening(tuned_weights()) == head
    # a deck free to open the article (new_deck 0) still does not: the start models read the line above a deck
    # as a title line themselves (starts.FEATURES: deck_after)
    assert opening(replace(tuned_weights(), new_deck=0.0)) == head


def test_verse_set_line_by_line_stays_line_by_line():
    from jianbao.stages.evidence import verse_lines

    lines = ["村村通公路，", "来把群山度。", "农民好出行，", "致富有奔头。"]
    assert verse_lines(lines).tolist() == [True, False, True, False]
    assert not verse_lines(["推动产业转型升级，", "持续优化营商环境，加快建设现代化经济体系。"]).any()  # prose runs on
    page = jianbao.clip("\n\n".join(["图片报道", "过去沿着陡峭山路步行3个多小时才能到达对外通道，如今30分钟就能走出大山。这正是：",
                                     *lines]), describe=False)
    paragraphs = [page.element_text(e) for a in page.articles for e in a.elements if e.role is Role.PARAGRAPH]
    assert paragraphs[-4:] == lines


def test_a_long_paragraph_cut_mid_phrase_runs_on_though_the_language_model_doubts_the_seam():
    # …要及时 | 大胆用起来: the character model finds 大胆用 likelier opening a paragraph than after 要及时, but
    # a paragraph never ends on 要及时, and a long piece cut mid-sentence is a column's end (evidence.goes_on)
    page = assign_roles(page_from_text(
        "基层干部队伍建设迈出新步伐\n\n"
        "本报贵阳1月1日电 选人用人要有识才的慧眼、用才的胆识、聚才的良方。对敢于负责、勇于担当、善于作为、"
        "实绩突出的一线扶贫干部，要及时\n\n"
        "大胆用起来。当地近期公布的一批干部任免信息里，提拔和调任的干部大多来自脱贫攻坚一线。\n"))
    joined = [(el.role, el.blocks) for el in thread_page(page).articles[0].elements]
    assert joined == [(Role.HEADLINE, (0,)), (Role.PARAGRAPH, (1, 2))]
    without = thread_page(page, weights=replace(tuned_weights(), end_join=0.0))
    assert [el.blocks for el in without.articles[0].elements] == [(0,), (1,), (2,)]


def test_a_long_piece_cut_mid_phrase_says_it_goes_on_more_surely_than_a_short_line():
    import numpy as np

    from jianbao.stages.evidence import goes_on

    ends = np.array([-9.0, -9.0, -2.0])  # log P(paragraph end | tail): mid-phrase, mid-phrase, after a full stop
    long_cut, short_cut, ended = goes_on(ends, np.array([60.0, 8.0, 60.0]))
    assert long_cut > short_cut and long_cut > ended


def test_nothing_runs_on_into_a_block_that_opens_with_a_dateline():
    # a story's first words: the paragraph before it, left without a sentence end, is not their start
    from jianbao.lm.model import default_lm
    from jianbao.stages.evidence import gather

    page = assign_roles(page_from_text(
        "基层干部队伍建设迈出新步伐\n\n"
        "选人用人要有识才的慧眼、用才的胆识、聚才的良方，毫不动摇把干部队伍建设得更加坚强有力\n\n"
        "新华社北京1月3日电 国务院总理李克强日前签署国务院令，公布修订后的条例，自公布之日起施行。\n"))
    ev = gather(page, default_lm())
    assert ev.join[1, 2] == float("-inf")



def test_a_piece_left_mid_sentence_runs_on_into_an_earlier_block_set_flush_the_model_doubts():
    # pdftotext read the second half of a paragraph (set flush: it goes on from somewhere) before its first
    # half, which is indented and ends mid-phrase at a full line: both ends say the paragraph goes on, so the
    # pair is offered though the character model's score across it is below the backward bar
    from jianbao.lm.model import default_lm
    from jianbao.stages.evidence import BACKWARD_MIN, gather

    first = "市里今年新建了三座污水处理厂，全市污水处理率达到百分之九十五以上，河道水质明显好转，沿岸群众拍手称快。"
    second = "自觉，让大家主动加入护河队伍，每天沿河巡查，发现问题及时上报处理。"
    cut = "市生态环境局负责人介绍，下一步将继续加大投入力度，完善长效管护机制，让更多河道恢复清澈，同时还要进一步调动沿河村民的"
    text = ("治水见成效\n\n" + _wrapped(first) + "\n\n" + _wrapped(second, indent=False) + "\n\n" + _wrapped(cut)
            + "\n")
    ev = gather(assign_roles(page_from_text(text)), default_lm())
    assert ev.join[3, 2] < BACKWARD_MIN and ev.earlier[3] == (2,)
    page = jianbao.clip(text, describe=False)
    assert [[(el.role, el.blocks) for el in art.elements] for art in page.articles] == [
        [(Role.HEADLINE, (0,)), (Role.PARAGRAPH, (1,)), (Role.PARAGRAPH, (3, 2))]]
