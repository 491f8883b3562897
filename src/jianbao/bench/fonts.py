"""The typefaces of the benchmark pages: Debian's CJK fonts, registered by path with reportlab.

- ``song`` AR PL SungtiL GB (gbsn00lp.ttf)   body text
- ``hei``  WenQuanYi Micro Hei               headlines, headings (and the fallback: it covers
                                             every character of the corpus)
- ``kai``  AR PL UKai CN                     bylines, captions, decks

A character a face lacks is drawn in ``hei``; :func:`runs` splits a line into such font runs and
:func:`width` measures text the way it will be drawn.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from jianbao.errors import ConfigError

FONT_FILES = {
    "song": (Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"), 0),
    "hei": (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
    "kai": (Path("/usr/share/fonts/truetype/arphic/ukai.ttc"), 0),
}
FALLBACK = "hei"
PDF_NAMES = {"song": "ARPLSungtiLGB", "hei": "WenQuanYiMicroHei", "kai": "ARPLUKaiCN"}


class Face:
    """One registered font: its PDF name, the characters it has, and advance widths per point."""

    def __init__(self, key: str) -> None:
        path, index = FONT_FILES[key]
        if not path.exists():
            raise ConfigError(f"font file {path} is missing: install the Debian package "
                              "fonts-arphic-gbsn00lp, fonts-wqy-microhei or fonts-arphic-ukai")
        self.key = key
        self.name = PDF_NAMES[key]
        font = TTFont(self.name, str(path), subfontIndex=index)
        pdfmetrics.registerFont(font)
        self.font = font
        self.chars = frozenset(font.face.charToGlyph)
        self._widths: dict[str, float] = {}

    def has(self, ch: str) -> bool:
        return ord(ch) in self.chars or ch.isspace()

    def advance(self, ch: str) -> float:
        """Advance width of one character at 1 pt."""
        w = self._widths.get(ch)
        if w is None:
            w = self._widths[ch] = self.font.stringWidth(ch, 1.0)
        return w


@lru_cache(maxsize=None)
def face(key: str) -> Face:
    return Face(key)


def runs(text: str, key: str) -> list[tuple[Face, str]]:
    """Split text into runs of one face: characters ``key`` lacks go to the fallback face."""
    main, spare = face(key), face(FALLBACK)
    out: list[tuple[Face, str]] = []
    for ch in text:
        f = main if main.has(ch) else spare
        if out and out[-1][0] is f:
            out[-1] = (f, out[-1][1] + ch)
        else:
            out.append((f, ch))
    return out


def char_width(ch: str, key: str, size: float) -> float:
    main = face(key)
    f = main if main.has(ch) else face(FALLBACK)
    return f.advance(ch) * size


def width(text: str, key: str, size: float) -> float:
    return sum(char_width(ch, key, size) for ch in text)
