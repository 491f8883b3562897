"""The archive: pages, their blocks and every version of their articles, in one SQLite file.

    >>> from jianbao.store import Archive
    >>> with Archive("jianbao.db") as archive:
    ...     archive.add_page(jianbao.clip("page.txt"), data=open("page.txt", "rb").read(), path="page.txt")
    ...     archive.edit(page_id, "unjoin", author="li", block=12)
    ...     archive.undo(page_id, author="li")

Machine output is version 1 of a page; each correction or undo writes a whole new version (the page's
articles and elements) with its author, time, action and parent, and moves ``pages.current_version``.
Search (the FTS index) and export only see current versions.  Writes run in ``BEGIN IMMEDIATE``
transactions, so concurrent ingest and edits against one WAL file serialise and lose nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

from jianbao.errors import StoreError
from jianbao.model import Article, Block, Box, Element, Page, Role
from jianbao.store import fts, review
from jianbao.store.schema import connect
from jianbao.store.review import Draft


class ConflictError(StoreError):
    """The page changed since the reviewer loaded it."""


@dataclass(frozen=True)
class Added:
    page_id: int
    articles: int
    duplicate: bool


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tool_name() -> str:
    from jianbao import __version__
    from jianbao.pipeline import REGISTRY

    return f"jianbao {__version__} " + " ".join(sorted(REGISTRY)) if REGISTRY else f"jianbao {__version__}"


class Archive:
    def __init__(self, path: str | Path = "jianbao.db", *, create: bool = True) -> None:
        self.path = Path(path)
        self.conn: sqlite3.Connection = connect(self.path, create=create)
        self._depth = 0

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (nested uses join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: the archive is busy ({exc}); try again when the other writer ends")
        self._depth = 1
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    @contextmanager
    def savepoint(self) -> Iterator[sqlite3.Connection]:
        """A part of the open transaction that fails on its own: rolled back alone, the rest kept."""
        self.conn.execute("SAVEPOINT part")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK TO part")
            self.conn.execute("RELEASE part")
            raise
        self.conn.execute("RELEASE part")

    # -- ingest ----------------------------------------------------------------------------------
    def has_source(self, digest: str) -> int | None:
        row = self.conn.execute("SELECT p.id FROM sources s JOIN pages p ON p.source_id = s.id "
                                "WHERE s.sha256 = ?", (digest,)).fetchone()
        return row[0] if row else None

    def add_page(self, page: Page, *, data: bytes | None = None, path: str | None = None, kind: str = "text",
                 paper: str | None = None, date: str | None = None, by: str = "machine",
                 tool: str | None = None) -> Added:
        """Store a clipped page as version 1.  The same source bytes twice is a no-op (by sha256)."""
        if page.articles is None:
            raise StoreError(f"{page.source}: the page was not clipped (no articles); run jianbao.clip first")
        review.check(page)
        data = data if data is not None else page.to_json().encode("utf-8")
        digest = sha256(data)
        date = page.date or date
        with self.transaction() as db:
            found = self.has_source(digest)
            if found is not None:
                return Added(found, 0, True)
            stamp = now()
            source_id = db.execute(
                "INSERT INTO sources (sha256, path, kind, paper, issue_date, size, ingested_at, ingested_by, tool) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (digest, path or page.source, kind, paper, date, len(data), stamp, by, tool or tool_name()),
            ).lastrowid
            geometry = any(b.box is not None for b in page.blocks)
            page_id = db.execute(
                "INSERT INTO pages (source_id, name, date, paper, notes, has_geometry, created_at) "
                "VALUES (?,?,?,?,?,?,?)",
                (source_id, page.source, date, paper, json.dumps(list(page.notes), ensure_ascii=False),
                 int(geometry), stamp),
            ).lastrowid
            db.executemany(
                "INSERT INTO blocks (page_id, no, raw, pdf_page, x0, y0, x1, y1, size, bold) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(page_id, b.id, b.raw, b.page, *(_box(b.box)), b.size, int(b.bold)) for b in page.blocks],
            )
            self._write_version(page_id, Draft(page), action="clip", detail={}, author=by, parent=None,
                                stamp=stamp)
        return Added(page_id, len(page.articles), False)

    def _write_version(self, page_id: int, draft: Draft, *, action: str, detail: dict[str, Any], author: str,
                       parent: int | None, stamp: str | None = None) -> int:
        db = self.conn
        stamp = stamp or now()
        number = db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE page_id = ?",
                            (page_id,)).fetchone()[0]
        version_id = db.execute(
            "INSERT INTO versions (page_id, number, parent_id, action, detail, author, created_at) "
            "VALUES (?,?,?,?,?,?,?)",
            (page_id, number, parent, action, json.dumps(detail, ensure_ascii=False), author, stamp),
        ).lastrowid
        meta = db.execute("SELECT date, paper FROM pages WHERE id = ?", (page_id,)).fetchone()
        for old in db.execute("SELECT a.id, a.headline, b.body FROM articles a JOIN article_bodies b ON b.id = a.id "
                              "WHERE a.page_id = ? AND a.current = 1", (page_id,)).fetchall():
            db.execute("INSERT INTO article_fts (article_fts, rowid, headline, body) VALUES ('delete', ?, ?, ?)",
                       (old["id"], fts.index_text(old["headline"]), fts.index_text(old["body"])))
        db.execute("UPDATE articles SET current = 0 WHERE page_id = ? AND current = 1", (page_id,))
        page = draft.page
        elements, places, index = [], [], []  # every article's rows, stored together after the articles
        for ord_, art in enumerate(page.articles or ()):
            fixed = draft.headlines.get(art.id)
            headline = fixed if fixed is not None else page.headline(art)
            body = page.article_text(art)
            about = art.about
            article_id = db.execute(
                "INSERT INTO articles (version_id, page_id, ord, label, headline, headline_fixed, continues, pages, "
                "about, current, date, paper, topic) VALUES (?,?,?,?,?,?,?,?,?,1,?,?,?)",
                (version_id, page_id, ord_, art.id, headline, int(fixed is not None), int(art.continues),
                 json.dumps(list(art.pages)) if art.pages else None,
                 json.dumps(about, ensure_ascii=False) if about is not None else None,
                 meta["date"], meta["paper"], _topic(about)),
            ).lastrowid
            db.execute("INSERT INTO article_bodies (id, body) VALUES (?, ?)", (article_id, body))
            elements += [(version_id, article_id, i, el.role.value, _block_list(el.blocks))
                         for i, el in enumerate(art.elements)]
            places += [(article_id, code, name) for code, name in _places(about)]
            index.append((article_id, fts.index_text(headline), fts.index_text(body)))
        elements += [(version_id, None, i, el.role.value, _block_list(el.blocks)) for i, el in enumerate(page.unassigned)]
        db.executemany("INSERT INTO elements (version_id, article_id, ord, role, blocks) VALUES (?,?,?,?,?)", elements)
        db.executemany("INSERT INTO article_places (article_id, code, name) VALUES (?,?,?)", places)
        db.executemany("INSERT INTO article_fts (rowid, headline, body) VALUES (?,?,?)", index)
        db.execute("UPDATE pages SET current_version = ? WHERE id = ?", (version_id, page_id))
        return version_id

    # -- read ------------------------------------------------------------------------------------
    def page_row(self, page_id: int) -> sqlite3.Row:
        row = self.conn.execute(
            "SELECT p.*, s.path, s.sha256, s.kind, s.ingested_at, s.ingested_by, s.tool, v.number AS version "
            "FROM pages p JOIN sources s ON s.id = p.source_id LEFT JOIN versions v ON v.id = p.current_version "
            "WHERE p.id = ?", (page_id,)).fetchone()
        if row is None:
            raise StoreError(f"no page {page_id} in {self.path} (list pages with `jianbao search`)")
        return row

    def page_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM pages ORDER BY id")]

    def load(self, page_id: int, version_id: int | None = None) -> Draft:
        """The page as stored: its blocks and the articles of ``version_id`` (default: the current one)."""
        row = self.page_row(page_id)
        version_id = version_id or row["current_version"]
        blocks = tuple(
            Block(id=b["no"], raw=b["raw"], page=b["pdf_page"],
                  box=Box(b["x0"], b["y0"], b["x1"], b["y1"]) if b["x0"] is not None else None,
                  size=b["size"], bold=bool(b["bold"]))
            for b in self.conn.execute("SELECT * FROM blocks WHERE page_id = ? ORDER BY no", (page_id,)))
        elements: dict[int | None, list[Element]] = {}
        for el in self.conn.execute("SELECT article_id, role, blocks FROM elements WHERE version_id = ? "
                                    "ORDER BY article_id IS NULL, article_id, ord", (version_id,)):
            elements.setdefault(el["article_id"], []).append(Element(Role(el["role"]), tuple(json.loads(el["blocks"]))))
        articles, headlines = [], {}
        for art in self.conn.execute("SELECT * FROM articles WHERE version_id = ? ORDER BY ord", (version_id,)):
            articles.append(Article(
                id=art["label"], elements=tuple(elements.get(art["id"], ())), continues=bool(art["continues"]),
                about=json.loads(art["about"]) if art["about"] is not None else None,
                pages=tuple(json.loads(art["pages"])) if art["pages"] else ()))
            if art["headline_fixed"]:
                headlines[art["label"]] = art["headline"]
        roles: list[Role] = [Role.NOISE] * len(blocks)
        for els in elements.values():
            for el in els:
                for b in el.blocks:
                    if 0 <= b < len(roles):
                        roles[b] = el.role
        page = Page(source=row["name"], blocks=blocks, date=row["date"], roles=tuple(roles),
                    articles=tuple(articles), unassigned=tuple(elements.get(None, ())),
                    notes=tuple(json.loads(row["notes"])))
        return Draft(page, headlines)

    def page_dict(self, page_id: int, version_id: int | None = None) -> dict[str, Any]:
        """The page in `jianbao.page/1` shape, with the reviewers' headline fixes applied."""
        draft = self.load(page_id, version_id)
        out = draft.page.to_dict()
        for item in out["articles"]:
            if item["id"] in draft.headlines:
                item["headline"] = draft.headlines[item["id"]]
        return out

    def article(self, article_id: int) -> sqlite3.Row:
        row = self.conn.execute("SELECT a.*, b.body FROM articles a JOIN article_bodies b ON b.id = a.id "
                                "WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise StoreError(f"no article {article_id} in {self.path}")
        return row

    def current_article(self, page_id: int, label: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT a.*, b.body FROM articles a JOIN article_bodies b ON b.id = a.id "
                                 "WHERE a.page_id = ? AND a.label = ? AND a.current = 1", (page_id, label)).fetchone()

    def history(self, page_id: int) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM versions WHERE page_id = ? ORDER BY number", (page_id,)).fetchall()

    # -- review ----------------------------------------------------------------------------------
    def edit(self, page_id: int, action: str, *, author: str, base: int | None = None, **args: Any) -> int:
        """Apply one review action (see store/review.py) as a new version; return its id."""
        author = _author(author)
        with self.transaction():
            current = self._current(page_id, base)
            draft = self.load(page_id, current)
            if action == "merge":
                new = review.merge(draft, args["into"], args["other"])
            elif action == "split":
                new = review.split(draft, args["article"], int(args["at"]))
            elif action == "move":
                new = review.move(draft, int(args["block"]), args["to"])
            elif action == "role":
                new = review.set_role(draft, int(args["block"]), args["role"])
            elif action == "join":
                new = review.join(draft, int(args["block"]))
            elif action == "unjoin":
                new = review.unjoin(draft, int(args["block"]))
            elif action == "headline":
                new = review.fix_headline(draft, args["article"], args.get("text", ""))
            elif action == "checked":
                new = draft
            else:
                raise StoreError(f"unknown review action {action!r}: choose one of {', '.join(review.ACTIONS)}")
            if action != "checked" and new == draft:
                raise StoreError("that change leaves the page as it was; nothing was stored")
            new = redescribe(draft, new)
            detail = {k: v for k, v in args.items() if isinstance(v, (str, int))}
            return self._write_version(page_id, new, action=action, detail=detail, author=author, parent=current)

    def undo(self, page_id: int, *, author: str, base: int | None = None) -> int:
        """Undo the last correction in force: a new version with the content before it."""
        author = _author(author)
        with self.transaction():
            current = self._current(page_id, base)
            effective = self._effective(current)
            parent = self.conn.execute("SELECT parent_id FROM versions WHERE id = ?", (effective,)).fetchone()[0]
            if parent is None:
                raise StoreError("nothing to undo: the page shows the machine's output")
            restored = self._effective(parent)
            number = self.conn.execute("SELECT number FROM versions WHERE id = ?", (effective,)).fetchone()[0]
            detail = {"undid": number, "restores": restored}
            return self._write_version(page_id, self.load(page_id, restored), action="undo", detail=detail,
                                       author=author, parent=current)

    def _current(self, page_id: int, base: int | None) -> int:
        current = self.page_row(page_id)["current_version"]
        if base is not None and int(base) != current:
            raise ConflictError("the page was changed by someone else since you opened it; reload and try again")
        return current

    def _effective(self, version_id: int) -> int:
        """The version whose content ``version_id`` shows (an undo shows an earlier version's)."""
        row = self.conn.execute("SELECT action, detail FROM versions WHERE id = ?", (version_id,)).fetchone()
        if row["action"] == "undo":
            return int(json.loads(row["detail"])["restores"])
        return version_id


def redescribe(old: Draft, new: Draft) -> Draft:
    """On a page that was described, articles whose blocks or roles a correction changed get their ``about``
    worked out again from their new text (merged articles gain the other part's places, split-off ones get
    their own).  Without the describe stage, or if it fails, the ``about`` stays as it was."""
    if not any(a.about is not None for a in old.page.articles or ()):
        return new
    def content(article: Article) -> tuple[tuple[int, Role], ...]:  # blocks and roles; joins do not count
        return tuple((b, el.role) for el in article.elements for b in el.blocks)

    before = {a.id: content(a) for a in old.page.articles or ()}
    changed = [a.id for a in new.page.articles or () if before.get(a.id) != content(a)]
    if not changed:
        return new
    try:
        from jianbao.stages.describe import describe_article, issue_date

        day = issue_date(new.page)
        articles = tuple(replace(a, about=describe_article(new.page, a, day)) if a.id in changed else a
                         for a in new.page.articles or ())
    except Exception:  # the describe stage is another area's code: a correction must not fail on it
        return new
    return Draft(new.page.with_(articles=articles), new.headlines)


def _block_list(blocks: tuple[int, ...]) -> str:
    """An element's block numbers as the JSON list the ``elements`` table keeps (``json.dumps`` spends
    most of its time on the call)."""
    return "[" + ", ".join(map(str, blocks)) + "]"


def _box(box: Box | None) -> tuple[float | None, ...]:
    return (box.x0, box.y0, box.x1, box.y1) if box is not None else (None, None, None, None)


def _topic(about: dict[str, Any] | None) -> str | None:
    topic = about.get("topic") if isinstance(about, dict) else None
    if isinstance(topic, dict):
        topic = topic.get("name") or topic.get("code")
    if isinstance(topic, list):
        topic = topic[0] if topic else None
    return str(topic) if topic else None


def _places(about: dict[str, Any] | None) -> list[tuple[str | None, str | None]]:
    out: list[tuple[str | None, str | None]] = []
    places = (about or {}).get("places") if isinstance(about, dict) else None
    for place in places if isinstance(places, list) else ():
        if isinstance(place, dict):
            code, name = place.get("code"), place.get("name")
            if code or name:
                out.append((str(code) if code else None, str(name) if name else None))
        elif isinstance(place, str):
            out.append((None, place))
    return out


def _author(author: str) -> str:
    author = " ".join(str(author or "").split())
    if not author or len(author) > 64:
        raise StoreError("say who you are: a reviewer name of 1–64 characters")
    return author
