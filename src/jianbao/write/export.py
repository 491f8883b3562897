"""Export current articles (or pages) from the archive: jsonl, parquet, csv, md, pagexml, and ``--gold``.

- ``jsonl``, ``parquet``, ``csv``, ``md``: one record per current article the query finds, with its page,
  source, date, paper, elements, ``about`` and the version it comes from (``corrected`` when a reviewer
  made it);
- ``pagexml``: one PAGE-XML file per page holding a found article, in the folder ``-o`` names;
- ``gold``: every page a reviewer touched (an edit, or "checked"), in `jianbao.page/1` shape — the shape
  and naming of the benchmark's gold pages — as ``<name>.gold.json`` beside its input dump ``<name>.txt``
  (blocks joined by blank lines, so block numbers match) in the folder ``-o`` names, or one page per line
  when ``-o`` ends in ``.jsonl``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import Any, Iterator

from jianbao.errors import ConfigError
from jianbao.store.archive import Archive
from jianbao.store.search import Query, matching

FORMATS = ("jsonl", "parquet", "csv", "md", "pagexml")
CSV_FIELDS = ("id", "page_id", "label", "date", "paper", "headline", "topic", "places", "source", "sha256",
              "version", "version_author", "corrected", "text")


def article_records(archive: Archive, ids: list[int]) -> Iterator[dict[str, Any]]:
    drafts: dict[int, Any] = {}
    for article_id in ids:
        art = archive.article(article_id)
        page_id = art["page_id"]
        if page_id not in drafts:
            drafts.clear()
            drafts[page_id] = (archive.load(page_id), archive.page_row(page_id))
        draft, page_row = drafts[page_id]
        version = archive.conn.execute("SELECT number, author FROM versions WHERE id = ?",
                                       (art["version_id"],)).fetchone()
        model = next(a for a in draft.page.articles if a.id == art["label"])
        places = archive.conn.execute("SELECT code, name FROM article_places WHERE article_id = ?",
                                      (article_id,)).fetchall()
        yield {
            "id": article_id, "page_id": page_id, "label": art["label"], "source": page_row["path"],
            "sha256": page_row["sha256"], "page": page_row["name"], "date": art["date"], "paper": art["paper"],
            "headline": art["headline"], "text": art["body"],
            "elements": [{"role": e["role"], "text": e["text"], "blocks": e["blocks"]}
                         for e in (draft.page.element_json(el) for el in model.elements)],
            "continues": bool(art["continues"]), "topic": art["topic"],
            "places": [{"code": p["code"], "name": p["name"]} for p in places],
            "about": json.loads(art["about"]) if art["about"] else None,
            "version": version["number"], "version_author": version["author"], "corrected": version["number"] > 1,
        }


def _stem(row: Any) -> str:
    stem = re.sub(r"[^\w.-]+", "_", Path(row["name"]).stem).strip("._") or "page"
    return f"p{row['id']}-{stem}"[:120]


def _open_text(out: str | Path) -> io.TextIOBase:
    if str(out) == "-":
        return sys.stdout  # type: ignore[return-value]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    return open(out, "w", encoding="utf-8", newline="")


def export(archive: Archive, fmt: str, out: str | Path, *, query: Query | None = None, gold: bool = False) -> int:
    """Write the export; return how many records (articles or pages) were written."""
    if gold:
        return export_gold(archive, out)
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    ids = matching(archive.conn, query or Query())
    if fmt == "pagexml":
        return export_pagexml(archive, ids, out)
    records = article_records(archive, ids)
    if fmt == "parquet":
        if str(out) == "-":
            raise ConfigError("Parquet cannot go to stdout: give -o FILE.parquet")
        from jianbao.write.parquet import write_parquet

        Path(out).parent.mkdir(parents=True, exist_ok=True)
        return write_parquet(records, Path(out))
    n = 0
    stream = _open_text(out)
    try:
        if fmt == "csv":
            writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, extrasaction="ignore")
            writer.writeheader()
        for rec in records:
            n += 1
            if fmt == "jsonl":
                stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
            elif fmt == "csv":
                writer.writerow({**rec, "places": ";".join(p["code"] or p["name"] or "" for p in rec["places"])})
            else:
                stream.write(_markdown(rec))
    finally:
        if stream is not sys.stdout:
            stream.close()
    return n


def _markdown(rec: dict[str, Any]) -> str:
    meta = " · ".join(x for x in (rec["date"], rec["paper"], rec["page"], rec["topic"]) if x)
    body = [e["text"] for e in rec["elements"] if e["role"] != "headline"]
    return f"## {rec['headline'] or '（无标题）'}\n\n*{meta}*\n\n" + "\n\n".join(body) + "\n\n"


def export_pagexml(archive: Archive, ids: list[int], out: str | Path) -> int:
    from jianbao import __version__
    from jianbao.write.pagexml import page_xml

    folder = Path(out)
    if str(out) == "-" or folder.suffix:
        raise ConfigError("PAGE-XML writes one file per page: give -o a folder, such as -o pagexml/")
    folder.mkdir(parents=True, exist_ok=True)
    page_ids = list(dict.fromkeys(archive.article(i)["page_id"] for i in ids))
    for page_id in page_ids:
        draft, row = archive.load(page_id), archive.page_row(page_id)
        text = page_xml(draft.page, headlines=draft.headlines, creator=f"jianbao {__version__}")
        (folder / f"{_stem(row)}.xml").write_text(text, encoding="utf-8")
    return len(page_ids)


def export_gold(archive: Archive, out: str | Path) -> int:
    rows = archive.conn.execute(
        "SELECT p.id, p.name FROM pages p WHERE EXISTS (SELECT 1 FROM versions v WHERE v.page_id = p.id "
        "AND v.author != 'machine') ORDER BY p.id").fetchall()
    if str(out).endswith(".jsonl") or str(out) == "-":
        stream = _open_text(out)
        try:
            for row in rows:
                stream.write(json.dumps(archive.page_dict(row["id"]), ensure_ascii=False) + "\n")
        finally:
            if stream is not sys.stdout:
                stream.close()
        return len(rows)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    from jianbao.write.json import dumps

    for row in rows:
        stem = _stem(row)
        draft = archive.load(row["id"])
        gold = {**archive.page_dict(row["id"]), "source": f"{stem}.txt"}
        (folder / f"{stem}.gold.json").write_text(dumps(gold) + "\n", encoding="utf-8")
        (folder / f"{stem}.txt").write_text("\n\n".join(b.raw for b in draft.page.blocks) + "\n", encoding="utf-8")
    return len(rows)
