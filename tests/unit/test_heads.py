"""Title lines read apart from their stories go to the story whose text echoes them (stages/heads.py)."""

import numpy as np

import jianbao
from jianbao.model import Role
from jianbao.stages import heads, thread
from jianbao.stages.heads import EXACT_PAIRS, across, echoes, late_titles, lead_in, matching, rehead, rejoin

H, S, P = Role.HEADLINE, Role.SUBHEADLINE, Role.PARAGRAPH

# two title lines of two stories side by side, read one after the other (as pdftotext reads them), the first
# story's text, its byline, then the second story's text, which opens with a dateline
PAGE = """河北张家口东深沟村

全力生产充足的防控物资

疫情就是命令，防控就是责任。连日来，各制造企业加班加点生产口罩、防护服等防控物资，全力保障防控物资供应。\
位于天津武清的生产车间灯火通明，工人们三班倒，每天可生产防护服面料两万米。

（本报记者 王芳）

本报张家口1月29日电 屋里贴着大福字，墙上挂着中国结。河北省张家口市贾家营镇东深沟村村民高志刚拿着小本子，\
乐呵呵地算起账。在驻村工作队帮助下，他在村里的服装加工厂当上了质检员，一家人去年收入增加了一万多元。
"""


TEXTS = ["甲", "乙", "正文。", "正文。", "丙"]


def gram(weights: dict[tuple[int, int], float], n: int) -> np.ndarray:
    g = np.zeros((n, n))
    for (i, j), w in weights.items():
        g[i, j] = g[j, i] = w
    return g


def test_echo_is_the_share_of_a_lines_weight_the_text_holds_capped_at_one():
    g = gram({(0, 0): 4.0, (0, 1): 1.0, (0, 2): 2.0, (0, 3): 4.0}, 4)
    assert echoes(g, [0], [[1, 2], [1, 2, 3], []]).tolist() == [[0.75, 1.0, 0.0]]
    assert echoes(gram({(1, 2): 1.0}, 3), [0], [[1, 2]]).tolist() == [[0.0]]  # a line of no known bigram


def test_a_title_line_goes_to_the_story_that_echoes_it_and_the_giver_keeps_one():
    # blocks: 0, 1 title lines of article A (text 2); article B is text 3 alone, which echoes line 1 fully
    g = gram({(0, 0): 1.0, (1, 1): 1.0, (2, 2): 5.0, (3, 3): 5.0, (0, 2): 0.6, (1, 3): 1.0}, 4)
    a = [(H, (0,)), (H, (1,)), (P, (2,))]
    b = [(P, (3,))]
    assert rehead([a, b], g, TEXTS) == [[(H, (0,)), (P, (2,))], [(H, (1,)), (P, (3,))]]
    # both lines echoed by B: A still keeps the one it loses least on
    g2 = gram({(0, 0): 1.0, (1, 1): 1.0, (2, 2): 5.0, (3, 3): 5.0, (0, 3): 0.7, (1, 3): 1.0}, 4)
    assert rehead([a, b], g2, TEXTS) == [[(H, (0,)), (P, (2,))], [(H, (1,)), (P, (3,))]]


def test_the_giver_keeps_a_line_that_can_head_it_not_a_deck():
    g = gram({(0, 0): 1.0, (1, 1): 1.0, (2, 2): 5.0, (3, 3): 5.0, (0, 3): 1.0}, 4)
    a = [(H, (0,)), (Role.SUBHEADLINE, (1,)), (P, (2,))]
    b = [(P, (3,))]
    assert rehead([a, b], g, ["标题", "——副题", "正文。", "正文。"]) == [a, b]
    assert rehead([a, b], g, ["标题", "副题", "正文。", "正文。"])[1] == [(H, (0,)), (P, (3,))]


