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
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

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


def nfkc(text: str) -> str:
    """The first half of :func:`fold`; :meth:`CharLM.lookup` does the rest (digits, Latin letters) as it
    maps characters to ids, which costs nothing there while ``str.translate`` looks up every character."""
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class CharLM:
    vocab: dict[str, int]
    keys: np.ndarray  # uint64, sorted
    counts: np.ndarray  # uint32
    total: int

    # -- lookups -----------------------------------------------------------------------------
    def lookup(self, normal: str) -> np.ndarray:
        """The character ids (``UNK`` for characters the model never saw) of text already NFKC-normalised
        (:func:`nfkc`; many texts normalised one by one, then looked up at once), folded as :func:`fold`
        folds."""
        codes = np.frombuffer(normal.encode("utf-32-le"), dtype=np.uint32)
        return self._table[np.minimum(codes, len(self._table) - 1)]

    @functools.cached_property
    def _table(self) -> np.ndarray:
        """Character id by code point, up to the model's last character (one past it: ``UNK``); ASCII
        digits and letters take the id of what they fold to."""
        top = max([*map(ord, self.vocab), 0x7F])
        table = np.full(top + 2, UNK, dtype=np.int64)
        for ch, i in self.vocab.items():
            table[ord(ch)] = i
        for ch, to in _FOLD.items():
            table[ch] = self.vocab.get(to, UNK)
        return table

    def _count(self, keys: np.ndarray) -> np.ndarray:
        """The counts of many packed keys (0: unseen).  A page asks the same keys many times over and a
        search in sorted order walks the 2-million-key table once instead of jumping about it, so the
        keys are sorted, each distinct one looked up once, and the counts handed back in the asked order."""
        order = np.argsort(keys)
        ranked = keys[order]
        first = np.ones(len(keys), dtype=bool)
        first[1:] = ranked[1:] != ranked[:-1]
        distinct = ranked[first]
        pos = np.minimum(np.searchsorted(self.keys, distinct), len(self.keys) - 1)
        seen = np.where(self.keys[pos] == distinct, self.counts[pos], 0).astype(np.float64)
        out = np.empty(len(keys), dtype=np.float64)
        out[order] = seen[np.cumsum(first) - 1]
        return out

    def logprob_array(self, hist: np.ndarray, nexts: np.ndarray) -> np.ndarray:
        """log S(next | history) for many pairs at once (stupid back-off), with histories right-aligned
        in an ``[n, ORDER-1]`` array, -1 = none.  Every order's numerator and context keys are counted in
        one lookup."""
        n = len(nexts)
        width = hist.shape[1]
        nums, dens, usable = [], [], []
        for order in range(ORDER, 0, -1):
            ctx_len = order - 1
            ctx = hist[:, width - ctx_len:] if ctx_len else hist[:, :0]
            usable.append((ctx >= 0).all(axis=1))
            c = np.where(ctx >= 0, ctx, 0).astype(np.uint64)
            den = np.zeros(n, dtype=np.uint64)
            for k in range(ctx_len):
                den |= c[:, k] << np.uint64(BITS * (ctx_len - 1 - k))
            nums.append((den << np.uint64(BITS)) | nexts.astype(np.uint64) | (np.uint64(order) << np.uint64(56)))
            if ctx_len:
                dens.append(den | (np.uint64(ctx_len) << np.uint64(56)))
        counts = self._count(np.concatenate(nums + dens))
        best = np.full(n, np.nan)
        penalty = np.zeros(n)
        for o in range(ORDER):  # orders high to low: the first seen wins, with the back-offs passed
            c_num = counts[o * n:(o + 1) * n]
            c_den = counts[(ORDER + o) * n:(ORDER + o + 1) * n] if o < ORDER - 1 else np.full(n, float(self.total))
            ok = usable[o] & (c_num > 0) & (c_den > 0) & np.isnan(best)
            best[ok] = np.log(c_num[ok] / c_den[ok]) + penalty[ok]
            penalty = penalty + np.where(usable[o], BACKOFF, 0.0)
        best[np.isnan(best)] = FLOOR
        return best

    # -- the questions the threader asks -----------------------------------------------------------
    def edges(self, texts: Sequence[str], span: int = 3) -> tuple[np.ndarray, np.ndarray]:
        """Each text's last ``ORDER-1`` character ids (right-aligned) and first ``span`` ids (left-aligned),
        ``-1`` where the text is shorter: the pieces :meth:`pair_scores` works on."""
        width = ORDER - 1
        tails = np.full((len(texts), width), -1, dtype=np.int64)
        heads = np.full((len(texts), span), -1, dtype=np.int64)
        ends = [nfkc(text[-width:])[-width:] for text in texts]  # NFKC may expand a character (㈠ → (一))
        starts = [nfkc(text[:span])[:span] for text in texts]
        ids = iter(self.lookup("".join(ends + starts)).tolist())
        for i, end in enumerate(ends):
            for k in range(width - len(end), width):
                tails[i, k] = next(ids)
        for i, start in enumerate(starts):
            for k in range(len(start)):
                heads[i, k] = next(ids)
        return tails, heads

    def pair_scores(self, tails: np.ndarray, heads: np.ndarray) -> np.ndarray:
        """log P(head characters | tail before them), summed, for row-aligned tails and heads
        (``tails`` may be just ``BOS``: the characters opening a fresh paragraph)."""
        width, span = tails.shape[1], heads.shape[1]
        seq = np.concatenate([tails, heads], axis=1)  # [P, width + span]
        rows, hists, nexts = [], [], []
        for t in range(span):
            nxt = seq[:, width + t]
            ok = np.flatnonzero(nxt >= 0)
            rows.append(ok)
            hists.append(seq[ok, t : width + t])
            nexts.append(nxt[ok])
        out = np.zeros(len(seq))
        row = np.concatenate(rows)
        if not len(row):
            return out
        # many pairs ask the same question (one tail against many heads): each distinct one is asked once
        hist, nxt = np.concatenate(hists), np.concatenate(nexts)
        packed = np.zeros(len(nxt), dtype=np.uint64)
        for k in range(width):
            packed |= (hist[:, k] + 1).astype(np.uint64) << np.uint64(14 * (width - k))
        packed |= (nxt + 1).astype(np.uint64)
        distinct, back = np.unique(packed, return_inverse=True)
        cells = ((distinct[:, None] >> (np.uint64(14) * np.arange(width, -1, -1, dtype=np.uint64))) & np.uint64(0x3FFF))
        lp = self.logprob_array(cells[:, :width].astype(np.int64) - 1, cells[:, width].astype(np.int64) - 1)
        np.add.at(out, row, lp[back.ravel()])
        return out

    # -- storage ------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        chars = "".join(sorted(self.vocab, key=self.vocab.get))
        np.savez_compressed(path, keys=self.keys, counts=self.counts, total=np.int64(self.total),
                            chars=np.array(chars))

    @classmethod
    def load(cls, path: Path | None = None) -> CharLM:
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

