"""Places: every division named in the article, with its GB/T 2260 code, and the article's primary place.

How a mention becomes a division:
1. Scan for full names (岳麓区, 长沙市, 湖南省) and short forms (长沙, 湖南, 岳麓) from the table.
2. A run of nested names (湖南长沙市岳麓区) is one mention of the innermost division.
3. A name several divisions share (鼓楼区, 朝阳区) goes to the one whose city or province the
   article also names (or its dateline); failing that, to the one in a municipality or a
   provincial capital.
4. Short forms of counties (岳麓, 雨湖) count only when the article names their city or province,
   and never when they are everyday words (jieba knows them as frequent non-place words) or end
   in a landform (泰山 is the mountain; 泰山区 the district).
Foreign countries (from jionlp's world list) come as ``level: country`` without a code.
"""

from __future__ import annotations

import importlib.util
import os
from bisect import bisect_left, bisect_right
from itertools import accumulate
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jianbao.stages.describe import divisions as tables
from jianbao.stages.describe.cues import (
    COUNTRY_SKIP,
    LANDFORM_END,
    NOT_SURNAME_HERE,
    SURNAMES_1,
    NOT_PLACE_AFTER,
    NOT_PLACE_BEFORE,
    SHORT_FORM_SKIP,
)
from jianbao.stages.describe.lexicon import Lexicon
from jianbao.stages.describe import words as dictionary
from jianbao.stages.describe.reading import ArticleText, cut
from jianbao.stages.describe.datelines import Dateline

Division = tables.Division
_MUNICIPALITIES = ("11", "12", "31", "50")


@dataclass(frozen=True, slots=True)
class _Name:
    divisions: tuple[Division, ...]
    short: bool          # a short form (长沙), not a full name (长沙市)
    country: str | None = None


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, _Name]:
    """Every name we look for."""
    words: dict[str, _Name] = {}
    common = dictionary.common()
    for short, divs in tables.by_short().items():
        if short in SHORT_FORM_SKIP:
            continue
        top = [d for d in divs if d.level == "province"] or [d for d in divs if d.level == "city"] or list(divs)
        if top[0].level == "county" and (short in common or short.endswith(LANDFORM_END)):
            continue  # 和平, 平原: everyday words; 泰山, 庐山: the mountain, unless written 泰山区
        words[short] = _Name(tuple(top), True)
    for name, divs in tables.by_name().items():
        words[name] = _Name(divs, False)
    for name, country in _countries().items():
        words.setdefault(name, _Name((), False, country))
    return words


@lru_cache(maxsize=1)
def _world_rows() -> tuple[list[str], ...]:
    """The tab-separated rows of jionlp's world_location.txt (country, other names, capital, cities)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return ()
    path = os.path.join(list(spec.submodule_search_locations)[0], "dictionary", "world_location.txt")
    with open(path, encoding="utf-8") as f:
        return tuple(line.rstrip("\r\n").split("\t") for line in f)


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Country names (and their other names) to the country's usual name."""
    out: dict[str, str] = {}
    for fields in _world_rows():
        if len(fields) < 2 or fields[0] in COUNTRY_SKIP:
            continue
        out[fields[0]] = out[fields[1]] = fields[0]
    return out


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capitals and other cities to their country's usual name."""
    out: dict[str, str] = {}
    for fields in _world_rows():
        if len(fields) >= 3 and fields[0] not in COUNTRY_SKIP:
            for city in [fields[2]] + (fields[3].split("/") if len(fields) > 3 else []):
                out.setdefault(city, fields[0])
    return out


@lru_cache(maxsize=1)
def _finder() -> Lexicon:
    """The names of two characters or more (the ones :func:`scan` can find)."""
    return Lexicon({w: name for w, name in _lexicon().items() if len(w) >= 2})


def scan(folded: str) -> list[tuple[int, int, _Name]]:
    """Longest names left to right, without overlaps."""
    return _finder().find(folded)


def _word_at(folded: str, start: int, end: int) -> bool:
    """Whether jieba, cutting the text around it, keeps the mention as a word or words of its own."""
    lo = max(0, start - 4)
    words = cut(folded[lo : end + 4])
    offsets = list(accumulate(map(len, words), initial=lo))  # where each word starts, then where the last ends
    k = bisect_right(offsets, start) - 1  # the word the mention starts in
    lo_cut, hi_cut = offsets[k], offsets[bisect_left(offsets, end)]  # the words it lies in
    if lo_cut == start and k:
        before = words[k - 1]
        if len(before) == 1 and before in SURNAMES_1 and before not in NOT_SURNAME_HERE:
            return False  # 严 + 金昌: a person called 严金昌
    if lo_cut == start and hi_cut == end:
        return True
    # inside a longer word: fine when that word is only place names (山西大同), else not (大理石)
    covered = sum(e - s for s, e, _ in scan(folded[lo_cut:hi_cut]))
    return covered == hi_cut - lo_cut


