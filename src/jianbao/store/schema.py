"""The archive's tables, and the migrations that build them.

The schema version lives in ``PRAGMA user_version``; :data:`MIGRATIONS` is an ordered list and
:func:`migrate` applies every step above the file's version, each in its own transaction.  Never edit a
released step: add a new one.

Row provenance: a source records who ingested it, when, and with which tool; every article and element
belongs to a *version* of its page, and a version records its author (``machine`` or a reviewer), time,
action and parent.  Machine output is version 1 and is never overwritten; corrections and undos are new
versions, and ``pages.current_version`` points at the one search and export use.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from jianbao.errors import StoreError

V1 = """
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    path        TEXT NOT NULL,
    kind        TEXT NOT NULL,              -- text, pdf, image, json
    paper       TEXT,
    issue_date  TEXT,                       -- YYYY-MM-DD
    size        INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    ingested_by TEXT NOT NULL,
    tool        TEXT NOT NULL               -- jianbao version and the stages that ran
);
CREATE TABLE pages (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources(id),
    name            TEXT NOT NULL,          -- Page.source
    date            TEXT,
    paper           TEXT,
    notes           TEXT NOT NULL DEFAULT '[]',
    has_geometry    INTEGER NOT NULL DEFAULT 0,
    current_version INTEGER,                -- versions.id
    created_at      TEXT NOT NULL
);
CREATE INDEX pages_source ON pages(source_id);
CREATE TABLE blocks (
    page_id  INTEGER NOT NULL REFERENCES pages(id),
    no       INTEGER NOT NULL,              -- the block number of docs/page-format.md
    raw      TEXT NOT NULL,
    pdf_page INTEGER,
    x0 REAL, y0 REAL, x1 REAL, y1 REAL,
    size     REAL,
    bold     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (page_id, no)
) WITHOUT ROWID;
CREATE TABLE versions (
    id         INTEGER PRIMARY KEY,
    page_id    INTEGER NOT NULL REFERENCES pages(id),
    number     INTEGER NOT NULL,            -- 1 = machine output
    parent_id  INTEGER REFERENCES versions(id),
    action     TEXT NOT NULL,               -- clip, merge, split, move, role, join, unjoin, headline, checked, undo
    detail     TEXT NOT NULL DEFAULT '{}',
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (page_id, number)
);
CREATE TABLE articles (                     -- narrow rows: facet counts read many of them
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    page_id    INTEGER NOT NULL REFERENCES pages(id),
    ord        INTEGER NOT NULL,
    label      TEXT NOT NULL,               -- Article.id, "a1" …
    current    INTEGER NOT NULL DEFAULT 1,  -- 1 while its version is the page's current one
    date       TEXT,
    paper      TEXT,
    topic      TEXT,
    continues  INTEGER NOT NULL DEFAULT 0,
    headline_fixed INTEGER NOT NULL DEFAULT 0,
    headline   TEXT,                        -- the headline element's text, or the reviewer's fix
    pages      TEXT,                        -- JSON list or NULL
    about      TEXT                         -- JSON object or NULL
);
CREATE TABLE article_bodies (
    id   INTEGER PRIMARY KEY REFERENCES articles(id),
    body TEXT NOT NULL                      -- element texts, one per line
);
CREATE INDEX articles_version ON articles(version_id);
CREATE INDEX articles_page ON articles(page_id, current);
CREATE INDEX articles_facets ON articles(current, date, paper, topic);
CREATE TABLE elements (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    article_id INTEGER REFERENCES articles(id),   -- NULL: unassigned
    ord        INTEGER NOT NULL,
    role       TEXT NOT NULL,
    blocks     TEXT NOT NULL                -- JSON list of block numbers, in reading order
);
CREATE INDEX elements_version ON elements(version_id);
CREATE TABLE article_places (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    code       TEXT,
    name       TEXT
);
CREATE INDEX article_places_article ON article_places(article_id);
CREATE INDEX article_places_code ON article_places(code);
CREATE INDEX article_places_name ON article_places(name);
-- Full text of current articles only, as CJK bigrams (see store/fts.py and docs/benchmarks.md "Archive").
CREATE VIRTUAL TABLE article_fts USING fts5(headline, body, content='', tokenize='unicode61 remove_diacritics 0');
"""

# Version 2: the full-text index merges its segments 8 at a time instead of 4 (FTS5 ``automerge``): storing
# a page costs ~10% less of the index's work, search is as fast (docs/archive.md).
V2 = """
INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 8);
"""

MIGRATIONS: list[tuple[int, str]] = [(1, V1), (2, V2)]
LATEST = MIGRATIONS[-1][0]


def connect(path: str | Path, *, create: bool = True, timeout: float = 30.0) -> sqlite3.Connection:
    """Open (and if needed create and migrate) the archive at ``path`` in WAL mode."""
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"{path}: no archive there (run `jianbao ingest --db {path} PAGES…` first)")
    if path.exists() and path.is_dir():
        raise StoreError(f"{path}: is a folder; give --db a file name such as jianbao.db")
    try:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA cache_size=-65536")  # 64 MiB of pages per connection
        conn.execute("PRAGMA mmap_size=268435456")
        conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the archive ({exc}); is it a jianbao SQLite file?") from None
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to :data:`LATEST`; return the version it was at."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > LATEST:
        raise StoreError(f"the archive has schema version {found}, newer than this jianbao ({LATEST}): "
                         "upgrade jianbao")
    for version, script in MIGRATIONS:
        if version <= found:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            again = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            if again < version:
                for statement in _statements(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return found


def _statements(script: str) -> list[str]:
    """The script's statements (no semicolons inside comments or strings in our scripts)."""
    return [s.strip() for s in script.split(";") if s.strip()]