def test_a_weak_echo_moves_nothing_and_a_titled_story_asks_more():
    a = [(H, (0,)), (H, (1,)), (P, (2,))]
    b = [(P, (3,))]
    weak = gram({(0, 0): 1.0, (1, 1): 1.0, (2, 2): 5.0, (3, 3): 5.0, (1, 3): heads.MARGIN - 0.1}, 4)
    assert rehead([a, b], weak, TEXTS) == [a, b]
    # a gain between the margins moves a line to a story without a title, not to one with a title line of
    # its own (block 4)
    mid = (heads.MARGIN + heads.TITLED_MARGIN) / 2
    g = gram({(0, 0): 1.0, (1, 1): 1.0, (2, 2): 5.0, (3, 3): 5.0, (4, 4): 1.0, (1, 3): mid}, 5)
    assert rehead([a, b], g, TEXTS)[1] == [(H, (1,)), (P, (3,))]
    titled = [(H, (4,)), (P, (3,))]
    assert rehead([a, titled], g, TEXTS) == [a, titled]


def test_an_only_title_line_goes_only_to_a_story_without_one_and_asks_more():
    # article A: headline 0 and a stray block 1; block 2 (B's text) echoes the headline
    a = [(H, (0,)), (P, (1,))]
    b = [(P, (2,))]
    strong = gram({(0, 0): 1.0, (1, 1): 5.0, (2, 2): 5.0, (3, 3): 1.0, (0, 2): heads.LONE_MARGIN + 0.1}, 4)
    assert rehead([a, b], strong, TEXTS) == [[(P, (1,))], [(H, (0,)), (P, (2,))]]
    weak = gram({(0, 0): 1.0, (1, 1): 5.0, (2, 2): 5.0, (3, 3): 1.0, (0, 2): heads.LONE_MARGIN - 0.1}, 4)
    assert rehead([a, b], weak, TEXTS) == [a, b]
    titled = [(H, (3,)), (P, (2,))]
    assert rehead([a, titled], strong, TEXTS) == [a, titled]


def test_an_only_title_line_that_leads_in_goes_above_a_titled_storys_title_lines():
    # article A: a kicker alone (ends in a dash) over a stray block 1; B: headline 3 over text 2, which echoes
    # the kicker: a kicker heads no story alone, so it goes to B, above its headline
    texts = ["四川自贡——", "正文。", "正文。", "群众烦心事，就是要紧事"]
    a = [(H, (0,)), (P, (1,))]
    b = [(H, (3,)), (P, (2,))]
    strong = gram({(0, 0): 1.0, (1, 1): 5.0, (2, 2): 5.0, (3, 3): 1.0, (0, 2): heads.TITLED_MARGIN + 0.1}, 4)
    assert rehead([a, b], strong, texts) == [[(P, (1,))], [(H, (0,)), (H, (3,)), (P, (2,))]]
    weak = gram({(0, 0): 1.0, (1, 1): 5.0, (2, 2): 5.0, (3, 3): 1.0, (0, 2): heads.TITLED_MARGIN - 0.1}, 4)
    assert rehead([a, b], weak, texts) == [a, b]
    # a line that does not lead in stays (it goes to a story without a title only)
    assert rehead([a, b], strong, ["四川自贡"] + texts[1:]) == [a, b]


def test_a_heading_left_at_an_articles_end_heads_the_next_story_that_echoes_it():
    # article A: headline 0, text 1, heading 2 last; article B: headline 3, text 4, which echoes block 2
    a = [(H, (0,)), (P, (1,)), (Role.HEADING, (2,))]
    b = [(H, (3,)), (P, (4,))]
    g = gram({(0, 0): 1.0, (1, 1): 5.0, (2, 2): 1.0, (3, 3): 1.0, (4, 4): 5.0, (2, 4): heads.LIFT_MARGIN + 0.1}, 5)
    assert heads.lift_trailing([a, b], g) == [a[:2], [(H, (2,))] + b]
    weak = gram({(0, 0): 1.0, (1, 1): 5.0, (2, 2): 1.0, (3, 3): 1.0, (4, 4): 5.0, (2, 4): heads.LIFT_MARGIN - 0.1}, 5)
    assert heads.lift_trailing([a, b], weak) == [a, b]
    # not where another block stands between
    far = [(H, (4,)), (P, (3,))]
    assert heads.lift_trailing([a, far], g) == [a, far]


