"""Dates: full, partial and relative dates resolved to ISO days or ranges.

- ``2020年2月3日`` → 2020-02-03; ``2019年`` → the year as a range; ``2019年1-11月`` → a range of months.
- ``5月12日`` / ``12日`` / ``5月`` take the year (and month) that puts them nearest the anchor day.
- ``昨天`` ``今天`` ``前天`` ``明天``, ``今年`` ``去年`` ``明年``, ``今年以来``, ``本月`` ``上月`` count from the anchor.
The anchor is the dateline's filing day when the story has one (news agencies write ``31日`` for the day
they file), else the issue date.  Without an issue date only full dates resolve.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

_CN = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_Y = r"(?P<{}>(?:19|20)\d{{2}}|[一二〇○零三四五六七八九]{{4}})年"
_RANGE = r"\s*(?:-|—|－|–|~|～|至|到)\s*"

DATE = re.compile(
    r"(?=[\d一二三四五六七八九十〇○零今去明前昨后本上下])"
    rf"(?:(?:{_Y.format('y')})?(?P<m>{_N})月(?P<d>{_N})(?:日|号)(?:{_RANGE}(?:(?P<m2>{_N})月)?(?P<d2>{_N})(?:日|号))?"
    rf"|(?:{_Y.format('ya')})?(?P<ma>{_N}){_RANGE}(?P<mb>{_N})月(?!\d|[一二三四五六七八九十]|份?[上中下]旬?日)"
    rf"|{_Y.format('yb')}(?P<mo>{_N})月(?:份)?"
    rf"|(?<![\d])(?P<mm>{_N})月份?(?![\d一二三四五六七八九十])"
    rf"|{_Y.format('yc')}(?!代|来|前|后|的时间|间)"
    rf"|(?<![\d月年第一二三四五六七八九十])(?P<dd>\d{{1,2}})日(?!本|元|电|益|常|前|报)"
    r"|(?P<rel>今年以来|今年|去年|明年|前年|昨天|昨日|今天|今日|前天|明天|明日|后天|本月|上月|上个月|下月|下个月))"
)


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _CN for c in s):
        return int("".join(str(_CN[c]) for c in s))
    if "十" in s:
        tens, _, units = s.partition("十")
        return (_CN[tens] if tens else 1) * 10 + (_CN[units] if units else 0)
    return _CN[s]


def _nearest(anchor: dt.date, candidates: list[dt.date]) -> dt.date:
    return min(candidates, key=lambda d: abs((d - anchor).days))


def _day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(d: dt.date, months: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + months
    return k // 12, k % 12 + 1


def resolve(m: re.Match[str], anchor: dt.date | None) -> dict[str, Any] | None:
    g = m.groupdict()
    y = g["y"] or g["ya"] or g["yb"] or g["yc"]
    year = _num(y) if y else None
    if g["m"]:
        mo, d = _num(g["m"]), _num(g["d"])
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        if year is None:
            if anchor is None:
                return None
            days = [x for x in (_day(anchor.year + k, mo, d) for k in (-1, 0, 1)) if x]
            if not days:
                return None
            first = _nearest(anchor, days)
        else:
            first = _day(year, mo, d)
        if first is None:
            return None
        if g["d2"]:
            mo2 = _num(g["m2"]) if g["m2"] else mo
            last = _day(first.year + (1 if mo2 < mo else 0), mo2, _num(g["d2"]))
            if last is None or last < first:
                return None
            return {"start": first.isoformat(), "end": last.isoformat()}
        return {"date": first.isoformat()}
    if g["ma"]:
        a, b = _num(g["ma"]), _num(g["mb"])
        if not (1 <= a < b <= 12):
            return None
        if year is None:
            if anchor is None:
                return None
            # a span of months is reported once it is over (1-11月 in January is last year's)
            year = anchor.year if dt.date(anchor.year, b, 1) <= anchor else anchor.year - 1
        return {"start": dt.date(year, a, 1).isoformat(), "end": _month_end(year, b).isoformat()}
    if g["mo"] or g["mm"]:
        mo = _num(g["mo"] or g["mm"])
        if not 1 <= mo <= 12:
            return None
        if year is None:
            if anchor is None:
                return None
            firsts = [dt.date(anchor.year + k, mo, 1) for k in (-1, 0, 1)]
            year = _nearest(anchor, [f + (_month_end(f.year, f.month) - f) / 2 for f in firsts]).year
        return {"start": dt.date(year, mo, 1).isoformat(), "end": _month_end(year, mo).isoformat()}
    if g["yc"]:
        return {"start": f"{year:04d}-01-01", "end": f"{year:04d}-12-31"}
    if g["dd"]:
        if anchor is None:
            return None
        d = int(g["dd"])
        cands = []
        for k in (-1, 0, 1):
            y, mo = _shift_month(anchor, k)
            day = _day(y, mo, d)
            if day:
                cands.append(day)
        return {"date": _nearest(anchor, cands).isoformat()} if cands else None
    rel = g["rel"]
    if rel and anchor is not None:
        return _relative(rel, anchor)
    return None


def _relative(rel: str, a: dt.date) -> dict[str, Any]:
    days = {"昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "前天": -2, "明天": 1, "明日": 1, "后天": 2}
    if rel in days:
        return {"date": (a + dt.timedelta(days=days[rel])).isoformat()}
    years = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}
    if rel in years:
        y = a.year + years[rel]
        return {"start": f"{y}-01-01", "end": f"{y}-12-31"}
    if rel == "今年以来":
        return {"start": f"{a.year}-01-01", "end": a.isoformat()}
    months = {"本月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
    y, mo = _shift_month(a, months[rel])
    return {"start": dt.date(y, mo, 1).isoformat(), "end": _month_end(y, mo).isoformat()}


def find_dates(text: str, folded: str, anchor: dt.date | None) -> list[dict[str, Any]]:
    """Every date mention, in text order: ``{"text", "date"}`` or ``{"text", "start", "end"}``."""
    out = []
    for m in DATE.finditer(folded):
        value = resolve(m, anchor)
        if value is not None:
            out.append({"text": text[m.start() : m.end()], **value})
    return out
