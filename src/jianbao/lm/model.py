"""A character n-gram language model of newspaper prose, for judging text across a break.

Keys are n-grams of up to :data:`ORDER` characters packed into one ``uint64`` (13 bits a character,
the order in the top byte), kept sorted beside their counts, so a whole page's questions are answered by
one ``numpy.searchsorted``.  Scores use stupid back-off (Brants et al. 2007): good enough to rank a
join against a paragraph break, and cheap.

Two pseudo-characters mark paragraph edges: ``BOS`` (a paragraph starts) and ``EOS`` (it ends).
Text is folded before lookup: NFKC, digits → ``0``, Latin letters → ``a``.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from jianbao.errors import ConfigError

ORDER = 4
BITS = 13
PAD, UNK, BOS, EOS = 0, 1, 2, 3
BACKOFF = np.log(0.4)
FLOOR = -16.0

_FOLD = str.maketrans({**{str(d): "0" for d in range(10)},
                       **{c: "a" for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}})


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


@dataclass(frozen=True)
class CharLM:
    vocab: dict[str, int]
    keys: np.ndarray  # uint64, sorted
    counts: np.ndarray  # uint32
    total: int

    # -- lookups -----------------------------------------------------------------------------
    def ids(self, text: str) -> list[int]:
        get = self.vocab.get
        return [get(ch, UNK) for ch in fold(text)]

    def _count(self, keys: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(self.keys, keys)
        pos = np.minimum(pos, len(self.keys) - 1)
        found = self.keys[pos] == keys
        return np.where(found, self.counts[pos], 0).astype(np.float64)

    def logprob_array(self, hist: np.ndarray, nexts: np.ndarray) -> np.ndarray:
        """log S(next | history) for many pairs at once (stupid back-off), with histories right-aligned
        in an ``[n, ORDER-1]`` array, -1 = none."""
        n = len(nexts)
        best = np.full(n, np.nan)
        penalty = np.zeros(n)
        width = hist.shape[1]
        for order in range(ORDER, 0, -1):
            ctx_len = order - 1
            ctx = hist[:, width - ctx_len:] if ctx_len else hist[:, :0]
            usable = (ctx >= 0).all(axis=1)
            c = np.where(ctx >= 0, ctx, 0).astype(np.uint64)
            den = np.zeros(n, dtype=np.uint64)
            for k in range(ctx_len):
                den |= c[:, k] << np.uint64(BITS * (ctx_len - 1 - k))
            num = (den << np.uint64(BITS)) | nexts.astype(np.uint64)
            num |= np.uint64(order) << np.uint64(56)
            c_num = self._count(num)
            if ctx_len:
                den |= np.uint64(ctx_len) << np.uint64(56)
                c_den = self._count(den)
            else:
                c_den = np.full(n, float(self.total))
            ok = usable & (c_num > 0) & (c_den > 0) & np.isnan(best)
            best[ok] = np.log(c_num[ok] / c_den[ok]) + penalty[ok]
            penalty = penalty + np.where(usable, BACKOFF, 0.0)
        best[np.isnan(best)] = FLOOR
        return best

    # -- the questions the threader asks -----------------------------------------------------------
    def edges(self, texts: Sequence[str], span: int = 3) -> tuple[np.ndarray, np.ndarray]:
        """Each text's last ``ORDER-1`` character ids (right-aligned) and first ``span`` ids (left-aligned),
        ``-1`` where the text is shorter: the pieces :meth:`pair_scores` works on."""
        width = ORDER - 1
        tails = np.full((len(texts), width), -1, dtype=np.int64)
        heads = np.full((len(texts), span), -1, dtype=np.int64)
        for i, text in enumerate(texts):
            t = self.ids(text[-width:])[-width:]  # NFKC may expand a character (㈠ → (一))
            h = self.ids(text[:span])[:span]
            if t:
                tails[i, width - len(t):] = t
            heads[i, : len(h)] = h
        return tails, heads

    def pair_scores(self, tails: np.ndarray, heads: np.ndarray) -> np.ndarray:
        """log P(head characters | tail before them), summed, for row-aligned tails and heads
        (``tails`` may be just ``BOS``: the characters opening a fresh paragraph)."""
        width, span = tails.shape[1], heads.shape[1]
        seq = np.concatenate([tails, heads], axis=1)  # [P, width + span]
        out = np.zeros(len(seq))
        for t in range(span):
            nxt = seq[:, width + t]
            ok = nxt >= 0
            if not ok.any():
                continue
            hist = seq[:, t : width + t]
            lp = self.logprob_array(hist[ok], nxt[ok])
            out[ok] += lp
        return out

    # -- storage ------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        chars = "".join(sorted(self.vocab, key=self.vocab.get))
        np.savez_compressed(path, keys=self.keys, counts=self.counts, total=np.int64(self.total),
                            chars=np.array(chars))

    @classmethod
    def load(cls, path: Path | None = None) -> "CharLM":
        if path is None:
            path = _packaged("charlm.npz")
        with np.load(path) as z:
            chars = str(z["chars"])
            vocab = {ch: i + 4 for i, ch in enumerate(chars)}
            return cls(vocab=vocab, keys=z["keys"], counts=z["counts"], total=int(z["total"]))


def _packaged(name: str) -> Path:
    ref = resources.files("jianbao") / "data" / name
    if not ref.is_file():
        raise ConfigError(f"the language model {name} is missing from the package: "
                          "build it with `python scripts/build_lm.py`")
    return Path(str(ref))


@functools.lru_cache(maxsize=1)
def default_lm() -> CharLM:
    """The prose model shipped with the package, loaded once per process."""
    return CharLM.load()

