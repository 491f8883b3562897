"""Is a short block a display line (kicker, headline, deck, section heading) or a piece of prose?

A logistic regression over hashed features of the text's edges, characters, punctuation and length,
trained on the corpus's train split: title lines and section headings against the pieces a column break
cuts paragraphs into (openings, endings, whole short paragraphs).  Rebuilt by ``scripts/build_lm.py``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jianbao.charset import nfkc
from jianbao.lm.hashing import feature_rows as hashed_rows
from jianbao.lm.model import _packaged, fold

DIM = 1 << 18
_DATELINE = re.compile(r"(电|讯)\s*[（(]?\s*(记者|通讯员)|^(本报|新华社|中新社)[\u4e00-\u9fff]{0,8}[0-9]+月[0-9]+日")
_PUNCT = "，、：；。！？“”《》（）—…·"
_PAUSES = "，、；。"  # (counted together: ``NP:``)


def _bucket(n: int, edges: tuple[int, ...]) -> int:
    for i, e in enumerate(edges):
        if n <= e:
            return i
    return len(edges)


def features(text: str) -> list[str]:
    t = folded(text)
    if not t:
        return ["EMPTY"]
    out = [f"B:{t[0]}", f"B2:{t[:2]}", f"E:{t[-1]}", f"E2:{t[-2:]}", f"L:{_bucket(len(t), (3, 5, 7, 9, 12, 15, 19, 24, 30, 40))}"]
    out += [f"U:{c}" for c in sorted(set(t))]  # sorted: the float sum must not follow hash order
    out += [f"G:{t[k:k + 2]}" for k in range(len(t) - 1)]
    for p in _PUNCT:
        n = t.count(p)
        if n:
            out.append(f"P:{p}:{min(n, 3)}")
    out.append(f"NP:{min(sum(t.count(p) for p in _PAUSES), 4)}")
    if _DATELINE.search(t):
        out.append("DATELINE")
    return out


def hashed(feats: list[str]) -> np.ndarray:
    return np.array([zlib.crc32(f.encode("utf-8")) for f in feats], dtype=np.int64) % DIM


def folded(text: str) -> str:
    """The text the features are read from: spaces out, folded (:func:`~jianbao.lm.model.fold`)."""
    return fold(text.replace(" ", "").replace("\u3000", ""))


def feature_rows(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The hashed features of many lines, every line's ``hashed(features(text))`` in the same order, joined,
    and where each line's start (one past the last's at the end): each line made normal here (NFKC, spaces
    out), then folded and its features' CRCs taken in C as their bytes are read, none spelled out
    (``hashing.pyx``)."""
    bare = [text.replace(" ", "").replace("\u3000", "") for text in texts]
    # (NFKC of every line in one call, a NUL between two — a character NFKC keeps and makes of nothing else,
    # that nothing composes or reorders with — by charset.nfkc: a table swaps what NFKC swaps one for one,
    # NFKC itself only where a character needs it; NFKC a line at a time cost ~7,000 instructions a line,
    # full-width punctuation in most.  A line holding a NUL itself is made normal on its own)
    normal = nfkc(_SEPARATOR.join(bare)).split(_SEPARATOR)
    if len(normal) != len(bare):
        normal = [unicodedata.normalize("NFKC", text) for text in bare]
    return hashed_rows(normal, _PUNCT, _PAUSES, _DATELINE.search, DIM)


#: what :func:`feature_rows` sets between two lines to make them normal at once
_SEPARATOR = "\x00"


@functools.lru_cache(maxsize=1024)
def feature_indices(text: str) -> np.ndarray:
    """The hashed features of a line, ``hashed(features(text))`` (:func:`feature_rows` of the line alone;
    kept for a while: :meth:`TitleModel.logit` asks about a line once for each classifier)."""
    return feature_rows([text])[0]


@dataclass(frozen=True)
class TitleModel:
    weights: np.ndarray  # float32 [DIM]
    bias: float

    def logit(self, text: str) -> float:
        """log-odds that the text is a display line rather than a piece of prose."""
        return float(self.weights[feature_indices(text)].sum() + self.bias)

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float16), bias=np.float64(self.bias))

    @classmethod
    def load(cls, path: Path | None = None) -> "TitleModel":
        with np.load(path or _packaged("titles.npz")) as z:
            return cls(weights=z["weights"].astype(np.float32), bias=float(z["bias"]))


@functools.lru_cache(maxsize=1)
def title_model() -> TitleModel:
    """Display line (1) vs a piece of prose (0)."""
    return TitleModel.load()


@functools.lru_cache(maxsize=1)
def heading_model() -> TitleModel:
    """Section heading inside an article (1) vs an article's title line (0)."""
    return TitleModel.load(_packaged("headings.npz"))
