"""Which open story does a block resume?

pdftotext reads a page across its columns, so a story's next block often comes after blocks of one, two or
three other stories; PyMuPDF reads story by story and the gold never goes back.  The threader's hand-set
recency charge (``Weights.recency``, ``dangling_far``) treats every going back alike.  This model weighs it
from what the beam knows when it places a block: how many articles and blocks back the story was last
touched, whether its tail is left mid-sentence and how surely it goes on, the language model's run-on score
into the block, the block's topical cosine with the story and with the others, whether the story has only
its title lines yet, the block's reading, length and opening.

Gradient-boosted trees (:class:`~jianbao.stages.starts.TreeModel`) trained on the benchmark's gold pages of
the corpus's *train* split, every dump shape, by ``scripts/build_resumes.py``, shipped as
``data/resumes.json``: each row a block some earlier block's gold story goes on in and one of the stories
open then (the gold's own, by recency, up to the threader's horizon), labelled 1 for the block's own story.
The beam (``beam.pyx``) walks the same trees on the same features, computed there for every hypothesis's
open articles; where an article's log-odds are above the latest article's, the difference (times
``Weights.resume``) is credited to a move that goes back to it, in a text dump (the rows are dumps').  The
hand recency charge stays: the model only lifts a going back it finds likelier than staying.  A title line,
which the rows never hold, is left to the hand scores.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from jianbao.model import TITLE_ROLES, Role
from jianbao.stages.starts import TreeModel, load_trees

if TYPE_CHECKING:
    from jianbao.stages.evidence import Evidence

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "resumes.json"

#: the features, in the model's order (``beam.pyx`` fills a row in this order)
FEATURES = (
    "rank",  # articles touched since the story was (0: the latest)
    "back",  # blocks since its last block
    "dangling",  # its last paragraph is left mid-sentence
    "open",  # its last element may run on
    "titles_only",  # it has only its title lines yet
    "display",  # its last element is a title line or heading
    "run_on",  # the run-on's score (the language model's, or the turnover model's), NaN: no run-on
    "goes_on",  # how surely its dangling tail goes on (evidence.goes_on), NaN: not dangling
    "cosine",  # the block's topical cosine with the story
    "below_best",  # the best cosine among the open stories less this one
    "over_latest",  # this cosine less the latest story's
    "closer",  # how many open stories have a higher cosine
    "stories",  # open stories
    "paragraph",  # the block is read as a paragraph
    "heading",  # … as a section heading
    "midway",  # it opens mid-sentence
    "opener",  # it opens a news story (a dateline)
    "comes_on",  # how surely its opening goes on from something (evidence.comes_on)
    "length",  # log(1 + its characters)
    "tail_length",  # log(1 + the characters of the story's last block)
    "head_shape",  # its first line: +1 flush, −1 indented (wrapped dumps)
    "tail_shape",  # the story's last line: +1 full, −1 short
    "closed",  # the story's last block ends a sentence
    "may_run_on",  # a run-on into the block is a move at all
    "read_across",  # the page's: of its paragraphs left mid-sentence, the share whose best run-on is not the next
    # block (:func:`read_across`; a dump read across the columns goes back more often)
)

GOLD_TITLES = ("kicker", "headline", "subheadline")


@functools.lru_cache(maxsize=1)
def resume_model() -> TreeModel | None:
    """The shipped model, or None before it has been built (the hand scores alone)."""
    return load_trees(MODEL_FILE, FEATURES, "build_resumes.py")


def read_across(ev: "Evidence") -> float:
    """Of the page's paragraphs left mid-sentence with a run-on after them, the share whose best run-on (by
    the language model) is not into the next block; NaN where none has one."""
    n = len(ev.kinds)
    paragraph = Role.PARAGRAPH  # (read once, not a block: ``Role.X`` costs EnumType's attribute hook)
    closed = ev.closed.tolist()  # (a list's item costs less than a numpy scalar made of an array's)
    at = np.array([i for i in range(n - 1) if ev.kinds[i] is paragraph and not closed[i]], dtype=np.intp)
    if not len(at):
        return math.nan
    later = ev.join[at]
    later = np.where(np.arange(n)[None, :] > at[:, None], later, -math.inf)
    has = np.isfinite(later.max(axis=1))
    if not has.any():
        return math.nan
    return float((later[has].argmax(axis=1) != at[has] + 1).mean())


def _ending(ev: "Evidence", b: int) -> tuple[bool, bool]:
    """(open, dangling) of a story whose last block is ``b``, read as the roles stage reads it (as
    ``beam.Decoder._ending``)."""
    kind = ev.kinds[b]
    if kind in TITLE_ROLES or kind is Role.HEADING:
        return bool(not ev.closed[b] and not ev.kicker_end[b]), bool(ev.comma_end[b])
    if kind is not Role.PARAGRAPH:
        return False, False
    if ev.soft[b]:
        return True, False
    if not ev.closed[b]:
        return True, True
    return bool(ev.tail_runs_on[b] > 0), False


def _register(kind: Role) -> int:
    return 2 if kind in TITLE_ROLES else 1 if kind is Role.HEADING else 0


RUNS_ON = (Role.PARAGRAPH, Role.CAPTION, Role.HEADING, Role.HEADLINE, Role.KICKER)  # (as thread.RUNS_ON)


def examples(ev: "Evidence", gold: dict, horizon: int = 12, path: dict | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows of a page (the build's examples): per block that goes on a story begun before it and is no
    title line, one row per story open then, by recency; their labels (1: the block's own story) and the
    block each row is for.  The stories are the gold's, or, given ``path`` (the decoder's answer for the
    page, as a page dict), the path's as the beam held them when it placed the block — stories it opened
    wrongly, section headings taken for a headline — labelled 1 for the one holding the block's gold
    predecessor; then only blocks where the path's open stories differ from the gold's give rows (elsewhere
    they are the gold's own rows)."""
    owner, role = _owners(gold)
    held = _owners(path)[0] if path is not None else owner
    g = ev.gram
    across = read_across(ev)
    seen: dict[int, list[int]] = {}  # the stories held (gold or path) and their blocks so far
    gold_seen: dict[int, list[int]] = {}
    rows, labels, at = [], [], []
    for b in range(len(ev.kinds)):
        a = owner.get(b)
        if a is not None and a in gold_seen and role[b] not in GOLD_TITLES:
            own = held.get(gold_seen[a][-1])
            stories = sorted(seen, key=lambda k: -max(seen[k]))[:horizon]
            differs = path is None or ({tuple(v) for v in seen.values()} != {tuple(v) for v in gold_seen.values()})
            if own in stories and differs:
                kind = ev.readings[b][0][0]  # the reading the gold gives, where the block has it
                for reading in ev.readings[b]:
                    if reading[0].value == role[b]:
                        kind = reading[0]
                if kind not in TITLE_ROLES:
                    rows += [row + [across] for row in _rows(ev, g, b, kind, [seen[k] for k in stories])]
                    labels += [float(k == own) for k in stories]
                    at += [b] * len(stories)
        if a is not None:
            gold_seen.setdefault(a, []).append(b)
        if held.get(b) is not None:
            seen.setdefault(held[b], []).append(b)
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES)), np.array(labels), np.array(at)


