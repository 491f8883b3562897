"""Bad page files: each is refused with an InputError naming the reason, and the CLI exits with 2;
a multi-page PDF with one damaged page still yields the other pages."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from jianbao.cli import app
from jianbao.errors import InputError
from jianbao.read import read_page

runner = CliRunner()
TEXT = "第{n}页：推动产业转型升级，持续优化营商环境，这一段文字足够长，算作文字层。"


def pdf_bytes(pages: int = 3) -> bytes:
    doc = pymupdf.open()
    for n in range(1, pages + 1):
        page = doc.new_page()
        page.insert_text((72, 72), TEXT.format(n=n), fontname="china-s", fontsize=11)
    return doc.tobytes()


def encrypted(path: Path) -> Path:
    doc = pymupdf.open(stream=pdf_bytes(1), filetype="pdf")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="reader")
    return path


def truncated(path: Path) -> Path:
    """Cut in the middle: MuPDF cannot open what is left."""
    data = pdf_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def truncated_at_tail(path: Path) -> Path:
    """Cut just before the end: MuPDF repairs it and would read most of it."""
    data = pdf_bytes()
    path.write_bytes(data[:-30])
    return path


def not_a_pdf(path: Path) -> Path:
    path.write_bytes(b"<html><body>not a pdf</body></html>\n")
    return path


def zero_pages(path: Path) -> Path:
    """PyMuPDF refuses to save a document without pages, so this one is written by hand."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def absurd_image(path: Path) -> Path:
    """A PNG whose header claims 200,000 × 200,000 pixels (the pixels are never there)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 200_000, 200_000, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16))
                     + chunk(b"IEND", b""))
    return path


CASES = [
    ("encrypted.pdf", encrypted, "encrypted"),
    ("truncated.pdf", truncated, "truncated"),
    ("tail.pdf", truncated_at_tail, "truncated"),
    ("page.pdf", not_a_pdf, "not a PDF"),
    ("empty.pdf", zero_pages, "no pages"),
    ("huge.png", absurd_image, "too large"),
]


@pytest.mark.parametrize("name,make,reason", CASES, ids=[c[0] for c in CASES])
def test_bad_file_raises_input_error_with_reason(tmp_path, name, make, reason):
    path = make(tmp_path / name)
    with pytest.raises(InputError) as err:
        read_page(path)
    assert reason in err.value.reason
    assert name in str(err.value)


@pytest.mark.parametrize("name,make,reason", CASES, ids=[c[0] for c in CASES])
def test_bad_file_exits_2_via_the_cli(tmp_path, name, make, reason):
    path = make(tmp_path / name)
    r = runner.invoke(app, ["clip", str(path), "--no-describe"])
    assert r.exit_code == 2
    assert "jianbao: error:" in r.output and reason in r.output


def test_zero_page_pdf_is_valid_for_mupdf(tmp_path):
    """The hand-written file is a well-formed PDF, so the refusal is about its pages, not its syntax."""
    with pymupdf.open(zero_pages(tmp_path / "empty.pdf")) as doc:
        assert doc.page_count == 0 and not doc.is_repaired


def test_one_damaged_page_does_not_sink_the_others(tmp_path):
    doc = pymupdf.open(stream=pdf_bytes(3), filetype="pdf")
    doc.xref_set_key(doc[1].xref, "Contents", "999 0 R")  # page 2's content stream is gone
    path = tmp_path / "issue.pdf"
    doc.save(path)
    page = read_page(path)
    assert {b.page for b in page.blocks} == {1, 3}
    assert any(b.text.startswith("第1页") for b in page.blocks)
    assert any(b.text.startswith("第3页") for b in page.blocks)
    assert any(note.startswith("page 2: skipped: damaged") for note in page.notes)


def test_damaged_page_is_reported_in_the_output(tmp_path):
    doc = pymupdf.open(stream=pdf_bytes(2), filetype="pdf")
    doc.xref_set_key(doc[0].xref, "Contents", "999 0 R")
    path = tmp_path / "issue.pdf"
    doc.save(path)
    r = runner.invoke(app, ["clip", str(path), "--no-describe"])
    assert r.exit_code == 0
    assert "page 1: skipped: damaged" in r.stdout and "第2页" in r.stdout
