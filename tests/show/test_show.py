"""`jianbao show`: PNG and SVG pictures of PDF pages, scans and text dumps; the web UI's picture."""

from __future__ import annotations

import io

import pymupdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from jianbao.cli import app
from jianbao.model import Block, Box, Page
from jianbao.pipeline import clip
from jianbao.show import draw
from jianbao.web import picture

runner = CliRunner()
BODY = ("为打击治理跨境违法犯罪，衡阳市公安局派出工作组赴云南开展工作，截断跨境违法犯罪的人员流动，"
        "工作组与当地警方密切协作，取得明显成效。")


def make_pdf(path, pages=1):
    doc = pymupdf.open()
    for n in range(1, pages + 1):
        page = doc.new_page(width=420, height=600)
        page.insert_text((30, 30), f"第{n}版", fontname="china-s", fontsize=10)
        page.insert_text((30, 80), f"衡阳公安驻滇打击跨境犯罪{n}", fontname="china-s", fontsize=22)
        y = 120
        for k in range(3):  # three indented paragraphs in one column
            text = BODY
            first = True
            while text:
                line, text = text[:16 if first else 18], text[16 if first else 18:]
                page.insert_text((30 + (20 if first else 0), y), line, fontname="china-s", fontsize=10)
                y += 14
                first = False
            y += 8
    doc.save(path)
    return path


def test_show_pdf_png(tmp_path):
    out = tmp_path / "page.png"
    r = runner.invoke(app, ["show", str(make_pdf(tmp_path / "p.pdf")), "-o", str(out), "--width", "600"])
    assert r.exit_code == 0, r.output
    with Image.open(out) as img:
        assert img.format == "PNG" and img.width == 600 and img.height > 600


def test_show_pdf_svg_has_background_outlines_and_numbers(tmp_path):
    out = tmp_path / "page.svg"
    r = runner.invoke(app, ["show", str(make_pdf(tmp_path / "p.pdf")), "-o", str(out)])
    assert r.exit_code == 0, r.output
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<image " in svg and "data:image/jpeg;base64," in svg
    assert svg.count("data-block=") >= 5 and ">1.1</text>" in svg
    assert "<script" not in svg and "<style" not in svg


def test_multi_page_pdf_sheets_are_stacked(tmp_path):
    page = clip(make_pdf(tmp_path / "p.pdf", pages=2), describe=False)
    sc = draw.scene(page, {1: (420, 600), 2: (420, 600)})
    assert [s.top for s in sc.sheets] == [0.0, 600 + draw.GAP]
    only = draw.scene(page, {2: (420, 600)}, only=2)
    assert len(only.sheets) == 1 and all(page.blocks[o.block].page == 2 for o in only.outlines)


def test_joins_are_arrows_and_unassigned_blocks_grey():
    blocks = (Block(0, "人民日报", 1, Box(10, 10, 100, 20), 10),
              Block(1, "标题", 1, Box(10, 30, 100, 50), 20),
              Block(2, "正文的前一半，", 1, Box(10, 60, 50, 200), 10),
              Block(3, "正文的后一半。", 1, Box(60, 60, 100, 200), 10))
    from jianbao.model import Article, Element, Role

    page = Page("x", blocks, roles=(Role.FURNITURE, Role.HEADLINE, Role.PARAGRAPH, Role.PARAGRAPH),
                articles=(Article("a1", (Element(Role.HEADLINE, (1,)), Element(Role.PARAGRAPH, (2, 3)))),),
                unassigned=(Element(Role.FURNITURE, (0,)),))
    sc = draw.scene(page)
    assert len(sc.arrows) == 1 and sc.arrows[0][0] == (30.0, 200.0)
    grey = [o for o in sc.outlines if o.block == 0][0]
    assert grey.colour == draw.UNASSIGNED and grey.label is None
    assert [o.label for o in sc.outlines if o.block] == ["1.1", "1.2", "1.3"]
    svg = draw.svg(page)
    assert 'class="join"' in svg and "<polygon" in svg
    png = draw.png(page, {}, {1: (120.0, 220.0)}, width_px=240)
    assert Image.open(io.BytesIO(png)).size == (240, 441)


def test_text_dump_is_a_listing(tmp_path):
    dump = tmp_path / "page.txt"
    dump.write_text(f"人民日报\n\n衡阳公安驻滇打击跨境犯罪\n\n{BODY[:30]}\n\n{BODY[30:]}\n", encoding="utf-8")
    for suffix in ("png", "svg"):
        out = tmp_path / f"page.{suffix}"
        r = runner.invoke(app, ["show", str(dump), "-o", str(out)])
        assert r.exit_code == 0, r.output
    assert Image.open(tmp_path / "page.png").height >= 4 * 20
    assert (tmp_path / "page.svg").read_text(encoding="utf-8").count("data-block=") == 4


def test_scan_background_is_the_image(tmp_path, monkeypatch):
    """A scan's blocks are in pixels and its picture is drawn on the image itself (OCR stubbed)."""
    from jianbao.read import image as reader
    from jianbao.read.pdf import Line

    scan = tmp_path / "scan.png"
    Image.new("RGB", (300, 400), "white").save(scan)
    monkeypatch.setattr(reader, "ocr_lines", lambda img, scale=1.0: [
        Line("衡阳公安驻滇打击跨境犯罪", Box(20, 20, 280, 50), 30, False),
        Line(BODY[:18], Box(20, 70, 200, 85), 15, False)])
    out = tmp_path / "scan.svg"
    r = runner.invoke(app, ["show", str(scan), "-o", str(out)])
    assert r.exit_code == 0, r.output
    svg = out.read_text(encoding="utf-8")
    assert 'viewBox="0.0 0.0 300.0 400.0"' in svg and "<image " in svg


def test_bad_output_suffix_exits_2(tmp_path):
    r = runner.invoke(app, ["show", str(make_pdf(tmp_path / "p.pdf")), "-o", str(tmp_path / "p.gif")])
    assert r.exit_code == 2 and ".png or .svg" in r.output


def test_web_picture_keeps_its_api(tmp_path):
    page = clip(make_pdf(tmp_path / "p.pdf"), describe=False)
    svg = picture.page_svg(page, focus="a1", link="#b{block}")
    assert svg is not None and 'class="page-picture"' in svg and 'href="#b0"' in svg
    assert picture.page_svg(clip("标题\n\n正文。", describe=False)) is None
    rows = picture.listing(page)
    assert len(rows) == len(page.blocks) and picture.PALETTE and picture.marks(page)


@pytest.mark.parametrize("name", ["show-pdf.png", "show-scan.png"])
def test_docs_pictures_exist(name):
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / "img" / name
    if not path.exists():
        pytest.skip("docs pictures not generated in this tree")
    assert Image.open(path).format == "PNG"
