"""Gold articles for a page dump, by aligning each block of the dump to the text it came from.

With whitespace removed, every block must be one contiguous piece of one *source element* that
the typesetter printed (a title line, paragraph, caption, furniture row, continuation mark —
the layout truth says which elements and characters are on the page).  A block whose text
occurs more than once goes to the free occurrence next to pieces already placed, else the first
free one in source order.  Gold elements are the source elements in source order, each with the
blocks that cover it in text order; an element cut off at the bottom of its box keeps only its
printed part.  A page where this fails is not patched: :class:`AlignmentError` says why.

Block numbering is :func:`jianbao.read.text.split_blocks` on the dump text as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from jianbao.errors import JianbaoError
from jianbao.model import Article, Element, Page, Role
from jianbao.read.text import page_from_text

_SPACE = re.compile(r"\s+")
SPANS = "block spans two elements"
NOTHING = "block matches nothing"
REPEATED = "block repeats placed text"
LOST = "characters lost"


class AlignmentError(JianbaoError):
    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        super().__init__(f"{reason}: {detail}" if detail else reason)


def bare(text: str) -> str:
    return _SPACE.sub("", text)


@dataclass
class Source:
    """One printed source element; offsets are in its whitespace-free text."""

    article: int | None
    element: int
    role: Role
    text: str
    printed: list[tuple[int, int]] = field(default_factory=list)   # merged printed spans
    pieces: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, block)


def _bare_offsets(raw: str) -> list[int]:
    out, n = [0], 0
    for ch in raw:
        n += not ch.isspace()
        out.append(n)
    return out


def sources(layout: dict[str, Any]) -> list[Source]:
    """The page's printed source elements, stories first (in order), then furniture."""
    raw: dict[tuple[int | None, int], tuple[Role, str]] = {}
    order: list[tuple[int | None, int]] = []
    for a, art in enumerate(layout["articles"]):
        for e, el in enumerate(art["elements"]):
            raw[(a, e)] = (Role(el["role"]), el["text"])
            order.append((a, e))
    for e, el in enumerate(layout["furniture"]):
        raw[(None, e)] = (Role(el["role"]), el["text"])
        order.append((None, e))
    spans: dict[tuple[int | None, int], list[tuple[int, int]]] = {}
    offsets = {key: _bare_offsets(text) for key, (_, text) in raw.items()}
    for line in layout["lines"]:
        key = (line["article"], line["element"])
        off = offsets[key]
        a, b = off[line["start"]], off[line["end"]]
        if b > a:
            spans.setdefault(key, []).append((a, b))
    out = []
    for key in order:
        if key not in spans:
            continue
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spans[key]):
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        role, text = raw[key]  # what lives outside articles (an ad slot) is printed in a story's box
        out.append(Source(None if role.outside else key[0], key[1], role, bare(text), merged))
    return out


def _occurrences(block: str, src: Source) -> list[int]:
    found, at = [], src.text.find(block)
    while at != -1:
        if any(a <= at and at + len(block) <= b for a, b in src.printed):
            found.append(at)
        at = src.text.find(block, at + 1)
    return found


def _free(src: Source, start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b, _ in src.pieces)


def _touches(src: Source, start: int, end: int) -> bool:
    return (any(b == start or a == end for a, b, _ in src.pieces)
            or any(a == start or b == end for a, b in src.printed))


