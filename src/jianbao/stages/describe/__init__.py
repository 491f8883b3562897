"""Describe each article: dates, places with codes, people and roles, organisations, figures, topic.

The stage fills ``Article.about`` (schema in docs/format.md, section "about")::

    describe(page) -> page                                  # every article
    describe_article(page, article, issue_date) -> dict     # one article

One module per thing found: ``dates``, ``places`` (with ``divisions``, the GB/T 2260 table jionlp
ships), ``people``, ``organizations``, ``figures``, ``topic``, ``keywords``; ``datelines`` reads the
``本报北京1月31日电`` line several of them use; ``cues`` keeps the patterns as data.
jieba and the division table load once, on first use.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from jianbao.model import Article, Page, Role
from jianbao.stages.describe.dates import find_dates
from jianbao.stages.describe.datelines import find_dateline
from jianbao.stages.describe.figures import find_figures
from jianbao.stages.describe.keywords import find_keywords
from jianbao.stages.describe.organizations import find_organizations
from jianbao.stages.describe.people import find_people
from jianbao.stages.describe.places import find_places, is_abroad
from jianbao.stages.describe.reading import ArticleText, fold
from jianbao.stages.describe.topic import choose_topic

__all__ = ["describe", "describe_article", "issue_date"]

_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def issue_date(page: Page) -> dt.date | None:
    """The page's issue date: ``page.date`` (YYYY-MM-DD or YYYYMMDD), else a full date in the
    page furniture (``2020年2月3日 星期一``), else None."""
    if page.date:
        digits = re.sub(r"\D", "", page.date)
        if len(digits) == 8:
            try:
                return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            except ValueError:
                pass
    furniture: list[str] = [page.element_text(el) for el in page.unassigned if el.role is Role.FURNITURE]
    if page.roles:
        furniture += [page.blocks[i].text for i, r in enumerate(page.roles) if r is Role.FURNITURE]
    for text in furniture:
        m = _FULL_DATE.search(fold(text))
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def describe_article(page: Page, article: Article, issue_date: dt.date | None) -> dict[str, Any]:
    """The ``about`` object of one article."""
    text = ArticleText.of(page, article)
    dateline = find_dateline(text.folded)
    anchor = (dateline.date(issue_date) if dateline else None) or issue_date
    places, primary = find_places(text, dateline)
    body = "\n".join(p.folded for p in text.body)
    foreign_dateline = bool(dateline) and any(is_abroad(p) for p in dateline.places)
    return {
        "dates": find_dates(text.text, text.folded, anchor),
        "places": [{k: v for k, v in p.items() if k != "count"} for p in places],
        "primary_place": primary,
        "people": find_people(text, dateline),
        "organizations": find_organizations(text.folded),
        "figures": find_figures(text.text, text.folded),
        "topic": choose_topic(text.headline, body, places, foreign_dateline),
        "keywords": find_keywords(text.headline, body),
    }


def describe(page: Page) -> Page:
    """The describe stage: every article gets its ``about``."""
    if page.articles is None:
        return page  # not threaded yet: nothing to describe
    day = issue_date(page)
    return page.with_(articles=tuple(replace(a, about=describe_article(page, a, day)) for a in page.articles))


from jianbao.pipeline import Stage, register  # noqa: E402  (the registry imports stages lazily)

register(Stage("describe/1", describe, requires=("articles",), assigns=("articles",)))
