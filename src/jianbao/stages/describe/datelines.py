"""Datelines: ``本报北京1月31日电``, ``据新华社突尼斯1月12日电``, ``（本报内比都1月12日电）``.

A dateline says where a story was filed and when; relative dates in a filed story
(``今天``, ``昨天``, ``31日``) count from the filing day, not from the issue date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_AGENCIES = "本报|新华社|中新社|人民网|新华网|人民日报|光明日报|经济日报|央视"
DATELINE = re.compile(
    rf"(?:据)?(?P<agency>{_AGENCIES})"
    r"(?:驻[\u4e00-\u9fff]{1,10}?记者)?"
    r"(?P<places>[\u4e00-\u9fff、·]{2,30}?)?"
    r"(?:(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?电"
)


#: where an agency's name starts (the engine skips to the first characters of its names)
_AGENCY = re.compile(_AGENCIES)


def _search(folded: str, pos: int, endpos: int) -> re.Match[str] | None:
    """What ``DATELINE.search(folded, pos, endpos)`` finds, tried only where an agency's name starts
    (or a 据 before one)."""
    at = _AGENCY.search(folded, pos, endpos)
    while at is not None:
        q = at.start()
        for start in (q - 1, q) if q > pos and folded[q - 1] == "据" else (q,):
            m = DATELINE.match(folded, start, endpos)
            if m is not None:
                return m
        at = _AGENCY.search(folded, q + 1, endpos)
    return None


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str
    start: int
    end: int
    places: tuple[str, ...]
    month: int | None
    day: int | None

    def date(self, issue: dt.date | None) -> dt.date | None:
        """The filing day: the month and day given, in the year that puts it nearest the issue."""
        if issue is None or self.month is None or self.day is None:
            return None
        best = None
        for year in (issue.year - 1, issue.year, issue.year + 1):
            try:
                day = dt.date(year, self.month, self.day)
            except ValueError:
                continue
            if best is None or abs((day - issue).days) < abs((best - issue).days):
                best = day
        return best


def find_dateline(folded: str, limit: int = 400) -> Dateline | None:
    """The first dateline in the first ``limit`` characters (where a story's dateline sits)
    or in a closing ``（本报X电）`` line."""
    m = _search(folded, 0, limit)
    if m is None:
        m = _search(folded, max(0, len(folded) - 120), len(folded))
    if m is None:
        return None
    places = tuple(p for p in (m.group("places") or "").split("、") if p)
    month = int(m.group("m")) if m.group("m") else None
    day = int(m.group("d")) if m.group("d") else None
    return Dateline(m.group(0), m.start(), m.end(), places, month, day)
