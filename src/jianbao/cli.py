"""The command line: a thin layer over the library.

Every command catches :class:`~jianbao.errors.JianbaoError` and prints one line to stderr with exit
code 2 (``--debug`` shows the traceback instead).  ``-`` means stdin for input pages.
"""

from __future__ import annotations

import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Callable, List, Optional

import typer

from jianbao.errors import ConfigError, InputError, JianbaoError

app = typer.Typer(
    help="jianbao (剪报): cut newspaper pages into their articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
STATE = {"debug": False}


@app.callback()
def main_options(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
) -> None:
    STATE["debug"] = debug


def fail(exc: BaseException, code: int = 2) -> None:
    if STATE["debug"]:
        traceback.print_exception(exc)
    typer.echo(f"jianbao: error: {exc}", err=True)
    raise typer.Exit(code)


def guarded(fn: Callable[[], None]) -> None:
    """Run a command body; a JianbaoError becomes one line on stderr and exit code 2."""
    try:
        fn()
    except JianbaoError as exc:
        fail(exc)


class Format(str, Enum):
    json = "json"
    md = "md"


def check_date(date: Optional[str]) -> Optional[str]:
    if date is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(date).isoformat()
    except ValueError:
        raise ConfigError(f"--date {date!r} is not a date: write it as YYYY-MM-DD") from None


def render(page, fmt: Format, compact: bool = False) -> str:  # type: ignore[no-untyped-def]
    if fmt is Format.md:
        return page.to_markdown()
    return page.to_json(indent=None if compact else 2) + "\n"


def clip_one(source: str, date: Optional[str], describe: bool):  # type: ignore[no-untyped-def]
    from jianbao.pipeline import clip

    if source == "-":
        return clip(sys.stdin.buffer.read(), date=date, describe=describe, name="<stdin>")
    path = Path(source)
    if not path.exists():
        raise InputError(source, "no such file", "check the path")
    return clip(path, date=date, describe=describe)


@app.command("clip")
def clip_command(
    pages: List[str] = typer.Argument(..., help="Page files (text dump, PDF, image); - for stdin."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write DIR/<stem>.<json|md> per page."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="Output format."),
    date: Optional[str] = typer.Option(None, "--date", help="Issue date YYYY-MM-DD (for resolving dates)."),
    describe: bool = typer.Option(True, "--describe/--no-describe", help="Add the `about` metadata."),
) -> None:
    """Cut pages into their articles (jianbao.page/1 JSON or Markdown)."""

    def body() -> None:
        day = check_date(date)
        if len(pages) == 1 and out is None:
            sys.stdout.write(render(clip_one(pages[0], day, describe), fmt))
            return
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        failed = 0
        for source in pages:
            try:
                page = clip_one(source, day, describe)
            except JianbaoError as exc:
                failed += 1
                if STATE["debug"]:
                    traceback.print_exception(exc)
                typer.echo(f"jianbao: skipped: {exc}", err=True)
                continue
            if out is None:
                sys.stdout.write(render(page, fmt, compact=True))
            else:
                stem = "stdin" if source == "-" else Path(source).stem
                (out / f"{stem}.{fmt.value}").write_text(render(page, fmt), encoding="utf-8")
        if failed:
            typer.echo(f"jianbao: {failed} of {len(pages)} pages failed", err=True)
            raise typer.Exit(1)

    guarded(body)


# options shared by the bench commands (bench here, bench-pdf and bench-scan in show/commands.py)
SPLIT_OPTION = typer.Option("dev", "--split", help="dev, train or test (test only for reporting).")
LIMIT_OPTION = typer.Option(None, "--limit", help="Score at most N pages.")
BUILD_DIR_OPTION = typer.Option(Path("build/bench"), "--build-dir", help="Where gold pages are cached.")


def check_split(split: str) -> None:
    if split not in ("train", "dev", "test"):
        raise ConfigError(f"--split {split!r}: choose dev or test (or train)")


@app.command("bench")
def bench_command(
    split: str = SPLIT_OPTION,
    limit: Optional[int] = LIMIT_OPTION,
    report: Optional[Path] = typer.Option(None, "--report", help="Regenerate this Markdown report."),
    check: Optional[Path] = typer.Option(None, "--check", help="Fail (exit 1) below these minimum scores."),
    speed: bool = typer.Option(True, "--speed/--no-speed", help="Also measure speed and memory."),
    build_dir: Path = BUILD_DIR_OPTION,
) -> None:
    """Build the gold pages if missing, run jianbao and the baselines, score them."""

    def body() -> None:
        from jianbao.bench.run import run_bench

        check_split(split)
        ok = run_bench(split=split, limit=limit, report=report, check=check, speed=speed, build_dir=build_dir)
        if not ok:
            raise typer.Exit(1)

    guarded(body)


def _register_areas() -> None:
    """Commands of other areas live beside their code: each ``jianbao.<area>.commands`` module has a
    ``register(app)`` that adds its commands (show, ingest, search, serve, export, batch …)."""
    import importlib

    for area in ("show", "store", "web", "batch"):
        try:
            module = importlib.import_module(f"jianbao.{area}.commands")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("jianbao."):
                continue
            raise
        module.register(app)


_register_areas()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("jianbao: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
