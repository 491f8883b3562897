"""Corpus articles as pages, for the gold set and for tuning: one block per title line and paragraph.

Roles come from the paper's conventions: title lines become kicker / headline / subheadline, a
``（作者系…）`` note an author note, credit lines (``…摄``, ``版式设计：…``) captions, reporter lines
(``本报记者 王芳``, ``（王芳 李强）``) bylines, everything else paragraphs.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any, Iterable, Iterator

from jianbao.model import Article, Block, Element, Page, Role

_NOTE = re.compile(r"^[（(]\s*(作者|笔者)")
_CREDIT = re.compile(r"(摄|摄影|供图|摄影报道)\s*([（(][^（）()]{2,10}[)）])?\s*$|^(责任编辑|版式设计|制图|本版摄影|本版责编)")
_BYLINE = re.compile(
    r"^(本报|新华社|人民网)?(驻\S{1,8})?(特约)?(记者|通讯员)[\s\u3000\u4e00-\u9fff、]{2,30}$"
    r"|^[（(][\u4e00-\u9fff·、，\s\u3000]{2,40}[)）]$"
)


def title_roles(lines: list[str]) -> list[Role]:
    if len(lines) == 1:
        return [Role.HEADLINE]
    roles = [Role.HEADLINE] * len(lines)
    head = 0
    if lines[0].rstrip().endswith(("——", "：", ":")) or len(lines) >= 3:
        roles[0] = Role.KICKER
        head = 1
    roles[head] = Role.HEADLINE
    for i in range(head + 1, len(lines)):
        roles[i] = Role.SUBHEADLINE
    return roles


def paragraph_role(text: str) -> Role:
    t = text.strip()
    if _NOTE.match(t):
        return Role.AUTHOR_NOTE
    if len(t) <= 60 and _CREDIT.search(t):
        return Role.CAPTION
    if len(t) <= 60 and _BYLINE.match(t):
        return Role.BYLINE
    return Role.PARAGRAPH


def page_of(record: dict[str, Any]) -> Page:
    """A one-article page made of a corpus record (title_lines, paragraphs, date YYYYMMDD)."""
    texts = list(record.get("title_lines") or []) + list(record.get("paragraphs") or [])
    roles = title_roles(list(record.get("title_lines") or [])) if record.get("title_lines") else []
    roles += [paragraph_role(p) for p in record.get("paragraphs") or []]
    blocks = tuple(Block(id=i, raw=t) for i, t in enumerate(texts))
    elements = tuple(Element(role=r, blocks=(i,)) for i, r in enumerate(roles))
    date = record.get("date") or ""
    iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
    article = Article(id=record.get("id", "a1"), elements=elements)
    return Page(source=record.get("id", "corpus"), blocks=blocks, articles=(article,), date=iso)


def read_corpus(path: str, months: Iterable[str]) -> Iterator[dict[str, Any]]:
    wanted = tuple(months)
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["date"][:6] in wanted:
                yield record


def sample(records: list[dict[str, Any]], n: int, seed: int = 20200205,
           min_chars: int = 150, max_chars: int = 1600) -> list[dict[str, Any]]:
    """``n`` articles of readable length, spread over the paper's pages (its beats) by a fixed seed."""
    rng = random.Random(seed)
    fit = [r for r in records if min_chars <= sum(map(len, r.get("paragraphs") or [])) <= max_chars]
    by_page: dict[int, list[dict[str, Any]]] = {}
    for r in fit:
        by_page.setdefault(r["page"], []).append(r)
    for group in by_page.values():
        rng.shuffle(group)
    out: list[dict[str, Any]] = []
    pages = sorted(by_page)
    while len(out) < n and any(by_page.values()):
        for p in pages:
            if by_page[p] and len(out) < n:
                out.append(by_page[p].pop())
    return out
