"""Search current articles: full text (store/fts.py) plus filters, with facet counts and paging.

    >>> search(conn, Query(text="冬奥会", date="2019-02..2019-03", place="110000"))
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from jianbao.errors import ConfigError
from jianbao.store import fts

PER_PAGE = 20
MAX_PAGE = 500
FACET_SIZE = 12
_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Query:
    text: str = ""
    date: str | None = None          # FROM..TO, either side optional: 2019, 2019-02, 2019-02-01
    place: str | None = None         # a place code or name
    topic: str | None = None
    paper: str | None = None
    page: int = 1
    per_page: int = PER_PAGE


@dataclass
class Result:
    query: Query
    total: int
    hits: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


def date_range(spec: str | None) -> tuple[str | None, str | None]:
    """``FROM..TO`` (or one date) → inclusive ISO bounds; raises ConfigError for anything else."""
    if not spec or not spec.strip():
        return None, None
    spec = spec.strip()
    lo, sep, hi = spec.partition("..")
    if not sep:
        hi = lo
    lo, hi = lo.strip(), hi.strip()
    for part in (lo, hi):
        if part and not _DAY.match(part):
            raise ConfigError(f"--date {spec!r}: write FROM..TO with dates like 2019, 2019-02 or 2019-02-01")
    start = lo + "-01-01"[len(lo) - 4:] if lo else None
    end = hi + "-12-31"[len(hi) - 4:] if hi else None
    return start, end


def _where(q: Query) -> tuple[list[str], list[Any]]:
    clauses, args = ["a.current = 1"], []
    start, end = date_range(q.date)
    if start:
        clauses.append("a.date >= ?")
        args.append(start)
    if end:
        clauses.append("a.date <= ?")
        args.append(end)
    if q.topic:
        clauses.append("a.topic = ?")
        args.append(q.topic)
    if q.paper:
        clauses.append("a.paper = ?")
        args.append(q.paper)
    if q.place:
        clauses.append("a.id IN (SELECT article_id FROM article_places WHERE code = ? OR name = ?)")
        args += [q.place, q.place]
    return clauses, args


def search(conn: sqlite3.Connection, q: Query, *, facets: bool = True) -> Result:
    if not 1 <= q.page <= MAX_PAGE:
        raise ConfigError(f"page {q.page}: choose a page between 1 and {MAX_PAGE}")
    if not 1 <= q.per_page <= 200:
        raise ConfigError("per page: choose between 1 and 200")
    match = fts.match_expression(q.text) if q.text else None
    clauses, args = _where(q)
    where = " AND ".join(clauses)
    if match:
        source = "article_fts f JOIN articles a ON a.id = f.rowid"
        where = "article_fts MATCH ? AND " + where
        args = [match] + args
        order = "f.rank"
    elif q.text and q.text.strip():
        return Result(q, 0, [], {})  # only punctuation: nothing can match
    else:
        source = "articles a"
        order = "a.date DESC, a.id DESC"
    total = conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT a.id, a.page_id, a.label, a.headline, a.body, a.date, a.paper, a.topic, a.about "
        f"FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        args + [q.per_page, (q.page - 1) * q.per_page]).fetchall()
    hits = []
    for r in rows:
        places = conn.execute("SELECT code, name FROM article_places WHERE article_id = ?", (r["id"],)).fetchall()
        hits.append({
            "id": r["id"], "page_id": r["page_id"], "label": r["label"], "headline": r["headline"],
            "date": r["date"], "paper": r["paper"], "topic": r["topic"],
            "places": [{"code": p["code"], "name": p["name"]} for p in places],
            "headline_html": fts.highlight(r["headline"] or "", q.text) if q.text else None,
            "snippet_html": fts.highlight(_without_headline(r["body"], r["headline"]), q.text, limit=160),
            "about": json.loads(r["about"]) if r["about"] else None,
        })
    result = Result(q, total, hits)
    if facets and total:
        result.facets = _facets(conn, source, where, args)
    return result


def _without_headline(body: str, headline: str | None) -> str:
    first, _, rest = body.partition("\n")
    return rest if rest and headline and first == headline else body


def _facets(conn: sqlite3.Connection, source: str, where: str, args: list[Any]) -> dict[str, list[dict[str, Any]]]:
    def count(expr: str, extra_join: str = "", value: str = "value") -> list[dict[str, Any]]:
        sql = (f"SELECT {expr} AS {value}, count(*) AS n FROM {source} {extra_join} WHERE {where} "
               f"AND {expr} IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT {FACET_SIZE}")
        return [{"value": r[0], "count": r[1]} for r in conn.execute(sql, args)]

    out = {
        "date": count("substr(a.date, 1, 7)"),
        "topic": count("a.topic"),
        "paper": count("a.paper"),
    }
    places = conn.execute(
        f"SELECT coalesce(p.code, p.name) AS value, max(p.name) AS name, count(DISTINCT a.id) AS n FROM {source} "
        f"JOIN article_places p ON p.article_id = a.id WHERE {where} GROUP BY 1 ORDER BY n DESC, 1 "
        f"LIMIT {FACET_SIZE}", args).fetchall()
    out["place"] = [{"value": r[0], "name": r[1], "count": r[2]} for r in places]
    out["date"].sort(key=lambda f: f["value"])
    return out


def matching(conn: sqlite3.Connection, q: Query) -> list[int]:
    """Ids of every current article the query finds (no paging), in page order."""
    clauses, args = _where(q)
    where = " AND ".join(clauses)
    if q.text and q.text.strip():
        match = fts.match_expression(q.text)
        if not match:
            return []
        sql = (f"SELECT a.id FROM article_fts f JOIN articles a ON a.id = f.rowid WHERE article_fts MATCH ? "
               f"AND {where} ORDER BY a.page_id, a.ord")
        args = [match] + args
    else:
        sql = f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.page_id, a.ord"
    return [r[0] for r in conn.execute(sql, args)]
