"""The PDF/scan bench (character alignment, CER, gold for any reader's blocks) and the link/1 stage."""

from __future__ import annotations

import json
import random

import pymupdf
import pytest

from jianbao.bench.pdfbench import (Aligner, GoldText, char_exact, char_map, char_scores, edit_distance,
                                    element_map, find_pages, jianbao_pdf, pdftotext_layout, scan_errors,
                                    scan_sample, score_system, text_gold)
from jianbao.bench.score import Tally
from jianbao.model import Article, Block, Box, Element, Page, Role
from jianbao.stages.link import chinese_number, link_pages, mark_of


# -- character alignment ------------------------------------------------------------------------------
def gold_of(*articles: str) -> GoldText:
    text = "".join(articles)
    cluster = [("a", i) for i, a in enumerate(articles) for _ in a]
    gold = {"articles": [{"index": i, "headline": None, "elements": [], "continues": False}
                         for i in range(len(articles))], "unassigned": []}
    return GoldText(text, cluster, gold)


def page_of(blocks: list[str], groups: list[list[int]]) -> Page:
    arts = tuple(Article(f"a{k}", tuple(Element(Role.PARAGRAPH, (b,)) for b in g)) for k, g in enumerate(groups, 1))
    return Page("x", tuple(Block(i, t) for i, t in enumerate(blocks)), articles=arts)


def b3(gold: GoldText, page: Page) -> float:
    t = char_scores(gold, {"articles": [{"headline": None, "continues": False}] * len(page.articles)},
                    char_map(gold, page), Tally())
    return t.figures()["b3_f1"]


A, B = "甲乙丙丁戊己庚辛壬癸子丑寅卯", "天地玄黄宇宙洪荒日月盈昃辰宿"


def test_perfect_blocks_in_any_order_score_one():
    gold = gold_of(A, B)
    assert b3(gold, page_of([A[:7], B[:7], A[7:], B[7:]], [[0, 2], [1, 3]])) == pytest.approx(1.0)


def test_lines_across_two_columns_are_split_at_whitespace_and_scored():
    gold = gold_of(A, B)
    mixed = [f"{A[:7]}   {B[:7]}", f"{A[7:]}   {B[7:]}"]  # pdftotext -layout style
    held = char_map(gold, page_of(mixed, [[0, 1]]))
    assert all(h == ("a", 0) for h in held)  # every character found, all in the one predicted article
    assert b3(gold, page_of(mixed, [[0, 1]])) < 0.8


def test_ocr_errors_still_align():
    gold = gold_of(A + B)
    noisy = A[:5] + "X" + A[6:] + B[:3] + B[4:]
    held = char_map(gold, page_of([noisy], [[0]]))
    assert sum(h is not None for h in held) >= len(A + B) - 2


def test_each_gold_character_is_used_once():
    aligner = Aligner("甲乙丙甲乙丙")
    first, second = aligner.place("甲乙丙", 0), aligner.place("甲乙丙", 0)
    assert {g for _, g in first}.isdisjoint({g for _, g in second})


def test_an_anchor_is_not_taken_by_a_repeated_headline():
    # the headline is printed again inside the other article's paragraph, and the reader gives it
    # after that article's first block: its nearest occurrence is the paragraph's
    head, para = "把疫情防控作为当前最重要的工作来抓", "会议指出各级党委和政府要把疫情防控作为当前最重要的工作来抓切实做好"
    gold = gold_of(head + A, B + para)
    held = char_map(gold, page_of([B, head, A, para], [[1, 2], [0, 3]]))
    assert held == gold.cluster


# -- article exact (char) -----------------------------------------------------------------------------
H0, P0, Q0 = "长江经济带生态优先绿色发展", "长江保护修复攻坚战取得阶段性成效水质优良比例持续提高", "沿江各省市协同推进生态环境保护和治理工作成效明显"
H1, P1 = "冬奥会筹备工作进展顺利", "北京冬奥会和冬残奥会各项筹备工作扎实推进场馆建设全部完工"
GOLD_ARTICLES = [[H0, P0, Q0], [H1, P1]]


def element_gold(articles: list[list[str]]) -> GoldText:
    text, cluster, element, arts = "", [], [], []
    for a, els in enumerate(articles):
        for e, t in enumerate(els):
            text += t
            cluster += [("a", a)] * len(t)
            element += [e] * len(t)
        arts.append({"index": a, "headline": els[0], "continues": False,
                     "elements": [{"role": "paragraph", "text": t, "blocks": []} for t in els]})
    return GoldText(text, cluster, {"articles": arts, "unassigned": []}, element)


def exact_char(blocks: list[str], articles: list[list[list[int]]]) -> list[bool]:
    """``articles``: for each predicted article, its elements as lists of block indices."""
    gold = element_gold(GOLD_ARTICLES)
    page = Page("x", tuple(Block(i, t) for i, t in enumerate(blocks)),
                articles=tuple(Article(f"a{k}", tuple(Element(Role.PARAGRAPH, tuple(el)) for el in els))
                               for k, els in enumerate(articles)))
    return char_exact(gold, element_map(gold, page), [len(els) for els in articles])