def test_on_a_page_the_headline_read_before_another_story_finds_its_text(monkeypatch):
    # the hand scores alone: with the resume model the search itself gives this page's headline its text
    monkeypatch.setattr(thread, "resume_model", lambda: None)

    def articles():
        page = jianbao.clip(PAGE, describe=False)
        blocks = sorted(b for a in page.articles for b in a.block_ids()) + [e.blocks[0] for e in page.unassigned]
        assert sorted(blocks) == list(range(len(page.blocks)))  # every block once
        return {b: a.id for a in page.articles for b in a.block_ids()}

    owner = articles()
    assert owner[0] == owner[4] != owner[1]
    monkeypatch.setattr(heads, "MARGIN", 99.0)
    monkeypatch.setattr(heads, "TITLED_MARGIN", 99.0)
    owner = articles()
    assert owner[0] == owner[1] != owner[4]  # what the search alone gives


def test_lead_in_a_heading_under_a_dashed_kicker_is_its_headline():
    texts = ["习近平主席新年贺词引发国际人士热议——", "携手合作共发展", "“我们愿同世界各国人民携起手来。”", "小结："]
    articles = [[(Role.HEADLINE, (0,)), (Role.HEADING, (1,)), (Role.PARAGRAPH, (2,))]]
    assert lead_in(articles, texts) == [[(Role.HEADLINE, (0,)), (Role.HEADLINE, (1,)), (Role.PARAGRAPH, (2,))]]
    # a paragraph stays one; a line ending in a colon leads into no heading
    para = [[(Role.HEADLINE, (0,)), (Role.PARAGRAPH, (2,))]]
    assert lead_in(para, texts) == para
    colon = [[(Role.HEADLINE, (3,)), (Role.HEADING, (1,)), (Role.PARAGRAPH, (2,))]]
    assert lead_in(colon, texts) == colon


def test_two_stories_read_as_one_are_parted_each_with_the_lines_its_text_echoes():
    # title lines 0 (A's headline), 1 (B's), 2 (A's deck); A's text 3, 4, then B's text 5, 6, about other things
    texts = ["甲", "乙", "丙", "正文。", "正文。", "正文。", "正文。"]
    one = [(H, (0,)), (H, (1,)), (Role.SUBHEADLINE, (2,)), (P, (3,)), (P, (4,)), (P, (5,)), (P, (6,))]
    ties = {(0, 0): 1.0, (1, 1): 1.0, (2, 2): 1.0, (3, 3): 5.0, (4, 4): 5.0, (5, 5): 5.0, (6, 6): 5.0,
            (0, 3): 1.0, (2, 4): 0.5, (1, 5): 1.0}
    g = gram(ties, 7)
    a, b = [(H, (0,)), (Role.SUBHEADLINE, (2,)), (P, (3,)), (P, (4,))], [(H, (1,)), (P, (5,)), (P, (6,))]
    assert heads.part([one], g, texts) == [a, b]
    # a line that neither part echoes goes with the line before it
    quiet = gram({k: w for k, w in ties.items() if k != (2, 4)}, 7)
    assert heads.part([one], quiet, texts) == [[(H, (0,)), (P, (3,)), (P, (4,))],
                                                [(H, (1,)), (Role.SUBHEADLINE, (2,)), (P, (5,)), (P, (6,))]]
    # the two parts' texts about one thing: one story, its sections echoing its lines apart
    assert heads.part([one], gram({**ties, (4, 5): 5.0}, 7), texts) == [one]
    # a weak echo parts nothing, nor do two title lines, nor a part of one element
    weak = gram({**ties, (0, 3): heads.PART_MARGIN - 0.1, (2, 4): 0.0}, 7)
    assert heads.part([one], weak, texts) == [one]
    assert heads.part([one[:1] + one[2:]], gram({**ties, (2, 5): 1.0}, 7), texts) == [one[:1] + one[2:]]
    assert heads.part([one[:4] + one[5:]], g, texts) == [one[:4] + one[5:]]


