"""Figures: quantities with their value, unit, what they count, and whether they are approximate.

``200余户`` → 200 户 approx; ``近3000万元`` → 30000000 元 approx; ``12.5%``; ``4.8亿元`` → 480000000 元;
``2.6万名志愿者`` → 26000 名, counts 志愿者; ``三千名`` → 3000 名.
A figure needs a unit (``cues``-style list below): bare numbers, years, dates, ordinals (第3),
model names (5G) and slogans (十九大, 两个维护) are not figures.  Chinese numerals count only when
they carry a place value (十, 百, 千, 万, 亿: 三千, 二十多, 两万) — 一个, 三名 are words, not data.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from jianbao.stages.describe import words as dictionary
from jianbao.stages.describe.runs import Runs, optional

#: units, longest first when matched; money and measures, then measure words for counts
UNITS = (
    "万亿元", "亿元", "万元", "千元", "元", "美元", "欧元", "日元", "英镑", "卢布", "港元", "澳元", "人民币",
    "个百分点", "百分点", "个基点", "基点", "%", "‰", "倍",
    "平方公里", "平方千米", "平方米", "立方米", "千米", "公里", "米", "厘米", "毫米", "公顷", "亩",
    "千克", "公斤", "吨", "克", "斤", "千瓦时", "千瓦", "兆瓦", "度", "升", "毫升", "标准箱",
    "人次", "架次", "车次", "班次", "辆次", "户次", "次", "人", "名", "位", "个", "家", "户", "所", "座",
    "项", "件", "起", "批", "台", "辆", "艘", "架", "列", "条", "份", "套", "种", "类", "支", "只", "头",
    "株", "棵", "间", "张", "本", "册", "部", "场", "届", "期", "轮", "处", "片", "组", "例", "剂", "盒",
    "箱", "袋", "瓶", "床", "张", "岁", "周年", "年", "个月", "月", "周", "天", "小时", "分钟", "秒",
)
_CHINESE_UNITS = frozenset({"元", "万元", "亿元", "人", "名", "位", "个", "家", "户", "所", "座", "项", "件",
                            "起", "台", "辆", "条", "份", "种", "支", "次", "人次", "年", "天", "岁", "亩", "吨",
                            "公里", "米", "平方米", "多", "余", "倍", "周年", "个月", "小时"})
#: units after which the next noun is what the figure counts (2.6万名志愿者)
COUNTING_UNITS = frozenset({"名", "位", "个", "家", "户", "所", "座", "项", "件", "起", "台", "辆", "艘", "架",
                            "条", "份", "套", "种", "支", "只", "头", "株", "间", "张", "本", "部", "场", "批",
                            "例", "类", "处", "片", "组"})
APPROX_BEFORE = ("将近", "接近", "大约", "约有", "超过", "不到", "不足", "至少", "近", "约", "超", "逾", "上")
APPROX_AFTER = ("以上", "以下", "左右", "上下", "多", "余")
_MULT = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 1000, "百": 100}
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_PLACES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}

_CHINESE_OPENS = "[一二两三四五六七八九十]"
_CHINESE = _CHINESE_OPENS + "[〇零一二两三四五六七八九十百千万亿]*"
#: what may not come right before a number: a longer number, an ordinal (第四十七次), a vague count (几十个,
#: 数十吨) or a code (A3)
_NOT_BEFORE_ARABIC = r"[\dA-Za-z.第/:#\-—]"
_NOT_BEFORE_CHINESE = r"[\dA-Za-z.第/:#\-—几数若〇零一二两三四五六七八九十百千万亿]"
_UNIT_RX = "|".join(sorted(map(re.escape, set(UNITS)), key=len, reverse=True))

_RANGE = r"\s*(?:-|—|－|–|~|～|至|到)\s*"
#: what a figure can start with: a digit, a Chinese numeral, or the first character of an approximation
#: (the look-ahead lets the regex engine skip the rest of the text fast: 3.5× on the bench pages)
_STARTS = "".join(sorted({w[0] for w in APPROX_BEFORE} | set("一二两三四五六七八九十")))


def figure_pattern(optional: Callable[[str], str] = optional) -> str:
    """FIGURE, with ``optional(p)`` for each optional part ``(?:p)?`` (see ``runs.optional``)."""
    decimals = optional(r"\.\d+")
    arabic = rf"\d{{1,3}}(?:,\d{{3}})+{decimals}|\d+{decimals}"
    return (
        rf"(?=[\d{_STARTS}])"
        + optional(f"(?P<before>{'|'.join(APPROX_BEFORE)})")
        + rf"(?:(?<!{_NOT_BEFORE_ARABIC})(?P<arabic>{arabic})"
        + rf"|(?<!{_NOT_BEFORE_CHINESE})(?P<chinese>{_CHINESE}))"
        + optional("(?P<after1>多|余)") + optional("(?P<mult>万亿|亿|万|千|百)") + optional("(?P<after2>多|余)")
        # 30—50倍, 200万至600万人, 18—29岁
        + optional(rf"{_RANGE}(?P<high>{arabic})" + optional("(?P<mult2>万亿|亿|万|千|百)"))
        + f"(?P<unit>{_UNIT_RX})" + optional("(?P<after3>以上|以下|左右|上下|多)")
    )


FIGURE = re.compile(figure_pattern())
#: where FIGURE may match (see ``runs``): a character it opens with (its look-ahead), then only what it may
#: have before its unit (numerals, separators, an approximation, a range sign, spaces), then the first
#: character of a unit; not a number right after what its look-behinds rule out.
_BEFORE_UNIT = "".join(sorted(set("".join(APPROX_BEFORE)) | set("〇零一二两三四五六七八九十百千万亿多余,.-—－–~～至到")))
_RUNS = Runs(
    rf"[\d{_STARTS}]",
    rf"[\d\s{re.escape(_BEFORE_UNIT)}]",
    f"[{re.escape(''.join(sorted({u[0] for u in UNITS})))}]",
    ((r"\d", _NOT_BEFORE_ARABIC), (_CHINESE_OPENS, _NOT_BEFORE_CHINESE)),
)


def mentions(folded: str) -> list[re.Match[str]]:
    """What ``FIGURE.finditer(folded)`` finds, trying FIGURE only where it may match."""
    return _RUNS.matches(FIGURE, folded)


_NOT_AFTER = re.compile(r"^(?:年代|月\d|月[一二三四五六七八九十]|日|号线|号|届[中全]|次[会全]|个[一-鿿]{0,2}[意自维代服])")
#: 1年期, 7天期: the name of a term, not a quantity
_TERM = re.compile(r"^期")


def chinese_number(s: str) -> float | None:
    """三千 → 3000, 二十 → 20, 两万五千 → 25000, 一百零五 → 105; None if it is not a number."""
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            if digit is not None and ch not in "〇零":
                return None  # 十一五, 二三: not a number
            digit = _CN_DIGITS[ch] if ch not in "〇零" else None
        elif ch in _CN_PLACES:
            value = _CN_PLACES[ch]
            if value >= 10**4:
                section = (section + (digit or 0)) * value
                total += section
                section = 0
            else:
                section += (digit if digit is not None else 1) * value
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _value(arabic: str | None, chinese: str | None, mult: str | None, unit: str) -> float | None:
    if arabic:
        value = float(arabic.replace(",", ""))
    else:
        raw = chinese
        if not any(c in raw for c in "十百千万亿") and not mult:
            return None  # 三名, 一个: a word, not a figure
        if raw[0] in "十" and len(raw) > 1 and raw[1] == "分":
            return None
        value = chinese_number(raw)
        if value is None:
            return None
    if mult:
        value *= _MULT[mult]
    if _UNIT_MULTIPLIER[unit] != 1:
        value *= _UNIT_MULTIPLIER[unit]
    return value


def _unit_multiplier(unit: str) -> int:
    for prefix, mult in (("万亿", 10**12), ("亿", 10**8), ("万", 10**4), ("千", 1000)):
        if unit.startswith(prefix) and unit[len(prefix):] == "元":
            return mult
    return 1


def _unit(unit: str) -> str:
    for prefix in ("万亿", "亿", "万", "千"):
        if unit.startswith(prefix) and unit[len(prefix):] == "元":
            return "元"
    return {"个百分点": "百分点", "个基点": "基点"}.get(unit, unit)


#: each unit's multiplier (万元: 10000) and the unit it is reported in (万元: 元), worked out once
_UNIT_MULTIPLIER = {u: _unit_multiplier(u) for u in UNITS}
_UNIT_NAME = {u: _unit(u) for u in UNITS}
#: the groups of FIGURE that find_figures reads, in one call
_GROUPS = ("before", "arabic", "chinese", "after1", "mult", "after2", "high", "mult2", "unit", "after3")


def _counts(folded: str, end: int) -> str | None:
    """The noun right after a counting unit: 名志愿者 → 志愿者 (longest dictionary word, up to 4 characters)."""
    nouns = dictionary.nouns()
    for size in (4, 3, 2):
        word = folded[end : end + size]
        if len(word) == size and word in nouns:
            return word
    return None


def find_figures(text: str, folded: str) -> list[dict[str, Any]]:
    out = []
    for m in mentions(folded):
        before, arabic, chinese, after1, mult, after2, high, mult2, unit, after3 = m.group(*_GROUPS)
        # what the unit and the number alone rule out first (a fifth of the matches are 2020年 or 3月)
        if unit in ("月", "日") or (chinese and unit not in _CHINESE_UNITS):
            continue
        if unit == "年" and arabic and len(arabic) == 4:
            continue
        m_start, m_end = m.span()
        rest = folded[m_end : m_end + 4]
        if _NOT_AFTER.match(rest):
            continue
        if unit == "年" and rest[:1] and rest[:1] in "代级底初末":
            continue
        if unit in ("年", "天", "个月") and _TERM.match(rest):
            continue
        if chinese and (rest.startswith("几") or folded[max(0, m_start - 1) : m_start] in ("几", "数")):
            continue
        value = _value(arabic, chinese, mult, unit)
        if value is None:
            continue
        start = m_start
        if before and start and folded[start - 1] in "最附":
            start += len(before)  # 最近3天: not an approximation
        approx = bool((before and start == m_start) or after1 or after2 or after3)
        figure: dict[str, Any] = {
            "text": text[start:m_end],
            "value": int(value) if float(value).is_integer() else round(value, 6),
            "unit": _UNIT_NAME[unit],
        }
        if unit in COUNTING_UNITS:
            counted = _counts(folded, m_end)
            if counted:
                figure["counts"] = counted
                figure["text"] = text[start : m_end + len(counted)]
        if high:
            value_high = float(high.replace(",", "")) * _MULT.get(mult2 or mult or "", 1)
            value_high *= _UNIT_MULTIPLIER[unit]
            figure["max"] = int(value_high) if float(value_high).is_integer() else round(value_high, 6)
        figure["approx"] = approx
        out.append(figure)
    return out
