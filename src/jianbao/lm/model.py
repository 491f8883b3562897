"""A character n-gram language model of newspaper prose, for judging text across a break.

Keys are n-grams of up to :data:`ORDER` characters packed into one ``uint64`` (13 bits a character,
the order in the top byte), stored sorted beside their counts and looked up through a hash table
(``counts.pyx``), a whole page's questions at once.  Scores use stupid back-off (Brants et al. 2007):
good enough to rank a join against a paragraph break, and cheap.

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

from jianbao.charset import NFKC_ITSELF, expansions, needs_nfkc, needs_nfkc_table, swapped, swaps
from jianbao.errors import ConfigError
from jianbao.lm.counts import CountTable, edge_ids

ORDER = 4
BITS = 13
PAD, UNK, BOS, EOS = 0, 1, 2, 3
BACKOFF = np.log(0.4)
FLOOR = -16.0

_FOLD = str.maketrans({**{str(d): "0" for d in range(10)},
                       **{c: "a" for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}})


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def normal(text: str) -> str:
    """Text ready for :meth:`CharLM.lookup`, which folds as :func:`fold` does, one character for one
    (full-width forms, digits, Latin letters): NFKC only where the text holds a character it does
    more to (rare in newspaper text, and NFKC costs ten times the check)."""
    return unicodedata.normalize("NFKC", text) if needs_nfkc().search(text) else text


def normals(texts: Sequence[str]) -> list[str]:
    """:func:`normal` of each text, made so by what its characters need (``needs_nfkc_table``): where all NFKC
    does to them is swap characters and expand some (… → ...), a table swaps them and ``str.replace``
    expands them (NFKC itself costs some ten times as much).  The characters are found by ``needs_nfkc``'s
    search of each text (its callers ask of one text at a time, where numpy's calls would cost more than
    the search)."""
    table = needs_nfkc_table()
    last = len(table) - 1
    out = list(texts)
    for i, text in enumerate(texts):
        found = set(needs_nfkc().findall(text))
        if not found:
            continue
        if any(table[min(ord(ch), last)] == NFKC_ITSELF for ch in found):
            out[i] = unicodedata.normalize("NFKC", text)
        else:
            out[i] = swapped(text, found)
    return out


@dataclass(frozen=True)
class CharLM:
    vocab: dict[str, int]
    keys: np.ndarray  # uint64, sorted
    counts: np.ndarray  # uint32
    total: int

    # -- lookups -----------------------------------------------------------------------------
    def lookup(self, text: str) -> np.ndarray:
        """The character ids (``UNK`` for characters the model never saw) of ``text`` made :func:`normal`
        (many texts made normal one by one, then looked up at once), folded as :func:`fold` folds."""
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        return self._table.take(np.minimum(codes, len(self._table) - 1))  # (take: no cast of the codes to intp)

    @functools.cached_property
    def _table(self) -> np.ndarray:
        """Character id by code point, through the Basic Multilingual Plane and up to the model's last
        character (one past it: ``UNK``): a character takes the id of what :func:`fold` makes of it
        where that is one character."""
        top = max([*map(ord, self.vocab), 0xFFFF])
        table = np.full(top + 2, UNK, dtype=np.int64)
        for ch, i in self.vocab.items():
            table[ord(ch)] = i
        for cp, to in _FOLD.items():  # ASCII digits and letters
            table[cp] = self.vocab.get(to, UNK)
        for cp, to in swaps().items():  # what NFKC swaps for one other character (the rest is itself)
            folded = to.translate(_FOLD)
            table[cp] = self.vocab.get(folded, UNK)
        return table

    @functools.cached_property
    def _expanded(self) -> dict[str, tuple[int, ...]]:
        """The ids of what NFKC expands a character into (… → ..., ㈠ → (一)), by the character: what
        :meth:`lookup` gives for the expansion, which stands for it in a text made :func:`normal`."""
        return {chr(cp): tuple(self.lookup(out).tolist()) for cp, out in expansions().items()}

    @functools.cached_property
    def _index(self) -> CountTable:
        """The counts by key in a hash table (``counts.pyx``), built once per process (~0.1 s)."""
        return CountTable(np.ascontiguousarray(self.keys, dtype=np.uint64),
                          np.ascontiguousarray(self.counts, dtype=np.uint32))

    def _count(self, keys: np.ndarray) -> np.ndarray:
        """The counts of many packed keys (0: unseen)."""
        return self._index.count(np.ascontiguousarray(keys, dtype=np.uint64))

    def bigram_idf(self, bigrams: np.ndarray) -> np.ndarray:
        """log((total + 1) / (count + 1)) of packed bigrams (``(first << BITS) | second``, uint64): their
        rarity in newspaper prose, read by count from :attr:`_idf_by_count`."""
        counts = self._count((np.uint64(2) << np.uint64(56)) | bigrams)
        return self._idf_by_count.take(counts.astype(np.intp))

    @functools.cached_property
    def _idf_by_count(self) -> np.ndarray:
        """log((total + 1) / (count + 1)) for every count a bigram can have, 0 up to the highest (a page's
        ~4,600 bigrams read theirs here instead of each taking a logarithm): the same division and
        logarithm, worked out once a model."""
        bigram = (self.keys >> np.uint64(56)) == 2
        top = int(self.counts[bigram].max()) if bigram.any() else 0
        return np.log((self.total + 1.0) / (np.arange(top + 1, dtype=np.float64) + 1.0))

    def logprob_array(self, hist: np.ndarray, nexts: np.ndarray) -> np.ndarray:
        """log S(next | history) for many pairs at once (stupid back-off), with histories right-aligned
        in an ``[n, ORDER-1]`` array, -1 = none: the highest order seen wins, less the back-offs passed
        (the walk through the orders is compiled; the logarithm is numpy's)."""
        return _logprob(*self._index.backoff(np.ascontiguousarray(hist, dtype=np.int64),
                                             np.ascontiguousarray(nexts, dtype=np.int64),
                                             ORDER, BITS, float(self.total), float(BACKOFF)))

    # -- the questions the threader asks -----------------------------------------------------------
    def edges(self, texts: Sequence[str], span: int = 3) -> tuple[np.ndarray, np.ndarray]:
        """Each text's last ``ORDER-1`` character ids (right-aligned) and first ``span`` ids (left-aligned),
        ``-1`` where the text is shorter: the pieces :meth:`pair_scores` works on."""
        return edge_ids(list(texts), self._table, needs_nfkc_table(), normals, self._expanded, ORDER - 1,
                        span)  # (counts.pyx)

    def pair_scores(self, tails: np.ndarray, heads: np.ndarray, tail_of: np.ndarray | None = None,
                    head_of: np.ndarray | None = None) -> np.ndarray:
        """log P(head characters | tail before them), summed, for row-aligned tails and heads — or for the
        pairs ``(tails[tail_of[p]], heads[head_of[p]])`` where those are given (a page's pairs share its
        blocks' edges) — (a tail may be just ``BOS``: the characters opening a fresh paragraph).  The
        questions are built and walked through the orders in C (``counts.pyx``), each distinct one once;
        each pair's sum is taken in the order of its characters."""
        if tail_of is None or head_of is None:
            tail_of = head_of = np.arange(len(tails), dtype=np.intp)
        ratio, penalty, which, row = self._index.pair_backoff(np.ascontiguousarray(tails, dtype=np.int64),
                                                              np.ascontiguousarray(heads, dtype=np.int64),
                                                              np.ascontiguousarray(tail_of, dtype=np.intp),
                                                              np.ascontiguousarray(head_of, dtype=np.intp),
                                                              ORDER, BITS, float(self.total), float(BACKOFF))
        return np.bincount(row, weights=_logprob(ratio, penalty)[which], minlength=len(tail_of))

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


def _logprob(ratio: np.ndarray, penalty: np.ndarray) -> np.ndarray:
    """The log probabilities the back-off walk's count ratios and penalties make (NaN ratio: no order
    seen, :data:`FLOOR`)."""
    seen = ~np.isnan(ratio)
    best = np.full(len(ratio), FLOOR)
    best[seen] = np.log(ratio[seen]) + penalty[seen]
    return best


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

