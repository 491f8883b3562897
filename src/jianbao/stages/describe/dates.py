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
from typing import Any, Callable

from jianbao.stages.describe.runs import Runs, optional

_CN = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_RANGE = r"\s*(?:-|—|－|–|~|～|至|到)\s*"


def _y(name: str) -> str:
    return rf"(?P<{name}>(?:19|20)\d{{2}}|[一二〇○零三四五六七八九]{{4}})年"


def date_pattern(optional: Callable[[str], str] = optional) -> str:
    """DATE, with ``optional(p)`` for each optional part ``(?:p)?`` (see ``runs.optional``)."""
    return (
        r"(?=[\d一二三四五六七八九十〇○零今去明前昨后本上下])(?:"
        # 去年12月, 今年1月5日
        rf"(?P<ry>今年|去年|明年|前年)(?P<rm>{_N})月" + optional(rf"(?P<rd>{_N})(?:日|号)")
        # 2020年2月3日, 5月12日, 1月20日至22日, 12月28日—2020年1月2日
        + "|" + optional(_y("y")) + rf"(?P<m>{_N})月(?P<d>{_N})(?:日|号)"
        + optional(_RANGE + optional(optional(_y("y2")) + rf"(?P<m2>{_N})月") + rf"(?P<d2>{_N})(?:日|号)")
        # 2018年7月至2019年6月, 2019年1—11月, 1-4月
        + rf"|{_y('ya')}(?P<ma>{_N})月{_RANGE}{_y('yb')}(?P<mb>{_N})月"
        + "|" + optional(_y("yc")) + rf"(?P<mc>{_N}){_RANGE}(?P<md>{_N})月(?!\d|[一二三四五六七八九十]|份?[上中下]旬?日)"
        # 2019年第四季度
        + rf"|{_y('yq')}第?(?P<q>[一二三四1-4])季度"
        # 1980年至2014年
        + rf"|{_y('ys')}{_RANGE}{_y('ye')}"
        # 2019年12月, 12月, 1月份
        + rf"|{_y('yd')}(?P<mo>{_N})月(?:份)?"
        + rf"|(?<![\d])(?P<mm>{_N})月份?(?![\d一二三四五六七八九十])"
        # 2019年
        + rf"|{_y('yy')}(?!代|来|前|后|的时间|间)"
        # 12日, 11日至14日
        + r"|(?<![\d月年第一二三四五六七八九十])(?P<dd>\d{1,2})日" + optional(rf"{_RANGE}(?P<dd2>\d{{1,2}})日")
        + "(?!本|元|电|益|常|前|报)"
        # 昨天, 今年以来 (今日谈 is a column; 昆明日前 is 昆明 + 日前)
        + r"|(?P<rel>今年以来|今年|去年|明年|前年|昨天|昨日|今天|今日(?!谈|前)|前天|明天|明日(?!前)|后天|本月|上月|上个月|下月|下个月)"
        + r")"
    )


DATE = re.compile(date_pattern())

#: where DATE may match (see ``runs``): a character it opens with (its look-ahead), then only what any of
#: its alternatives has before its first 年, 月, 日 or 天 (numerals, 个, spaces, a range sign), then that
#: character.  DATE is tried there alone, not wherever 一, 上 or a digit stands.
_OPENS = "\\d一二三四五六七八九十〇○零今去明前昨后本上下"
_RUNS = Runs(f"[{_OPENS}]", rf"[{_OPENS}个\s\-—－–~～至到]", "[年月日天]")


def mentions(folded: str) -> list[re.Match[str]]:
    """What ``DATE.finditer(folded)`` finds, trying DATE only where it may match."""
    return _RUNS.matches(DATE, folded)


def _num(s: str) -> int:
    """A number written in digits or Chinese numerals; ValueError for what is not one ("四五")."""
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _CN for c in s):
        return int("".join(str(_CN[c]) for c in s))
    if "十" in s:
        tens, _, units = s.partition("十")
        if (tens and tens not in _CN) or (units and units not in _CN):
            raise ValueError(f"not a numeral: {s}")
        return (_CN[tens] if tens else 1) * 10 + (_CN[units] if units else 0)
    if s not in _CN:
        raise ValueError(f"not a numeral: {s}")
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


def _year_of(group: Callable[[str], str | None], name: str) -> int | None:
    """The year in the mention's group ``name``, if it has one."""
    year = group(name)
    return _num(year) if year else None