def test_title_lines_left_bare_take_the_text_set_right_under_them():
    # blocks: 0 headline, 1–2 its story's text; 3 a second story's headline, which the search left bare, and its
    # text 4–5 given to the first story (the two go on about one theme)
    a = [(H, (0,)), (P, (1,)), (P, (2,)), (P, (4,)), (P, (5,))]
    bare = [(H, (3,))]
    none = np.full((6, 6), -np.inf)
    g = gram({(b, b): 1.0 for b in range(6)} | {(3, 4): 0.5, (0, 1): 0.5}, 6)
    assert heads.under_title([a, bare], none, g) == [a[:3], bare + a[3:]]
    # … but not where the text under them goes on from the paragraph before them (a line set across one)
    join = none.copy()
    join[2, 4] = 1.0
    assert heads.under_title([a, bare], join, g) == [a, bare]
    # nor where it echoes the other story's headline more (another story's headline read between paragraphs)
    assert heads.under_title([a, bare], none, gram({(b, b): 1.0 for b in range(6)} | {(0, 5): 0.5}, 6)) == [a, bare]
    # nor text that opens a section (a heading), nor anything from before the title lines
    assert heads.under_title([a[:3] + [(Role.HEADING, (4,)), (P, (5,))], bare], none, g)[1] == bare
    late = [(H, (0,)), (P, (1,)), (P, (4,)), (P, (2,))]
    assert heads.under_title([late, bare], none, g) == [late, bare]


def test_a_first_title_line_read_after_its_storys_text_goes_above_its_title_line():
    # blocks: 0 story B's title line, 1–2 its text; 3 a line read after it, which B's first paragraph echoes,
    # heading an article of its own with 4, another story's text (about other things: it stays)
    g = gram({(0, 0): 1.0, (1, 1): 5.0, (2, 2): 5.0, (3, 3): 1.0, (4, 4): 5.0, (3, 1): 0.8}, 5)
    b = [(H, (0,)), (P, (1,)), (P, (2,))]
    x = [(H, (3,)), (P, (4,))]
    texts = ["标题", "正文。", "正文。", "引题", "正文。"]
    assert late_titles([b, x], g, texts) == [[(H, (3,)), (H, (0,)), (P, (1,)), (P, (2,))], [(P, (4,))]]
    # its text is the story's (its first paragraph, set under the title lines): it goes along, after them
    g2 = g.copy()
    g2[4, 2] = g2[2, 4] = 2.0
    assert late_titles([b, x], g2, texts) == [[(H, (3,)), (H, (0,)), (P, (4,)), (P, (1,)), (P, (2,))]]
    # the story's own line ends as a kicker (…强调): it stays above
    assert late_titles([b, x], g, ["王勇强调", *texts[1:]])[0][:2] == [(H, (0,)), (H, (3,))]
    # a weak echo or a deck moves nothing, nor does a line read before the story's text
    assert late_titles([b, x], gram({(0, 0): 1.0, (3, 3): 1.0, (3, 1): 0.4}, 5), texts) == [b, x]
    assert late_titles([b, x], g, [*texts[:3], "——副题", texts[4]]) == [b, x]
    early = [(H, (0,)), (P, (4,))]
    story = [(H, (3,)), (P, (1,)), (P, (2,))]
    assert late_titles([early, story], gram({(0, 0): 1.0, (0, 1): 0.8}, 5), texts) == [early, story]