def _owners(page: dict) -> tuple[dict[int, int], dict[int, str]]:
    """Each block's article and role in a page dict (gold or decoded)."""
    owner, role = {}, {}
    for a, article in enumerate(page["articles"]):
        for element in article["elements"]:
            for b in element["blocks"]:
                owner[b], role[b] = a, element["role"]
    return owner, role


def _rows(ev: "Evidence", g: np.ndarray, b: int, kind: Role, stories: list[list[int]]) -> list[list[float]]:
    sims = []
    for bs in stories:
        den = math.sqrt(max(g[b, b], 1e-12)) * math.sqrt(g[np.ix_(bs, bs)].sum())
        sims.append(g[b, bs].sum() / den if den > 0 else 0.0)
    top = max(sims)
    out = []
    for r, bs in enumerate(stories):
        tail = max(bs)
        open_, dangling = _ending(ev, tail)
        last = ev.kinds[tail]
        display = last in TITLE_ROLES or last is Role.HEADING
        run_on = math.nan
        if (open_ and kind in RUNS_ON and _register(last) == _register(kind) and (not display or tail == b - 1)
                and ev.join[tail, b] > -math.inf):
            run_on = float(ev.join[tail, b])
        out.append([
            r, b - tail, dangling, open_, all(ev.kinds[x] in TITLE_ROLES for x in bs), display, run_on,
            float(ev.goes_on[tail]) if dangling else math.nan, sims[r], top - sims[r], sims[r] - sims[0],
            sum(s > sims[r] for s in sims), len(stories), kind is Role.PARAGRAPH, kind is Role.HEADING,
            bool(ev.midway[b]), bool(ev.opener[b]), float(ev.comes_on[b]), math.log1p(ev.chars[b]),
            math.log1p(ev.chars[tail]), float(ev.head_runs_on[b]), float(ev.tail_runs_on[tail]),
            bool(ev.closed[tail]), not math.isnan(run_on)])
    return out
