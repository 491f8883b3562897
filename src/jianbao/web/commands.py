"""``jianbao serve``: the browser UI on 127.0.0.1 (by default)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    from jianbao.cli import guarded

    @app.command("serve")
    def serve_command(
        db: Path = typer.Option(Path("jianbao.db"), "--db", help="The archive file (SQLite)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port."),
        token: Optional[str] = typer.Option(None, "--token", help="Token for changes (default: env JIANBAO_TOKEN; "
                                            "generated when bound to a non-loopback address)."),
    ) -> None:
        """Search, read and correct the archive in a browser."""

        def body() -> None:
            import uvicorn

            from jianbao.errors import ConfigError
            from jianbao.web.app import create_app

            given = token or os.environ.get("JIANBAO_TOKEN") or None
            if given is not None and len(given) < 8:
                raise ConfigError("--token: use at least 8 characters")
            web = create_app(db, host=host, token=given)
            guard = web.state.guard
            shown = f"[{host}]" if ":" in host else host
            from jianbao.store import Archive

            with Archive(db) as archive:
                pages = archive.conn.execute("SELECT count(*) FROM pages").fetchone()[0]
                articles = archive.conn.execute("SELECT count(*) FROM articles WHERE current = 1").fetchone()[0]
            typer.echo(f"jianbao: serving {db} ({pages} pages, {articles} articles) on http://{shown}:{port}/")
            if not pages:
                typer.echo(f"jianbao: the archive is empty: add pages with `jianbao ingest --db {db} PAGES…`")
            if guard.needs_token:
                typer.echo(f"jianbao: changes need the token; open http://{shown}:{port}/login?token={guard.token}")
            uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False,
                        limit_concurrency=64, timeout_keep_alive=5)

        guarded(body)