def test_char_exact_passes_the_right_cut_in_any_block_order_and_split_paragraphs():
    blocks = [H1, P0[:10], H0, P1, P0[10:], Q0]
    assert exact_char(blocks, [[[2], [1, 4], [5]], [[0], [3]]]) == [True, True]


def test_char_exact_passes_with_ocr_errors():
    typo = P0[:5] + "某" + P0[6:]  # a character read wrong
    dropped = Q0[:8] + Q0[9:]      # a character lost
    assert exact_char([H0, typo, dropped, H1, P1], [[[0], [1], [2]], [[3], [4]]]) == [True, True]


def test_char_exact_passes_when_the_reader_lost_part_of_an_element_but_not_all_of_it():
    assert exact_char([H0, P0[:12], Q0, H1, P1], [[[0], [1], [2]], [[3], [4]]]) == [True, True]


def test_char_exact_fails_a_split_element():
    assert exact_char([H0, P0[:10], P0[10:], Q0, H1, P1], [[[0], [1], [2], [3]], [[4], [5]]]) == [False, True]


def test_char_exact_fails_a_merged_element():
    assert exact_char([H0, P0, Q0, H1, P1], [[[0], [1, 2]], [[3], [4]]]) == [False, True]


def test_char_exact_fails_a_wrong_order():
    assert exact_char([H0, P0, Q0, H1, P1], [[[0], [2], [1]], [[3], [4]]]) == [False, True]


def test_char_exact_fails_an_extra_element_from_another_article_both_ways():
    assert exact_char([H0, P0, Q0, H1, P1], [[[0], [1], [2], [4]], [[3]]]) == [False, False]


def test_char_exact_fails_an_element_of_pure_noise_and_a_lost_element():
    noise = "ⅩⅫ@#&ⅩⅫ@#&"
    assert exact_char([H0, P0, Q0, noise, H1, P1], [[[0], [1], [2], [3]], [[4], [5]]]) == [False, True]
    assert exact_char([H0, P0, Q0, H1, P1], [[[0], [1]], [[3], [4]]]) == [False, True]  # Q0 unassigned
    assert exact_char([H0, P0, H1, P1], [[[0], [1]], [[2], [3]]]) == [False, True]      # Q0 never read


def test_edit_distance_matches_the_textbook_dp():
    def ref(a, b):
        row = list(range(len(b) + 1))
        for i, x in enumerate(a, 1):
            prev, row[0] = row[:], i
            for j, y in enumerate(b, 1):
                row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x != y))
        return row[-1]

    rng = random.Random(7)
    for _ in range(200):
        a = "".join(rng.choice("甲乙丙ab") for _ in range(rng.randint(0, 15)))
        b = "".join(rng.choice("甲乙丙ab") for _ in range(rng.randint(0, 15)))
        assert edit_distance(a, b) == ref(a, b)


# -- on built bench pages -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bench_page(built):
    return find_pages(built)[0]


def test_jianbao_blocks_align_and_char_b3_agrees_with_block_b3(bench_page):
    layout = bench_page.layout()
    scored = score_system(jianbao_pdf(bench_page.pdf), layout, text_gold(layout))
    assert scored.block is not None  # every block of the PDF reader is a piece of one element
    assert scored.text.figures()["b3_f1"] == pytest.approx(scored.block.figures()["b3_f1"], abs=0.03)


def test_layout_baseline_is_scored_at_character_level(bench_page):
    layout = bench_page.layout()
    scored = score_system(pdftotext_layout(bench_page.pdf), layout, text_gold(layout))
    f = scored.text.figures()
    assert 0.0 < f["b3_f1"] < 1.0 and f["pages"] == 1


def test_scan_errors_zero_for_the_printed_lines_and_one_per_typo(bench_page):
    layout = bench_page.layout()
    texts = {(a, e): el["text"] for a, art in enumerate(layout["articles"]) for e, el in enumerate(art["elements"])}
    texts.update({(None, e): el["text"] for e, el in enumerate(layout["furniture"])})
    scale = 0.5
    blocks = [Block(i, texts[(ln["article"], ln["element"])][ln["start"]:ln["end"]], 1,
                    Box(*(v / scale for v in ln["bbox"])))
              for i, ln in enumerate(layout["lines"])]
    errors, total = scan_errors(Page("scan", tuple(blocks)), layout, scale)
    assert errors == 0 and total > 500
    typo = blocks[-1]
    blocks[-1] = Block(typo.id, "某" + typo.raw[1:], 1, typo.box)
    assert scan_errors(Page("scan", tuple(blocks)), layout, scale)[0] == 1


def test_scan_samples_at_other_offsets_share_no_page_with_the_standard_one(tmp_path):
    from jianbao.bench.pdfbench import BenchPage

    pages = [BenchPage(f"p{i:03d}", tmp_path) for i in range(441)]
    standard, step = scan_sample(pages, 10)
    assert step == 44 and [p.id for p in standard] == [f"p{i:03d}" for i in range(0, 441, 44)][:10]
    other, _ = scan_sample(pages, 10, 22)
    assert len(other) == 10 and other[0].id == "p022" and not {p.id for p in other} & {p.id for p in standard}


