"""Commands of the picture area: ``jianbao show``, and the PDF and scan benches (``bench-pdf``,
``bench-scan``) that go with the PDF and image readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from jianbao.errors import ConfigError, InputError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def render_picture(source: Path, out: Path, *, page_no: Optional[int] = None, dpi: int = 100,
                   width_px: int = 1400) -> Any:
    """Clip ``source`` and draw it to ``out`` (.png or .svg); returns the clipped page."""
    from jianbao.pipeline import clip
    from jianbao.show import draw

    suffix = out.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ConfigError(f"-o {out}: write a .png or .svg picture")
    if not source.exists():
        raise InputError(str(source), "no such file", "check the path")
    page = clip(source, describe=False)
    images, sizes = backgrounds(source, page, page_no, dpi)
    if not draw.has_geometry(page):
        if suffix == ".png":
            out.write_bytes(draw.listing_png(page))
        else:
            out.write_text(listing_svg(page), encoding="utf-8")
        return page
    if suffix == ".png":
        out.write_bytes(draw.png(page, images, sizes, width_px=width_px, only=page_no))
    else:
        uris = {n: draw.data_uri(img) for n, img in images.items()}
        out.write_text(draw.svg(page, sizes=sizes, backgrounds=uris, width_px=width_px, fill=False,
                                only=page_no) or "", encoding="utf-8")
    return page


def backgrounds(source: Path, page: Any, page_no: Optional[int], dpi: int) -> tuple[dict, dict]:
    """The images to draw under the blocks, per page number, and each page's size in block units:
    rendered PDF pages (points), or the scan itself (pixels)."""
    from PIL import Image

    suffix = source.suffix.lower()
    images: dict[int, Any] = {}
    sizes: dict[int, tuple[float, float]] = {}
    wanted = {b.page for b in page.blocks if b.page is not None}
    if page_no is not None:
        if page_no not in wanted:
            raise ConfigError(f"--page {page_no}: the page has text on pages {sorted(wanted)}")
        wanted = {page_no}
    if suffix == ".pdf":
        import pymupdf

        with pymupdf.open(source) as doc:
            for n in sorted(wanted):
                pdf_page = doc[n - 1]
                pix = pdf_page.get_pixmap(dpi=dpi)
                images[n] = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
                sizes[n] = (pdf_page.rect.width, pdf_page.rect.height)
    elif suffix in IMAGE_SUFFIXES:
        from jianbao.read.image import load_image

        img = Image.fromarray(load_image(source))
        images[1], sizes[1] = img, (float(img.width), float(img.height))
    return images, sizes


def listing_svg(page: Any) -> str:
    """A text dump's picture as SVG: one row per block (article colour, reading-order number)."""
    from html import escape

    from jianbao.show.draw import UNASSIGNED, joins, marks

    found = marks(page)
    row = 22
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="page-listing" width="900" '
             f'height="{row * len(page.blocks) + 20}" font-family="sans-serif" font-size="14">']
    for block in page.blocks:
        y = 10 + block.id * row
        mark = found.get(block.id)
        colour = mark.colour if mark else UNASSIGNED
        grey = mark is None or mark.article is None
        label = f"{mark.article + 1}.{mark.order}" if mark and mark.article is not None else "—"
        text = block.text if len(block.text) <= 50 else block.text[:50] + "…"
        parts.append(f'<rect x="60" y="{y}" width="830" height="{row - 4}" fill="{"#eee" if grey else "#fff"}" '
                     f'stroke="{colour}" data-block="{block.id}"/>'
                     f'<text x="66" y="{y + 14}" fill="{colour}" font-weight="bold">{label}</text>'
                     f'<text x="120" y="{y + 14}" fill="{"#777" if grey else "#222"}">{escape(text)}</text>')
    for a, b, colour in joins(page):
        ya, yb = 10 + a * row + row // 2 - 2, 10 + b * row + row // 2 - 2
        parts.append(f'<polyline points="58,{ya} 40,{ya} 40,{yb} 58,{yb}" fill="none" stroke="{colour}" '
                     f'stroke-width="2" class="join"/>')
    parts.append("</svg>")
    return "".join(parts)


def register(app: typer.Typer) -> None:
    from jianbao.cli import BUILD_DIR_OPTION, LIMIT_OPTION, SPLIT_OPTION, check_split, guarded

    @app.command("show")
    def show_command(
        page: Path = typer.Argument(..., help="A page: PDF, scan (PNG/JPEG/TIFF) or text dump."),
        out: Path = typer.Option(..., "-o", "--out", help="Picture to write: page.png or page.svg."),
        page_no: Optional[int] = typer.Option(None, "--page", help="Only this page of a multi-page PDF."),
        dpi: int = typer.Option(100, "--dpi", help="Resolution of the rendered PDF page beneath."),
        width: int = typer.Option(1400, "--width", help="Picture width in pixels."),
    ) -> None:
        """Draw a page with its articles: blocks outlined in each article's colour, numbered in
        reading order, split-paragraph joins as arrows, unassigned blocks grey."""

        def body() -> None:
            clipped = render_picture(page, out, page_no=page_no, dpi=dpi, width_px=width)
            typer.echo(f"{out}: {len(clipped.articles or ())} articles, {len(clipped.blocks)} blocks")

        guarded(body)

    @app.command("bench-pdf")
    def bench_pdf_command(
        split: str = SPLIT_OPTION,
        limit: Optional[int] = LIMIT_OPTION,
        report: Optional[Path] = typer.Option(None, "--report", help="Write section pdf:<split> of this Markdown file."),
        links: bool = typer.Option(True, "--links/--no-links", help="Also build bench issues and score links."),
        build_dir: Path = BUILD_DIR_OPTION,
    ) -> None:
        """Score jianbao on the bench page PDFs beside PyMuPDF, pdfplumber and pdftotext -layout."""

        def body() -> None:
            from jianbao.bench.pdfbench import run_pdf_bench

            check_split(split)
            typer.echo(run_pdf_bench(split, limit, report, build_dir, links=links))

        guarded(body)

    @app.command("bench-scan")
    def bench_scan_command(
        split: str = SPLIT_OPTION,
        sample: int = typer.Option(10, "--sample", help="How many pages (evenly spread over the split)."),
        offset: int = typer.Option(0, "--offset", help="Start at this page of the split (0: the standard "
                                   "sample; 1 to step-1: another sample, none of its pages)."),
        report: Optional[Path] = typer.Option(None, "--report", help="Write section scan:<split> of this Markdown file."),
        build_dir: Path = BUILD_DIR_OPTION,
        ocr_cache: Optional[Path] = typer.Option(None, "--ocr-cache", help="Keep the OCR engine's answers for "
                                                 "each rendered page in this directory (e.g. build/scan-cache) "
                                                 "and reuse them: a development aid."),
    ) -> None:
        """Render bench PDFs at 150 dpi, clip the scans (OCR) and score them."""

        def body() -> None:
            from jianbao.bench.pdfbench import run_scan_bench

            check_split(split)
            typer.echo(run_scan_bench(split, sample, report, build_dir, offset, ocr_cache))

        guarded(body)

