"""Organisations: schools, bureaus, party committees, courts, companies.

A name ends in a suffix from ``cues.ORG_SUFFIXES`` (人民法院, 公安局, 党委, 大学, 公司 …) and reaches
left over the characters that qualify it (长沙市岳麓区, 外交部) up to a stop character or word.
Names jieba's dictionary tags ``nt`` (organisation) are taken as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jianbao.stages.describe import cues
from jianbao.stages.describe.lexicon import Lexicon, finditer
from jianbao.stages.describe.reading import trim_left

_MAX_LEFT = 20


@lru_cache(maxsize=1)
def _suffix_rx() -> re.Pattern[str]:
    suffixes = "|".join(sorted(set(cues.ORG_SUFFIXES), key=len, reverse=True))
    # 公安局长 / 党委书记 are people's titles; 大学生 / 医院里 go on as other words
    return re.compile(rf"(?:{suffixes})(?!长|书记|主任|委员|人员|干部|工作|建设|系统|生|里|内|外)")


@lru_cache(maxsize=1)
def _suffixes() -> Lexicon:
    """Where a suffix may start (each has two characters or more)."""
    return Lexicon(cues.ORG_SUFFIXES)


_GENERIC_HEADS = frozenset({"有关", "相关", "各级", "基层", "地方", "全国", "各地", "本地", "当地", "这家", "一家"})
_GENERIC = frozenset({"部", "局", "厅", "署", "中心", "组织", "社区", "联盟", "政府", "公司", "集团", "学校", "医院"})


def find_organizations(folded: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    stops = cues.ORG_LEFT_STOP
    for m in finditer(_suffix_rx(), folded, _suffixes()):
        start, end = m.span()
        suffix = end - start
        # left over Chinese characters, up to a stop character or _MAX_LEFT of them
        i, lo = start, max(0, start - _MAX_LEFT)
        while i > lo and (c := folded[i - 1]) not in stops and "\u4e00" <= c <= "\u9fff":
            i -= 1
        name = folded[i:end]
        if end - i - suffix < 2 or name in _GENERIC:
            continue
        if suffix == 1 and end - i < 3:
            continue
        # 想起小岗村党委, 近50位国家元首: drop the verbs and numbers jieba finds in front
        name = trim_left(name)
        if len(name) >= 4 and name not in seen and name[:-suffix] not in _GENERIC_HEADS:
            seen.add(name)
            out.append({"name": name})
    return out
