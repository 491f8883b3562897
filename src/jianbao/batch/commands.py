"""``jianbao batch``: cut many pages, resumably, on local processes or Spark."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import typer


class RichProgress:
    """The progress bar: pages done of all, rate and ETA; pages resumed from markers count as done."""

    def __init__(self) -> None:
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.1f} pages/s" if speed else "… pages/s", style="progress.data.speed")

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), transient=False)
        self.task: Any = None
        self.done = 0

    def start(self, total: int, done: int) -> None:
        self.bar.start()
        # pages done by an earlier run are shown, but do not count toward this run's rate
        self.task = self.bar.add_task("cutting pages", total=total, completed=done)
        self.done = done

    def advance(self, k: int) -> None:
        self.done += k
        self.bar.update(self.task, completed=self.done)

    def set_done(self, k: int) -> None:
        if k != self.done:
            self.done = k
            self.bar.update(self.task, completed=k)

    def stage(self, text: str) -> None:
        self.bar.update(self.task, description=text)

    def stop(self) -> None:
        if self.task is not None:
            self.bar.stop()


def register(app: typer.Typer) -> None:
    @app.command("batch")
    def batch_command(
        inputs: List[str] = typer.Argument(..., help="Folders, files, globs, or manifests (.jsonl/.parquet: one "
                                                     "page per row with `path` or `text`, plus paper/date/page)."),
        out: Path = typer.Option(..., "-o", "--out", help="Run folder: Parquet tables, report, shard markers."),
        workers: int = typer.Option(1, "--workers", "-w", help="Local worker processes."),
        engine: str = typer.Option("local", "--engine", help="local or spark."),
        master: Optional[str] = typer.Option(None, "--master", help="Spark master URL (with --engine spark) "
                                                                   "[default: spark-submit's, else local[*]]."),
        jsonl: bool = typer.Option(False, "--jsonl", help="Also write OUT/articles.jsonl."),
        shard_size: Optional[int] = typer.Option(None, "--shard-size",
                                                 help="Pages per shard, the unit of resume [default: the "
                                                      "earlier run's; for a new run pages/64, 10 to 500]."),
        max_bytes: int = typer.Option(8 * 1024 * 1024, "--max-bytes", help="Refuse pages larger than this."),
        max_blocks: int = typer.Option(1000, "--max-blocks", help="Refuse pages with more blocks than this."),
        page_timeout: float = typer.Option(120.0, "--page-timeout", help="Seconds a page may take (0: no limit)."),
        describe: bool = typer.Option(True, "--describe/--no-describe", help="Add the `about` metadata."),
        dedup: bool = typer.Option(True, "--dedup/--no-dedup", help="Cluster near-duplicate articles."),
        fresh: bool = typer.Option(False, "--fresh", help="Forget an earlier run in OUT and start over."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no report table."),
    ) -> None:
        """Cut many pages into articles: resumable (rerun after a kill), bad pages isolated, local or Spark."""
        from jianbao.cli import guarded

        def body() -> None:
            from rich.console import Console

            from jianbao.batch import report
            from jianbao.batch.rows import Limits
            from jianbao.batch.run import BatchOptions, run_batch

            opts = BatchOptions(engine=engine, workers=workers, master=master, shard_size=shard_size,
                                limits=Limits(max_bytes=max_bytes, max_blocks=max_blocks, page_timeout=page_timeout),
                                describe=describe, dedup=dedup, jsonl=jsonl, fresh=fresh)
            progress = None if quiet else RichProgress()
            try:
                rep = run_batch(inputs, out, opts, progress=progress)
            finally:
                if progress is not None:
                    progress.stop()
            console = Console(stderr=True)
            if not quiet:
                console.print(report.render(rep))
            console.print(f"wrote {out / 'articles'}/, {out / 'errors.parquet'}, {out / 'report.json'}")

        guarded(body)