def align(blocks: list[str], srcs: list[Source]) -> None:
    """Place every block (whitespace-free text) on a source element; fill ``Source.pieces``."""
    cands = [[(s, at) for s, src in enumerate(srcs) for at in _occurrences(b, src)] for b in blocks]
    for i, b in enumerate(blocks):
        if not cands[i]:
            longest = max((k for k in range(1, len(b)) if any(b[:k] in s.text for s in srcs)),
                          default=0)
            raise AlignmentError(SPANS if longest else NOTHING, f"block {i}: {b[:30]}")
    todo = set(range(len(blocks)))

    def place(i: int, s: int, at: int) -> None:
        srcs[s].pieces.append((at, at + len(blocks[i]), i))
        todo.discard(i)

    for i in sorted(todo):
        if len(cands[i]) == 1:
            s, at = cands[i][0]
            if not _free(srcs[s], at, at + len(blocks[i])):
                raise AlignmentError(REPEATED, f"block {i}: {blocks[i][:30]}")
            place(i, s, at)
    progress = True
    while todo and progress:  # repeats: take the free spot next to placed pieces
        progress = False
        for i in sorted(todo):
            free = [(s, at) for s, at in cands[i] if _free(srcs[s], at, at + len(blocks[i]))]
            near = [(s, at) for s, at in free if _touches(srcs[s], at, at + len(blocks[i]))]
            if not free:
                raise AlignmentError(REPEATED, f"block {i}: {blocks[i][:30]}")
            if len(near) == 1 or len(free) == 1:
                place(i, *(near or free)[0])
                progress = True
    for i in sorted(todo):  # still ambiguous: first free spot in source order
        free = [(s, at) for s, at in cands[i] if _free(srcs[s], at, at + len(blocks[i]))]
        if not free:
            raise AlignmentError(REPEATED, f"block {i}: {blocks[i][:30]}")
        place(i, *free[0])
    for src in srcs:
        covered = sorted((a, b) for a, b, _ in src.pieces)
        merged: list[tuple[int, int]] = []
        for a, b in covered:
            if merged and a == merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        if merged != src.printed:
            raise AlignmentError(LOST, f"{src.role.value} {src.text[:30]}: printed {src.printed}, "
                                       f"found {merged}")


def gold_page(dump: str, layout: dict[str, Any], source: str) -> Page:
    """The gold :class:`Page` for a dump of the page described by ``layout``."""
    page = page_from_text(dump, source=source, date=_iso(layout["date"]))
    articles, unassigned = gold_articles([b.raw for b in page.blocks], layout)
    return page.with_(articles=articles, unassigned=unassigned)


def _iso(date: str) -> str:
    return f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else date


def check_gold(gold: dict[str, Any], dump: str) -> list[str]:
    """Problems with a gold JSON for its dump (empty when it is sound): every block exactly once,
    element texts equal their blocks joined, and the gold text is the dump text rearranged."""
    from jianbao.read.text import split_blocks

    blocks = split_blocks(dump)
    problems = []
    elements = [el for art in gold["articles"] for el in art["elements"]] + gold["unassigned"]
    used = Counter(b for el in elements for b in el["blocks"])
    if sorted(used) != list(range(len(blocks))) or any(n != 1 for n in used.values()):
        problems.append("blocks not used exactly once")
    fold = lambda t: bare(unicodedata.normalize("NFKC", t))  # noqa: E731
    for el in elements:
        if fold(el["text"]) != fold("".join(blocks[b] for b in el["blocks"] if b < len(blocks))):
            problems.append(f"element text differs from its blocks: {el['text'][:30]}")
    if Counter(bare(dump)) != Counter(bare("".join(el["text"] for el in elements))):
        problems.append("gold characters differ from the dump's")
    return problems


def gold_articles(texts: list[str], layout: dict[str, Any]) -> tuple[tuple[Article, ...], tuple[Element, ...]]:
    """Gold articles and unassigned elements for *any* reader's blocks: block ``i`` has text
    ``texts[i]`` (e.g. the blocks jianbao's PDF reader made of the page).  Same alignment and
    the same rules as :func:`gold_page`; raises :class:`AlignmentError` when a block does not
    sit inside one source element."""
    srcs = sources(layout)
    align([bare(t) for t in texts], srcs)
    by_article: dict[int, list[Element]] = {}
    unassigned = []
    for src in srcs:
        if not src.pieces:
            continue
        element = Element(src.role, tuple(i for _, _, i in sorted(src.pieces)))
        if src.article is None:
            unassigned.append(element)
        else:
            by_article.setdefault(src.article, []).append(element)
    articles = tuple(Article(id=f"a{n}", elements=tuple(by_article[a]),
                             continues=bool(layout["articles"][a]["continues"]))
                     for n, a in enumerate(sorted(by_article), start=1))
    return articles, tuple(unassigned)


def printed_elements(layout: dict[str, Any]) -> list[tuple[int | None, Role, str]]:
    """What the page printed of each source element, in source order (stories, then furniture):
    (article index or None, role, whitespace-free printed text)."""
    return [(src.article, src.role, "".join(src.text[a:b] for a, b in src.printed))
            for src in sources(layout)]
