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
RANK_LIMIT = 20_000  # above this many matches, list the most recently stored first instead of ranking
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
    ranked: bool = True  # False: too many matches to rank, most recently stored first

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


def _where(q: Query, *, matched: bool) -> tuple[list[str], list[Any]]:
    """Filter clauses on ``articles a``.  The FTS index holds current articles only, so a full-text query
    needs no ``current`` test."""
    clauses: list[str] = [] if matched else ["a.current = 1"]
    args: list[Any] = []
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
        place = q.place.strip()
        if re.fullmatch(r"\d{2,6}", place):
            # a GB/T 2260 code: 430000 (province) covers 43xxxx, 430100 (city) covers 4301xx
            prefix = re.sub(r"(00)+$", "", place) if len(place) == 6 else place
            clauses.append("a.id IN (SELECT article_id FROM article_places WHERE code >= ? AND code < ?)")
            args += [prefix, prefix + ":"]
        else:
            clauses.append("a.id IN (SELECT article_id FROM article_places WHERE name = ? OR instr(name, ?) > 0)")
            args += [place, place]
    return clauses, args


def _source(q: Query) -> tuple[str, str, list[Any], str] | None:
    """(FROM clause, WHERE clause, arguments, ORDER BY) for the query, or None when it cannot match.

    With words, the FTS table drives the join (CROSS JOIN keeps SQLite from scanning articles first)."""
    match = fts.match_expression(q.text) if q.text and q.text.strip() else None
    if q.text and q.text.strip() and match is None:
        return None  # only punctuation: nothing can match
    clauses, args = _where(q, matched=match is not None)
    if match:
        return ("article_fts f CROSS JOIN articles a ON a.id = f.rowid",
                " AND ".join(["article_fts MATCH ?"] + clauses), [match] + args, "f.rank")
    return "articles a", " AND ".join(clauses), args, "a.date DESC, a.id DESC"


def search(conn: sqlite3.Connection, q: Query, *, facets: bool = True) -> Result:
    if not 1 <= q.page <= MAX_PAGE:
        raise ConfigError(f"page {q.page}: choose a page between 1 and {MAX_PAGE}")
    if not 1 <= q.per_page <= 200:
        raise ConfigError("per page: choose between 1 and 200")
    plan = _source(q)
    if plan is None:
        return Result(q, 0, [], {})
    source, where, args, order = plan
    ranked = True
    if order == "f.rank":
        # bm25 scores every match; a word in a third of the archive is not worth that wait
        broad = conn.execute("SELECT count(*) FROM article_fts WHERE article_fts MATCH ?", args[:1]).fetchone()[0]
        if broad > RANK_LIMIT:
            order, ranked = "f.rowid DESC", False
    rows = conn.execute(
        f"SELECT a.id, a.page_id, a.label, a.headline, a.date, a.paper, a.topic, a.about "
        f"FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        args + [q.per_page, (q.page - 1) * q.per_page]).fetchall()
    bodies = dict(conn.execute(f"SELECT id, body FROM article_bodies WHERE id IN ({','.join('?' * len(rows))})",
                               [r["id"] for r in rows]).fetchall()) if rows else {}
    hits = []
    for r in rows:
        places = conn.execute("SELECT code, name FROM article_places WHERE article_id = ?", (r["id"],)).fetchall()
        hits.append({
            "id": r["id"], "page_id": r["page_id"], "label": r["label"], "headline": r["headline"],
            "date": r["date"], "paper": r["paper"], "topic": r["topic"],
            "places": [{"code": p["code"], "name": p["name"]} for p in places],
            "headline_html": fts.highlight(r["headline"] or "", q.text) if q.text else None,
            "snippet_html": fts.highlight(_without_headline(bodies.get(r["id"], ""), r["headline"]), q.text, limit=160),
            "about": json.loads(r["about"]) if r["about"] else None,
        })
    if facets:
        total, found = _facets(conn, source, where, args)
        return Result(q, total, hits, found, ranked)
    total = conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", args).fetchone()[0]
    return Result(q, total, hits, {}, ranked)


def _without_headline(body: str, headline: str | None) -> str:
    first, _, rest = body.partition("\n")
    return rest if rest and headline and first == headline else body


def _facets(conn: sqlite3.Connection, source: str, where: str,
            args: list[Any]) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """The total and the month, topic, paper and place counts, in one pass over the matches (plus one for
    places when any article has places)."""
    months: dict[str, int] = {}
    topics: dict[str, int] = {}
    papers: dict[str, int] = {}
    total = 0
    for month, topic, paper, n in conn.execute(
            f"SELECT substr(a.date, 1, 7), a.topic, a.paper, count(*) FROM {source} WHERE {where} "
            f"GROUP BY 1, 2, 3", args):
        total += n
        for counts, value in ((months, month), (topics, topic), (papers, paper)):
            if value is not None:
                counts[value] = counts.get(value, 0) + n

    def top(counts: dict[str, int]) -> list[dict[str, Any]]:
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
        return [{"value": v, "count": n} for v, n in ranked]

    out = {"date": sorted(top(months), key=lambda f: f["value"]), "topic": top(topics), "paper": top(papers),
           "place": []}
    if total and conn.execute("SELECT 1 FROM article_places LIMIT 1").fetchone():
        places = conn.execute(
            f"SELECT coalesce(p.code, p.name) AS value, max(p.name) AS name, count(DISTINCT a.id) AS n "
            f"FROM {source} JOIN article_places p ON p.article_id = a.id WHERE {where} GROUP BY 1 "
            f"ORDER BY n DESC, 1 LIMIT {FACET_SIZE}", args).fetchall()
        out["place"] = [{"value": r[0], "name": r[1], "count": r[2]} for r in places]
    return total, out


def matching(conn: sqlite3.Connection, q: Query) -> list[int]:
    """Ids of every current article the query finds (no paging), in page order."""
    plan = _source(q)
    if plan is None:
        return []
    source, where, args, _order = plan
    return [r[0] for r in conn.execute(f"SELECT a.id FROM {source} WHERE {where} ORDER BY a.page_id, a.ord", args)]
