"""``jianbao ingest``, ``jianbao search`` and ``jianbao export``: thin commands over jianbao.store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

DB_HELP = "The archive file (SQLite)."


def register(app: typer.Typer) -> None:
    from jianbao.cli import check_date, guarded

    @app.command("ingest")
    def ingest_command(
        paths: List[Path] = typer.Argument(..., help="Page files and folders (text dumps, PDFs, images)."),
        db: Path = typer.Option(Path("jianbao.db"), "--db", help=DB_HELP),
        paper: Optional[str] = typer.Option(None, "--paper", help="Paper name for every file (default: from the file name)."),
        date: Optional[str] = typer.Option(None, "--date", help="Issue date YYYY-MM-DD (default: from the file name)."),
        describe: bool = typer.Option(True, "--describe/--no-describe", help="Add the `about` metadata."),
        workers: int = typer.Option(0, "--workers", min=0,
                                    help="Processes that clip (0: every CPU for 50 files or more, else 1)."),
    ) -> None:
        """Clip pages and store them in the archive; files already there (same sha256) are skipped."""

        def body() -> None:
            from rich.progress import Progress

            from jianbao.store import Archive
            from jianbao.store.ingest import ingest, page_files

            day = check_date(date)
            files = page_files(paths)
            with Archive(db) as archive, Progress(transient=True) as bar:
                task = bar.add_task("ingest", total=len(files))
                report = ingest(archive, files, paper=paper, date=day, describe=describe, workers=workers,
                                progress=lambda _p: bar.advance(task))
            typer.echo(f"{report.files} files: {report.pages} pages and {report.articles} articles stored, "
                       f"{report.duplicates} already in {db}, {len(report.failures)} failed")
            for path, reason in report.failures:
                typer.echo(f"  failed: {path}: {reason}", err=True)
            if report.failures and not report.pages and not report.duplicates:
                raise typer.Exit(1)

        guarded(body)

    @app.command("search")
    def search_command(
        query: str = typer.Argument("", help="Words to find (all must occur); empty lists everything."),
        db: Path = typer.Option(Path("jianbao.db"), "--db", help=DB_HELP),
        date: Optional[str] = typer.Option(None, "--date", help="FROM..TO, e.g. 2019-02..2019-03 or 2020."),
        place: Optional[str] = typer.Option(None, "--place", help="A place name or code."),
        topic: Optional[str] = typer.Option(None, "--topic", help="A topic."),
        paper: Optional[str] = typer.Option(None, "--paper", help="A paper."),
        page: int = typer.Option(1, "--page", help="Result page (20 per page)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Search the archive's current articles."""

        def body() -> None:
            from jianbao.store import Archive
            from jianbao.store.search import Query, search

            with Archive(db, create=False) as archive:
                result = search(archive.conn, Query(text=query, date=date, place=place, topic=topic,
                                                    paper=paper, page=page))
            if as_json:
                hits = [{k: v for k, v in h.items() if not k.endswith("_html")} for h in result.hits]
                out = {"total": result.total, "page": page, "pages": result.pages, "ranked": result.ranked,
                       "hits": hits, "facets": result.facets}
                sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
                return
            note = "" if result.ranked else "; too many to rank: most recently stored first"
            typer.echo(f"{result.total} articles (page {page} of {result.pages}{note})")
            for h in result.hits:
                typer.echo(f"{h['id']:>8}  {h['date'] or '----------'}  {h['paper'] or '-'}  "
                           f"{h['headline'] or '（无标题）'}")

        guarded(body)

    @app.command("export")
    def export_command(
        fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, parquet, csv, md or pagexml."),
        out: Path = typer.Option(..., "-o", "--out", help="Output file (- for stdout), or folder for pagexml/--gold."),
        db: Path = typer.Option(Path("jianbao.db"), "--db", help=DB_HELP),
        query: str = typer.Option("", "--query", help="Export only articles this search finds."),
        date: Optional[str] = typer.Option(None, "--date", help="FROM..TO"),
        place: Optional[str] = typer.Option(None, "--place", help="A place name or code."),
        topic: Optional[str] = typer.Option(None, "--topic", help="A topic."),
        paper: Optional[str] = typer.Option(None, "--paper", help="A paper."),
        gold: bool = typer.Option(False, "--gold", help="Reviewed pages in the benchmark's gold shape."),
    ) -> None:
        """Export current articles (corrections included), or reviewed pages as gold."""

        def body() -> None:
            from jianbao.store import Archive
            from jianbao.store.search import Query
            from jianbao.write.export import export

            with Archive(db, create=False) as archive:
                n = export(archive, fmt, str(out), gold=gold,
                           query=Query(text=query, date=date, place=place, topic=topic, paper=paper))
            what = "pages" if gold or fmt == "pagexml" else "articles"
            typer.echo(f"exported {n} {what} to {out}", err=str(out) == "-")

        guarded(body)