def test_late_title_lines_read_in_a_row_each_go_to_their_own_story():
    # two stories' text without title lines (0, 1), then two lines alone: 2 echoed by both texts, 3 by the
    # first's only — given jointly, 3 heads the first story and 2 the second (greedily, 2 would take the first,
    # the better echo it has, and 3 would have nowhere to go)
    g = gram({(i, i): 1.0 for i in range(4)} | {(2, 0): 0.95, (2, 1): 0.9, (3, 0): 0.9}, 4)
    a, b = [(P, (0,))], [(P, (1,))]
    out = late_titles([a, b, [(H, (2,))], [(H, (3,))]], g, ["正文。", "正文。", "丙", "丁"])
    assert out == [[(H, (3,)), (P, (0,))], [(H, (2,)), (P, (1,))]]


def test_matching_is_exact_within_a_group_of_pairs_sharing_articles():
    # 0 and 3 both want 1; 0 also wants 2: the best sum takes (0, 2) and (3, 1), not the single best pair
    pairs = [(1.0, 0, 1, False), (0.8, 0, 2, False), (0.8, 3, 1, False)]
    assert sorted(matching(pairs)) == [(0.8, 0, 2, False), (0.8, 3, 1, False)]


def test_matching_decides_groups_apart_in_time_linear_in_them():
    # a page many times the usual size: a thousand groups, each its own best pair (an exact search over all
    # pairs at once would remember a state for every subset of the groups taken)
    pairs = [p for k in range(0, 4000, 4) for p in [(1.0, k, k + 1, False), (0.5, k + 2, k + 1, False)]]
    assert sorted(matching(pairs)) == sorted(p for p in pairs if p[0] == 1.0)


def test_matching_takes_a_group_too_large_to_search_by_its_largest_gains():
    # a chain of pairs, each sharing an article with the next: more than EXACT_PAIRS of them
    n = EXACT_PAIRS + 3
    pairs = [(1.0 + (k % 2), k, k + 1, False) for k in range(n)]
    chosen = matching(pairs)
    used = [a for _, i, j, _ in chosen for a in (i, j)]
    assert len(used) == len(set(used))  # no article in two
    assert all(gain == 2.0 for gain, *_ in chosen) and len(chosen) == n // 2


def test_across_reads_some_of_each_line_run_together_in_the_text():
    assert across("雄安新区两个规划", "获批", "河北雄安新区两个规划获批。") == 8  # 新区两个规划 + 获批 (6 of each at most)
    assert across("雄安新区两个规划", "获批", "两个规划近日获批。") == 0


def _rejoined(lines: list[str], text: str, odds: float = -1.0, widths: tuple[float, ...] = (8.0, 2.0)):
    texts = lines + [text]
    join = np.full((3, 3), odds)
    return rejoin([[(H, (0,)), (S, (1,)), (P, (2,))]], join, np.array([*widths, 30.0]), texts)[0]


def test_two_title_lines_the_storys_text_reads_across_are_one_line_set_on_two():
    text = "本报北京1月19日电 记者获悉，雄安新区两个规划获批。"
    assert _rejoined(["雄安新区两个规划", "获批"], text) == [(H, (0, 1)), (P, (2,))]
    # not where the turnover model read them apart surely, nor a second line wider than the first
    assert _rejoined(["雄安新区两个规划", "获批"], text, odds=-6.0)[0] == (H, (0,))
    assert _rejoined(["雄安新区两个规划", "获批"], text, widths=(2.0, 8.0))[0] == (H, (0,))
    # a "——" deck stays a deck, and nothing joins where the text does not read across the break
    assert _rejoined(["雄安新区两个规划", "——获批"], "两个规划——获批")[0] == (H, (0,))
    assert _rejoined(["雄安新区两个规划", "获批"], "两个规划近日获批。")[0] == (H, (0,))


def test_a_title_line_that_leaves_a_bracket_open_goes_on_in_the_next():
    out = _rejoined(["英勇战斗 守护平安（为了", "民族复兴）"], "正文。", odds=-9.0)
    assert out == [(H, (0, 1)), (P, (2,))]