# -- link/1 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,want", [
    ("（下转第2版）", ("out", 2)), ("(转第二版)", ("out", 2)), ("转第12版", ("out", 12)),
    ("（上接第1版）", ("in", 1)), ("(接第十一版)", ("in", 11)), ("（上接第２版）", ("in", 2)),
    ("下转第2版的消息", None), ("本版责任编辑：王芳", None),
])
def test_marks(text, want):
    assert mark_of(text) == want


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("三", "十", "十二", "二十", "二十四", "一〇五", "x")] == [3, 10, 12, 20, 24, 105, None]


BODY = "为打击治理跨境违法犯罪，衡阳市公安局派出工作组赴云南开展工作，工作组与当地警方密切协作，取得明显成效，"


def issue_pdf(path, out_mark="（下转第2版）", in_mark="（上接第1版）"):
    """Two pages: page 1 a story cut with a 下转 mark and a second story; page 2 another story and
    the continuation piece."""
    doc = pymupdf.open()

    def story(page, y, headline, body, mark_top=None, mark_bottom=None):
        page.insert_text((30, y), headline, fontname="china-s", fontsize=22)
        y += 36
        if mark_top:
            page.insert_text((30, y), mark_top, fontname="china-s", fontsize=10)
            y += 14
        first = True
        while body:
            n = 16 if first else 18
            line, body = body[:n], body[n:]
            page.insert_text((30 + (20 if first else 0), y), line, fontname="china-s", fontsize=10)
            y, first = y + 14, False
        if mark_bottom:
            page.insert_text((200, y), mark_bottom, fontname="china-s", fontsize=10)
            y += 14
        return y + 30

    p1 = doc.new_page(width=420, height=700)
    p1.insert_text((30, 30), "第1版", fontname="china-s", fontsize=10)
    y = story(p1, 80, "衡阳公安驻滇打击跨境犯罪", BODY * 3 + "截断", mark_bottom=out_mark)
    story(p1, y, "长江经济带生态优先绿色发展", "长江保护修复攻坚战取得阶段性成效，水质优良比例持续提高。" * 3)
    p2 = doc.new_page(width=420, height=700)
    p2.insert_text((30, 30), "第2版", fontname="china-s", fontsize=10)
    y = story(p2, 80, "冬奥会筹备工作进展顺利", "北京冬奥会和冬残奥会各项筹备工作扎实推进，场馆建设全部完工。" * 3)
    p2.insert_text((30, y), in_mark, fontname="china-s", fontsize=10)
    body, yy, first = "跨境违法犯罪的人员流动得到遏制，衡阳公安工作组将继续驻守云南。", y + 14, True
    while body:
        line, body = body[:18], body[18:]
        p2.insert_text((30, yy), line, fontname="china-s", fontsize=10)
        yy += 14
    doc.save(path)
    return path


@pytest.mark.parametrize("out_mark,in_mark", [("（下转第2版）", "（上接第1版）"), ("(转第二版)", "(接第一版)")])
def test_link_joins_the_pieces_across_pages(tmp_path, out_mark, in_mark):
    from jianbao.pipeline import clip

    page = clip(issue_pdf(tmp_path / "issue.pdf", out_mark, in_mark), describe=False)
    linked = [a for a in page.articles if len(a.pages) > 1]
    assert len(linked) == 1
    art = linked[0]
    assert art.pages == (1, 2) and page.headline(art) == "衡阳公安驻滇打击跨境犯罪"
    texts = [page.element_text(el) for el in art.elements]
    opens = [i for i, t in enumerate(texts) if t.startswith(in_mark)]  # the mark runs into its paragraph here
    assert out_mark in texts and opens and texts.index(out_mark) < opens[0]
    assert "遏制" in page.article_text(art) and not art.continues
    assert page.to_dict()["articles"][page.articles.index(art)]["pages"] == [1, 2]


def test_no_link_without_a_matching_mark(tmp_path):
    from jianbao.pipeline import clip

    page = clip(issue_pdf(tmp_path / "issue.pdf", "（下转第2版）", "（上接第3版）"), describe=False)
    assert not [a for a in page.articles if len(a.pages) > 1]
    cut = [a for a in page.articles if page.headline(a) == "衡阳公安驻滇打击跨境犯罪"]
    assert cut and cut[0].continues


def test_single_page_passes_through():
    page = Page("x", (Block(0, "标题"),), roles=(Role.HEADLINE,),
                articles=(Article("a1", (Element(Role.HEADLINE, (0,)),)),))
    assert link_pages(page) is page


def test_two_gold_articles_in_one_predicted_that_continues_count_it_once():
    gold = gold_of(A, B)
    for art in gold.gold["articles"]:
        art["continues"] = True
    page = page_of([A, B], [[0, 1]])  # both cut-off stories read as one, which continues
    t = Tally(continues_gold=2, continues_pred=1)
    t = char_scores(gold, {"articles": [{"headline": None, "continues": True}]}, char_map(gold, page), t)
    assert t.continues_common == 1
    assert t.figures()["continues_f1"] == pytest.approx(2 / 3)  # precision 1, recall ½
