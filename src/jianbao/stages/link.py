"""Link continuations across the pages of a whole-issue PDF (stage ``link/1``, after ``thread/1``).

An article that ends in a "下转" mark — （下转第2版）, (转第二版), 转第12版 … — runs on in the
article on that page that opens with the matching "上接" mark — （上接第1版）, 接第一版 …, naming the
page it came from.  Page numbers in marks are printed edition numbers ("第2版" in a page's header),
else taken as the PDF's own page numbers.  When several pieces on the target page name the same
source page, the pairs that share most topic win: rare character bigrams (names, places, terms)
common to both, each weighted by log(articles / articles using it).

Linked pieces become one article: elements in reading order (source page first), ``pages`` listing
the PDF pages it is on (as the elements' ``page``); ``continues`` is what the last piece says.

The pages come threaded each on its own (``roles/1`` and ``thread/1`` work page by page: the body type
size, recency and run-ons are properties of one page, and an article never runs on from one page to
another except through marks).  Before linking, for input of two or more PDF pages:

- a 下转 mark goes to the article of the block right above it (it closes that column), a 上接 mark to
  the article of the block right after it (it opens that text), which is split there if it had body
  text before the mark.

Single-page input (text dumps, one-page PDFs, scans) passes through unchanged.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from jianbao import cues
from jianbao.model import Article, Element, Page, Role
from jianbao.pipeline import Stage, register

#: a continuation mark's direction and page: （下转第12版） 转第二版 (上接第1版)
MARK = re.compile(r"(下转|上接|转|接)第?\s*([0-9０-９]+|[〇零一二两三四五六七八九十百]+)\s*版")
_NUMBER = r"([0-9０-９]+|[〇零一二两三四五六七八九十百]+)"
#: a 上接 mark opening a paragraph ("（上接第1版）跨境违法……"), a 下转 mark closing one ("……成效。（下转第2版）")
IN_AT_START = re.compile(rf"^[（(]\s*(?:上接|接)第?\s*{_NUMBER}\s*版\s*[)）]")
OUT_AT_END = re.compile(rf"[（(]\s*(?:下转|转)第?\s*{_NUMBER}\s*版\s*[)）]$")
EDITION = re.compile(r"(?:^|\s)第\s*([0-9０-９]+|[〇零一二两三四五六七八九十百]+)\s*版")
DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def chinese_number(text: str) -> int | None:
    """'3' / '３' / '十二' / '二十四' / '一〇五' → int; None if it is no number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in DIGITS and c not in "十百" for c in text):
        return None
    if "十" not in text and "百" not in text:  # digit by digit: 一〇五
        return int("".join(str(DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = DIGITS[c]
    return total + current


def mark_of(text: str) -> tuple[str, int] | None:
    """('out', N) for a 下转/转 mark to page N, ('in', M) for a 上接/接 mark from page M."""
    if not cues.CONTINUATION.match(text):
        return None
    m = MARK.search(text)
    if m is None:
        return None
    number = chinese_number(m.group(2))
    if number is None:
        return None
    return ("out" if "转" in m.group(1) else "in"), number


def in_mark(text: str) -> int | None:
    """The page a text's 上接 mark names: the whole text, or a mark opening it."""
    found = mark_of(text)
    if found:
        return found[1] if found[0] == "in" else None
    m = IN_AT_START.match(text)
    return chinese_number(m.group(1)) if m else None


def out_mark(text: str) -> int | None:
    """The page a text's 下转 mark names: the whole text, or a mark closing it."""
    found = mark_of(text)
    if found:
        return found[1] if found[0] == "out" else None
    m = OUT_AT_END.search(text)
    return chinese_number(m.group(1)) if m else None


def editions(page: Page) -> dict[int, int]:
    """PDF page → printed edition number, from a "第N版" line in the page's furniture."""
    out: dict[int, int] = {}
    for el in page.unassigned:
        for b in el.blocks:
            block = page.blocks[b]
            m = EDITION.search(block.text)
            if block.page is not None and block.page not in out and m:
                number = chinese_number(m.group(1))
                if number is not None:
                    out[block.page] = number
    return out


def _pages_of(page: Page, art: Article) -> tuple[int, ...]:
    return tuple(sorted({page.blocks[b].page for b in art.block_ids() if page.blocks[b].page is not None}))


def _split_at_in_marks(page: Page, articles: list[Article]) -> list[Article]:
    """A "上接" mark inside an article (not at its head) starts a piece of its own."""
    out = []
    for art in articles:
        start = 0
        for k, el in enumerate(art.elements):
            if k > 0 and in_mark(page.element_text(el)) is not None \
                    and any(e.role not in (Role.KICKER, Role.HEADLINE, Role.SUBHEADLINE) for e in art.elements[start:k]):
                head = art.elements[start:k]
                ends_out = any(out_mark(page.element_text(e)) is not None for e in head)
                out.append(Article(art.id, head, ends_out, art.about, art.pages))
                start = k
        if start == 0:
            out.append(art)
        else:
            out.append(Article(art.id + "+", art.elements[start:], art.continues, art.about, art.pages))
    return out


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {han[i:i + 2] for i in range(len(han) - 1)}


def _marks(page: Page, art: Article, direction: str) -> list[int]:
    """Page numbers named by the article's marks of one direction, in order."""
    find = in_mark if direction == "in" else out_mark
    return [n for el in art.elements for n in [find(page.element_text(el))] if n is not None]


def _rehome_out_marks(page: Page, articles: list[Article]) -> list[Article]:
    """A 下转 mark closes the column above it: give it to the article of the block right above it."""
    owner = {b: i for i, a in enumerate(articles) for b in a.block_ids()}
    moves: list[tuple[int, Element, int]] = []
    for i, art in enumerate(articles):
        for el in art.elements:
            if el.role is not Role.CONTINUATION or (mark_of(page.element_text(el)) or ("",))[0] != "out":
                continue
            box = page.blocks[el.blocks[0]].box
            if box is None:
                continue
            above = [b for b in page.blocks if b.box is not None and b.page == page.blocks[el.blocks[0]].page
                     and b.id in owner and b.id not in el.blocks and b.box.y1 <= box.y0 + 1
                     and b.box.shared_width(box) > 0]
            if above:
                j = owner[max(above, key=lambda b: b.box.y1).id]  # type: ignore[union-attr]
                if j != i:
                    moves.append((i, el, j))
    if not moves:
        return articles
    elements = [list(a.elements) for a in articles]
    for i, el, j in moves:
        elements[i].remove(el)
        elements[j].append(el)
    out = []
    for a, els in zip(articles, elements):
        if els:
            ends_out = any(out_mark(page.element_text(e)) is not None for e in els)
            out.append(Article(a.id, tuple(els), a.continues or ends_out, a.about, a.pages))
    return out


def _rehome_in_marks(page: Page, articles: list[Article]) -> list[Article]:
    """A 上接 mark opens the text printed after it: put it in the article of the next block (in
    reading order, same page), right before that block's element."""
    elements = [list(a.elements) for a in articles]
    for i, art in enumerate(articles):
        for el in art.elements:
            if el.role is not Role.CONTINUATION or (mark_of(page.element_text(el)) or ("",))[0] != "in":
                continue
            b = el.blocks[-1] + 1
            if b >= len(page.blocks) or page.blocks[b].page != page.blocks[b - 1].page:
                continue
            j = next((k for k, els in enumerate(elements) if any(b in e.blocks for e in els)), None)
            if j is None:
                continue
            elements[i].remove(el)
            at = next(k for k, e in enumerate(elements[j]) if b in e.blocks)
            elements[j].insert(at, el)
    return [Article(a.id, tuple(els), a.continues, a.about, a.pages)
            for a, els in zip(articles, elements) if els]


def link_pages(page: Page) -> Page:
    pages = sorted({b.page for b in page.blocks if b.page is not None})
    if not page.articles or len(pages) < 2:
        return page
    articles = _rehome_out_marks(page, list(page.articles or ()))
    articles = _split_at_in_marks(page, _rehome_in_marks(page, articles))
    edition = editions(page)
    pdf_page = {v: k for k, v in edition.items()}
    home = [(_pages_of(page, a) or (0,))[-1] for a in articles]  # where an article ends
    start = [(_pages_of(page, a) or (0,))[0] for a in articles]  # where it starts

    def ed(p: int) -> int:
        return edition.get(p, p)

    # candidate pairs: source article i (下转 N) → piece j on page N (上接 M == i's page)
    grams = [_bigrams(page.article_text(a)) for a in articles]
    df = Counter(g for gs in grams for g in gs)
    n = len(articles)
    pairs = []
    for i, a in enumerate(articles):
        for target in _marks(page, a, "out")[-1:]:
            target_page = pdf_page.get(target, target)
            for j, b in enumerate(articles):
                if j == i or start[j] != target_page or start[j] == home[i]:
                    continue
                heads = [m for m in _marks(page, b, "in")[:1]]
                if heads and heads[0] == ed(home[i]):
                    topic = math.fsum(math.log(n / df[g]) for g in grams[i] & grams[j])  # exact: no set order
                    pairs.append((topic, i, j))
    nxt: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i not in nxt and j not in taken:
            nxt[i] = j
            taken.add(j)
    merged: list[Article] = []
    placed: set[int] = set()
    for i, a in enumerate(articles):
        if i in taken or i in placed:
            continue
        chain, seen = [i], {i}
        while chain[-1] in nxt and nxt[chain[-1]] not in seen:
            chain.append(nxt[chain[-1]])
            seen.add(chain[-1])
        placed.update(chain)
        elements = tuple(el for k in chain for el in articles[k].elements)
        joined = Article(a.id, elements, articles[chain[-1]].continues, a.about)
        merged.append(Article(a.id, elements, joined.continues, a.about, _pages_of(page, joined)))
    for i in range(len(articles)):  # pieces only reachable through a cycle of marks stay as they are
        if i not in placed:
            merged.append(articles[i])
    merged.sort(key=lambda a: min(a.block_ids()) if a.block_ids() else 0)
    renumbered = tuple(Article(f"a{k}", a.elements, a.continues, a.about, a.pages)
                       for k, a in enumerate(merged, start=1))
    return page.with_(articles=renumbered)


register(Stage("link/1", link_pages, requires=("articles",), assigns=("articles",)))
