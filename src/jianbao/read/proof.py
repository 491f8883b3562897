"""Proofread OCR: where the recogniser was unsure of a character, the language model decides.

rapidocr's recogniser gives, for each frame of a text line, a probability for every character it knows;
its decoder keeps the most likely one.  Where that most likely character was not sure (``DOUBT``), or is
one of a pair that look alike in print (``一``/``—``), :class:`Decoder` keeps the runners-up as well: a
:class:`Doubt`.  Once lines are stacked into column blocks, :func:`proofread` weighs each doubtful
character's options by the recogniser's probability and by the character language model
(:mod:`jianbao.lm.model`) over the characters around it, across line ends, and keeps the best reading.
A proofreader only swaps one character for another: a line keeps its length, and every character of the
output is one the recogniser offered for that place (a look-alike's partner is offered at
``LOOKALIKE_FLOOR`` at least, however unlikely the recogniser found it; a space is never offered).
Ellipses are the one exception, set right by typography (:func:`settle_ellipses`): the newspaper prints
an ellipsis as two ``…`` (all 1,074 on the dev split's pages, none split by a line end), which the
recogniser reads as one ``…`` or as a run of dots.  Dashes at a block's ends, where the model sees one
side only, are settled by typography too (:func:`settle_dashes`), and so is 〇 read as O or 0 among
Chinese numerals (:func:`settle_zeros`).

``scripts/tune_proof.py`` measures these settings on scans of ten dev pages (not those ``bench-scan``
reports on): the shipped ``DOUBT``/``WEIGHT`` are at the lowest CER of its grid (590 errors against 635
unproofread; 0.9/2.0 ties), so they were kept as the first session set them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jianbao.lm.model import ORDER, CharLM, default_lm

#: a character read with less than this probability is in doubt
DOUBT = 0.9
#: a runner-up less likely than this is no option
FLOOR = 0.02
#: how much the recogniser's log probability counts against the language model's
WEIGHT = 3.0
#: options kept for a doubtful character, its reading included
OPTIONS = 4
#: doubts closer than the model's order are settled together, at most this many at once
CLUSTER = 4
#: characters that look alike in print: each is offered for the other, at least this likely
LOOKALIKE = {"一": "—", "—": "一"}
LOOKALIKE_FLOOR = 0.02
#: quotes and dots are left as read: which of a pair of quotes is meant is a matter of nesting, and dots
#: are ellipses (settled by typography) or decimal points, which a character model cannot tell apart
AS_READ = frozenset("‘’“”\"'.…·")


@dataclass(frozen=True)
class Doubt:
    """A character read in doubt: where it is in its line and the options, the reading first."""

    at: int
    options: tuple[tuple[str, float], ...]

    def moved(self, by: int) -> Doubt:
        return Doubt(self.at + by, self.options)


class Reading(str):
    """A line's text as the recogniser read it, with its doubts."""

    doubts: tuple[Doubt, ...] = ()

    @classmethod
    def of(cls, text: str, doubts: Sequence[Doubt]) -> Reading:
        out = cls(text)
        out.doubts = tuple(doubts)
        return out