def is_abroad(name: str) -> bool:
    """A dateline place outside China: a country, or a capital or city jionlp's world list names."""
    words = _lexicon()
    hit = words.get(name)
    if hit is not None:
        return hit.country is not None
    return name in _capitals()


def _is_within(inner: Division, outer: Division) -> bool:
    if outer.level == "province":
        return inner.code[:2] == outer.code[:2] and inner.code != outer.code
    if outer.level == "city":
        return inner.level == "county" and inner.code[:4] == outer.code[:4]
    return False


@dataclass
class _Mention:
    start: int
    end: int
    name: _Name
    chain: list[Division]


def find_places(text: ArticleText, dateline: Dateline | None = None) -> tuple[list[dict[str, Any]], dict | None]:
    """The places the article names (first mention order, one entry each) and its primary place."""
    folded = text.folded
    mentions: list[_Mention] = []
    for start, end, name in scan(folded):
        before = folded[start - 1] if start else ""
        after = folded[end : end + 2]
        if after.startswith(NOT_PLACE_AFTER) or (name.short and before in NOT_PLACE_BEFORE):
            continue
        if name.country and after.startswith("族"):
            continue
        if (name.short or name.country or end - start <= 2) and not _word_at(folded, start, end):
            continue  # 严金昌家: the short form sits inside a name or a word
        mentions.append(_Mention(start, end, name, []))

    # context: what the article names without doubt, plus the dateline's places
    context: set[str] = set()
    for m in mentions:
        if len(m.name.divisions) == 1 and not (m.name.short and m.name.divisions[0].level == "county"):
            div = m.name.divisions[0]
            context.update({div.code, div.province, div.city or div.code})
    dateline_names = set(dateline.places) if dateline else set()
    words = _lexicon()
    for p in dateline_names:
        hit = words.get(p)
        if hit and len(hit.divisions) == 1:
            div = hit.divisions[0]
            context.update({div.code, div.province, div.city or div.code})

    resolved: list[tuple[_Mention, Division | None]] = []
    previous: tuple[_Mention, Division | None] | None = None
    for m in mentions:
        if m.name.country:
            resolved.append((m, None))
            previous = None
            continue
        divs = m.name.divisions
        chained_to = previous[1] if previous and previous[0].end == m.start and previous[1] else None
        if chained_to is not None:
            inside = [d for d in divs if _is_within(d, chained_to)]
            if inside:
                divs = tuple(inside)
        if chained_to is None and m.name.short and divs[0].level == "county":
            divs = tuple(d for d in divs if (d.city or "") in context or d.province in context)
            if not divs:
                previous = None
                continue
        div = _choose(divs, context)
        if chained_to is not None and _is_within(div, chained_to):
            # 湖南 + 长沙市 + 岳麓区: one mention of the innermost division
            first = previous[0]
            resolved[-1] = (_Mention(first.start, m.end, m.name, []), div)
            previous = (resolved[-1][0], div)
            continue
        resolved.append((m, div))
        previous = (m, div)

    return _summarise(text, resolved, dateline)


def _choose(divs: tuple[Division, ...], context: set[str]) -> Division:
    if len(divs) == 1:
        return divs[0]
    in_context = [d for d in divs if (d.city or "") in context or d.province in context]
    pool = in_context or list(divs)
    pool.sort(key=lambda d: (
        {"province": 0, "city": 1, "county": 2}[d.level],
        d.code[:2] not in _MUNICIPALITIES,
        d.code[2:4] != "01",
        d.code,
    ))
    return pool[0]


def _summarise(text: ArticleText, resolved, dateline: Dateline | None):
    places: dict[str, dict[str, Any]] = {}
    score: dict[str, float] = {}
    headline_end = sum(len(p.text) + 1 for p in text.parts if p.role.is_title)
    for m, div in resolved:
        surface = text.text[m.start : m.end]
        if div is None:
            key = m.name.country
            entry = {"text": surface, "name": key, "level": "country"}
        else:
            key = div.code
            entry = {"text": surface, "name": div.full, "code": div.code, "level": div.level}
        if key not in places:
            places[key] = entry
            places[key]["count"] = 0
        places[key]["count"] += 1
        weight = 1.0 + (2.0 if m.start < headline_end else 0.0)
        if dateline and dateline.start <= m.start < dateline.end:
            weight += 3.0
        score[key] = score.get(key, 0.0) + weight
    if dateline:
        capitals = _capitals()
        for p in dateline.places:
            country = capitals.get(p)
            if country and country not in places and p not in _lexicon():
                places[country] = {"text": p, "name": country, "level": "country", "count": 1}
                score[country] = 4.0
    primary = None
    if score:
        order = {"county": 2, "city": 1, "province": 0, "country": -1}
        chinese = [k for k in score if "code" in places[k]] or list(score)
        best = max(chinese, key=lambda k: (score[k], order[places[k]["level"]]))
        p = places[best]
        primary = {"name": p["name"], "code": p["code"]} if "code" in p else {"name": p["name"]}
    return list(places.values()), primary
