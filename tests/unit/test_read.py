import codecs
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianbao.errors import InputError
from jianbao.model import join_pieces
from jianbao.read.text import decode, page_from_text, read_text_page, split_blocks

PAGE = "人民日报\n\n推动产业转型升\n级，持续优化营商环境。\n  \n(王芳 李强)\n"


def test_blocks_split_at_blank_lines_with_whitespace():
    assert split_blocks(PAGE) == ["人民日报", "推动产业转型升\n级，持续优化营商环境。", "(王芳 李强)\n"]


def test_reflow_joins_cjk_without_space_and_latin_with_one():
    page = page_from_text("推动产业转型\n升级，GDP\ngrowth 达到\n5%。")
    assert page.blocks[0].text == "推动产业转型升级，GDP growth 达到5%。"


@given(st.lists(st.text(alphabet="a1 \n\t.，中文　ＡＢ", max_size=6), max_size=6))
def test_reflow_looks_at_the_last_character_only_as_the_rule_says(pieces):
    # the rule of docs/format.md as a pattern over the whole text joined so far (what join_pieces did before)
    cjk = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
    out = ""
    for piece in (p.strip() for p in pieces):
        if piece:
            latin_end, latin_start = re.search(rf"[^\s{cjk}]$", out), re.match(rf"^[^\s{cjk}]", piece)
            out += (" " if out and latin_end and latin_start else "") + piece
    assert join_pieces(pieces) == out


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_encodings_met_in_the_wild(tmp_path, codec):
    f = tmp_path / "p.txt"
    f.write_bytes(PAGE.replace("\n", "\r\n").encode(codec))
    page = read_text_page(f)
    assert [b.text for b in page.blocks] == ["人民日报", "推动产业转型升级，持续优化营商环境。", "(王芳 李强)"]


@pytest.mark.parametrize("data,why", [
    (b"", "empty"), (b"  \n\n \t", "empty"), (b"\x00\x01\x02abc", "binary"),
    (b"\xff\xfe\x00\xd8", "decode"), (bytes(range(0, 32)) * 20, "control"),
])
def test_bad_bytes_raise_input_error_naming_the_source(data, why):
    with pytest.raises(InputError) as err:
        decode(data, "page.txt")
    assert "page.txt" in str(err.value)


def test_directory_and_missing_path(tmp_path):
    with pytest.raises(InputError, match="directory"):
        read_text_page(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_text_page(tmp_path / "missing.txt")


def test_damaged_utf8_is_refused_not_read_as_gb18030():
    data = PAGE.encode("utf-8")
    with pytest.raises(InputError, match="cut short"):
        decode(data.rstrip()[:-2], "page.txt")  # the last character lost a byte
    damaged = data[:42] + b"\xff" + data[42:]  # after 13 characters of UTF-8
    with pytest.raises(InputError, match="invalid byte at offset 42"):
        decode(damaged, "page.txt")
    assert decode(PAGE.encode("gb18030"), "page.txt") == PAGE  # GB18030 itself still reads


def test_text_with_a_lone_surrogate_is_refused_by_name():
    # a str from a careless decode (errors="surrogateescape") is not valid Unicode: no stage could write it out
    with pytest.raises(InputError, match=r"page\.txt.*lone surrogate \(U\+DC80\) at character 3"):
        page_from_text("标题甲\udc80\n\n正文。", source="page.txt")