class Decoder:
    """Greedy CTC decoding, as rapidocr's own decoder does (the same text and score), that keeps the
    doubts: it stands in for ``TextRecognizer.postprocess_op``."""

    def __init__(self, characters: Sequence[str]) -> None:
        self.character = list(characters)
        self._ids = {ch: i for i, ch in enumerate(self.character)}
        self._as_read = np.zeros(len(self.character), dtype=bool)
        for ch in (*AS_READ, " "):  # nor is a space (the recogniser's last class) offered: it reads as a gap
            if ch in self._ids:
                self._as_read[self._ids[ch]] = True
        self._as_read[0] = True  # blank

    def __call__(self, preds: np.ndarray, return_word_box: bool = False,
                 **kwargs: object) -> list[tuple[str, float]]:
        if return_word_box:
            raise ValueError("the proofreading decoder does not give word boxes")
        idx = preds.argmax(axis=2)
        top = preds.max(axis=2)
        return [self._line(preds[b], idx[b], top[b]) for b in range(len(preds))]

    def _line(self, probs: np.ndarray, ids: np.ndarray, top: np.ndarray) -> tuple[str, float]:
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        ends = np.r_[starts[1:], len(ids)]
        chars, confs, doubts = [], [], []
        for s, e in zip(starts.tolist(), ends.tolist()):
            c = int(ids[s])
            if c == 0:
                continue
            ch = self.character[c]
            confs.append(float(top[s]))
            p = float(top[s:e].max())
            if (p < DOUBT and not self._as_read[c]) or ch in LOOKALIKE:
                options = self._options(probs[s:e], c, p)
                if len(options) > 1:
                    doubts.append(Doubt(len(chars), options))
            chars.append(ch)
        text = "".join(chars)
        return Reading.of(text, doubts), float(np.mean(confs)) if confs else 0.0

    def _options(self, frames: np.ndarray, c: int, p: float) -> tuple[tuple[str, float], ...]:
        best = frames.max(axis=0)
        best[c] = 0.0
        best[self._as_read] = 0.0
        ch = self.character[c]
        look = self._ids.get(LOOKALIKE.get(ch, ""))
        if look is not None:
            best[look] = max(best[look], LOOKALIKE_FLOOR)
        k = OPTIONS - 1
        runners = np.argpartition(-best, k)[:k]
        runners = runners[np.argsort(-best[runners])]
        return ((ch, p), *((self.character[int(r)], float(best[r])) for r in runners if best[r] >= FLOOR))


def proofread(texts: Sequence[str], lm: CharLM | None = None) -> list[str]:
    """The lines of one column block, in order, each with its doubtful characters settled (a text that
    is not a :class:`Reading` has none).  The language model reads across line ends; a character with
    fewer than two characters after it in the block is left as read (its right-hand context is unknown)."""
    doubts: list[Doubt] = []
    at = 0
    for text in texts:
        doubts.extend(d.moved(at) for d in getattr(text, "doubts", ()))
        at += len(text)
    if not doubts:
        return [str(t) for t in texts]
    whole = "".join(texts)
    doubts = [d for d in doubts if d.at < len(whole) - 2]
    fixed = list(whole)
    for group in _groups(doubts):
        for d, (ch, _) in zip(group, _settle(whole, group, lm or default_lm())):
            fixed[d.at] = ch
    out, at = [], 0
    for text in texts:
        out.append("".join(fixed[at:at + len(text)]))
        at += len(text)
    return out


def _groups(doubts: list[Doubt]) -> list[list[Doubt]]:
    """Doubts near enough to share a language-model window, at most :data:`CLUSTER` a group."""
    groups: list[list[Doubt]] = []
    for d in doubts:
        if groups and d.at - groups[-1][-1].at < ORDER and len(groups[-1]) < CLUSTER:
            groups[-1].append(d)
        else:
            groups.append([d])
    return groups


def _settle(text: str, group: list[Doubt], lm: CharLM) -> tuple[tuple[str, float], ...]:
    """The best of every combination of the group's options: recogniser (weighted) plus language model
    over each character whose history holds one of the group."""
    combos = list(itertools.product(*(d.options for d in group)))
    lo, hi = group[0].at, min(len(text), group[-1].at + ORDER)
    start = max(0, lo - (ORDER - 1))
    base = lm.lookup(text[start:hi])
    width = ORDER - 1
    hists, nexts = [], []
    for combo in combos:
        ids = base.copy()
        for d, (ch, _) in zip(group, combo):
            ids[d.at - start] = lm.lookup(ch)[0]
        for j in range(lo - start, hi - start):
            hist = ids[max(0, j - width):j]
            hists.append(np.concatenate([np.full(width - len(hist), -1), hist]))
            nexts.append(ids[j])
    lp = lm.logprob_array(np.array(hists, dtype=np.int64), np.array(nexts, dtype=np.int64))
    lm_scores = lp.reshape(len(combos), hi - lo).sum(axis=1)
    ocr = np.array([sum(np.log(max(p, 1e-6)) for _, p in combo) for combo in combos])
    return combos[int(np.argmax(WEIGHT * ocr + lm_scores))]