def _month_range(y1: int, m1: int, y2: int, m2: int) -> dict[str, Any] | None:
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y2, m2) < (y1, m1):
        return None
    return {"start": dt.date(y1, m1, 1).isoformat(), "end": _month_end(y2, m2).isoformat()}


def resolve(m: re.Match[str], anchor: dt.date | None, last: dt.date | None = None) -> dict[str, Any] | None:
    """The ISO date or range a mention stands for.  ``anchor``: the day relative dates count from;
    ``last``: the latest full date written before this mention (a bare ``28日`` after ``1月22日``
    is in January)."""
    g = m.group  # the groups read one by one: groupdict() builds all forty of them
    if g("ry"):
        if anchor is None:
            return None
        year = anchor.year + {"今年": 0, "去年": -1, "明年": 1, "前年": -2}[g("ry")]
        mo = _num(g("rm"))
        if g("rd"):
            day = _day(year, mo, _num(g("rd"))) if 1 <= mo <= 12 else None
            return {"date": day.isoformat()} if day else None
        return _month_range(year, mo, year, mo)
    if g("m"):
        mo, d = _num(g("m")), _num(g("d"))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        year = _year_of(g, "y")
        follows = _day(last.year, mo, d) if last is not None else None
        if year is None and follows and last <= follows <= last + dt.timedelta(days=183):
            first = follows  # 1994年2月21日 … 2月26日: the story's own year
        elif year is None:
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
        if g("d2"):
            mo2 = _num(g("m2")) if g("m2") else mo
            y2 = _year_of(g, "y2") or first.year + (1 if mo2 < mo else 0)
            last_day = _day(y2, mo2, _num(g("d2"))) if 1 <= mo2 <= 12 else None
            if last_day is None or last_day < first:
                return None
            return {"start": first.isoformat(), "end": last_day.isoformat()}
        return {"date": first.isoformat()}
    if g("ma"):
        return _month_range(_num(g("ya")), _num(g("ma")), _num(g("yb")), _num(g("mb")))
    if g("mc"):
        a, b = _num(g("mc")), _num(g("md"))
        if not (1 <= a < b <= 12):
            return None
        year = _year_of(g, "yc")
        if year is None:
            if anchor is None:
                return None
            # a span of months is reported once it is over (1-11月 in January is last year's)
            year = anchor.year if dt.date(anchor.year, b, 1) <= anchor else anchor.year - 1
        return _month_range(year, a, year, b)
    if g("q"):
        year, q = _num(g("yq")), "一二三四".find(g("q")) + 1 if not g("q").isdigit() else int(g("q"))
        return _month_range(year, 3 * q - 2, year, 3 * q)
    if g("ys"):
        a, b = _num(g("ys")), _num(g("ye"))
        return {"start": f"{a:04d}-01-01", "end": f"{b:04d}-12-31"} if a < b else None
    if g("mo") or g("mm"):
        mo = _num(g("mo") or g("mm"))
        if not 1 <= mo <= 12:
            return None
        year = _year_of(g, "yd")
        if year is None:
            if anchor is None:
                return None
            firsts = [dt.date(anchor.year + k, mo, 1) for k in (-1, 0, 1)]
            year = _nearest(anchor, [f + (_month_end(f.year, f.month) - f) / 2 for f in firsts]).year
        return _month_range(year, mo, year, mo)
    if g("yy"):
        year = _num(g("yy"))
        return {"start": f"{year:04d}-01-01", "end": f"{year:04d}-12-31"}
    if g("dd"):
        if anchor is None:
            return None
        d = int(g("dd"))
        if last is not None and last.day <= d and _day(last.year, last.month, d):
            first = dt.date(last.year, last.month, d)  # the story's narrative month
        else:
            cands = [x for x in (_day(*_shift_month(anchor, k), d) for k in (-1, 0, 1)) if x]
            if not cands:
                return None
            first = _nearest(anchor, cands)
        if g("dd2"):
            end = _day(first.year, first.month, int(g("dd2")))
            return {"start": first.isoformat(), "end": end.isoformat()} if end and end > first else None
        return {"date": first.isoformat()}
    rel = g("rel")
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
    last: dt.date | None = None
    for m in mentions(folded):
        try:
            value = resolve(m, anchor, last)
        except ValueError:  # a run of numerals that is no date ("四五月" reads 四五 as one number)
            continue
        if value is None:
            continue
        out.append({"text": text[m.start() : m.end()], **value})
        if (m.group("m") or m.group("rd")) and "date" in value:
            last = dt.date.fromisoformat(value["date"])
        elif m.group("m") and "start" in value:
            last = dt.date.fromisoformat(value["start"])
    return out