def joined(first: str, second: str) -> str:
    """Two pieces of one line read apart, as one text, with the doubts of both."""
    return Reading.of(first + second, [*getattr(first, "doubts", ()),
                                       *(d.moved(len(first)) for d in getattr(second, "doubts", ()))])


def stripped(text: str) -> str:
    """``text.strip()``, keeping the doubts of what is left."""
    out = text.strip()
    lead = len(text) - len(text.lstrip())
    return Reading.of(out, [d.moved(-lead) for d in getattr(text, "doubts", ()) if 0 <= d.at - lead < len(out)])


_MIXED_DASH = re.compile(r"(?<![一—])(?:—一|一—)(?![一—])")


#: what the recogniser reads the two halves of a dash as
STROKES = "一—－-‐"


def _stroke_pair(text: str) -> bool:
    return len(text) == 2 and all(ch in STROKES for ch in text)


def settle_dashes(texts: Sequence[str]) -> list[str]:
    """A Chinese dash is two ``—``, which the recogniser often reads as ``一`` (they look alike in print).
    Where the language model cannot tell — at either end of a column block, where it sees one side of
    the pair only — a block that starts or ends with ``一一`` has a dash there (the word 一一, "one by
    one", stands before a verb, never at a block's end or start) — as it has with any two strokes there
    (``一-``, ``-一``: a hyphen's short stroke is read for half a dash); and a pair of one ``—`` and one
    ``一`` alone is a dash anywhere.  Each line keeps its length."""
    whole = _MIXED_DASH.sub("——", "".join(texts))
    if _stroke_pair(whole[:2]) and whole[2:3] not in STROKES:
        whole = "——" + whole[2:]
    if _stroke_pair(whole[-2:]) and whole[-3:-2] not in STROKES:
        whole = whole[:-2] + "——"
    out, at = [], 0
    for text in texts:
        out.append(whole[at:at + len(text)])
        at += len(text)
    return out


_NUMERAL_RUN = re.compile(r"[〇一二三四五六七八九Oo0]{3,}")


def settle_zeros(text: str) -> str:
    """A year or number written in Chinese numerals (二〇二〇) holds 〇, which the recogniser reads as the
    letter O or the digit 0: in a run of three or more numerals with two Chinese ones at least, they
    are 〇.  One character for one: a line keeps its length."""
    def fix(m: re.Match[str]) -> str:
        run = m.group()
        if sum(ch in "〇一二三四五六七八九" for ch in run) < 2:
            return run
        return run.translate(str.maketrans("Oo0", "〇〇〇"))
    return _NUMERAL_RUN.sub(fix, text)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WFA" and ch not in "\"'"


def settle_quotes(text: str) -> str:
    """A full-width quote inks one half of its em, which the recogniser may read as the ASCII ``"`` —
    on the dev pages' scans always a closing ``”`` at a line's end, after ``。`` or ``……``.  A ``"`` that
    ends a line after a wide character is ``”``, one that opens a line before a wide character ``“``
    (Chinese text quotes with these; a run of Latin keeps its own).  One character for one."""
    if len(text) >= 2 and text[-1] == '"' and _wide(text[-2]):
        text = text[:-1] + "”"
    if len(text) >= 2 and text[0] == '"' and _wide(text[1]):
        text = "“" + text[1:]
    return text


_ELLIPSIS = re.compile(r"[.…·]*…[.…·]*|[.·]{3,}")


def settle_ellipses(text: str) -> str:
    """A Chinese ellipsis is two ``…``; the recogniser reads it as one, or as a run of dots.  A run of
    dots and ellipsis marks holding a ``…``, or three dots or more, is made ``……``."""
    return _ELLIPSIS.sub("……", text)
