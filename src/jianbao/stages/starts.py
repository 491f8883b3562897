"""What is a title-like block: a line that opens an article, a section heading inside one — or prose?

A text dump cannot tell a headline from a section heading by its type, and the two read alike
("把外部压力转化为改革动力" could be either); a short paragraph or the end of a cut one may look like either.
What tells them apart is where the line stands: whether the text around it goes on about the same thing,
whether the text before it had finished and could run on into it, whether the next block opens as text going
on (the line is then the first piece of a paragraph a column break cut), whether a dateline or a "——" deck
follows, whether the line ends as a kicker does, how long since the last title-like line, whether the line is
set wider than the column of the text after it, and what the two line classifiers (``lm/titles.py``) make of
its words.  Two models weigh these — *opens* (article title vs section heading) and *display* (a display line
vs prose): gradient-boosted trees (:class:`TreeModel`, fitted by scikit-learn at build time and shipped as plain
arrays) or, as before them, logistic regressions (:class:`LineModel`).  They are trained on the benchmark's
gold pages of the corpus's *train* split (every dump shape) by ``scripts/build_starts.py`` and shipped as
``data/title-starts.json``.  Their log-odds take the place of the line classifiers' in the threader's readings
of a title-like block.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from jianbao import cues
from jianbao.lm.titles import TitleModel, feature_rows, heading_model, title_model
from jianbao.model import TITLE_ROLES, Page, Role
from jianbao.stages.lines import logits, nearest_joins, overlaps
from jianbao.stages.roles import is_deck
from jianbao.stages.trees import log_odds, split_slots

if TYPE_CHECKING:  # evidence imports this module
    from jianbao.stages.evidence import Evidence

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "title-starts.json"

#: the features, in the model's order
FEATURES = (
    "heading",  # the heading classifier's log-odds (section heading vs title line), on the words alone
    "display",  # the title classifier's log-odds (display line vs prose)
    "continuity",  # overlap of the text after the line with the text before it
    "echo_before",  # overlap of the line's own words with the text before it
    "echo_after",  # … and with the text after it (a headline's words recur in its story)
    "dateline_after",  # the first paragraph after it opens with a dateline
    "length",  # log characters
    "after_ended",  # the block before it ends a sentence
    "after_title",  # the block before it is title-like too
    "before_title",  # the block after it is title-like too
    "after_closer",  # the block before it closed a story (author note, closing byline)
    "gap",  # log blocks since the last title-like line
    "text_since",  # log characters since the last title-like line
    "indent_after",  # line shape of the first line after it (+1 runs on, −1 indented)
    "wider",  # set wider than the column of the paragraph after it (wrapped dumps)
    "within",  # set within that column
    "measured",  # that column is known
    "comma",  # ends in a comma
    "exclaims",  # ends in ! or ?
    "numbered",  # opens with a section number (一、 （二） 3.)
    "quoted",  # opens with a quotation mark
    "runs_into",  # the language model's best score for a block just before running on into this one
    "runs_on",  # … and for this one running on into a block just after
    "head_shape",  # its own first line: +1 full (a run-on), −1 indented (wrapped dumps)
    "tail_shape",  # its own last line: +1 full (runs on), −1 short
    "ended",  # it ends a sentence
    "goes_on",  # how surely text would go on after its last characters (evidence.goes_on, the language model's
    # surprise at a paragraph ending there, with its length): a paragraph's first piece a column break cut
    # (人心齐，贫困大山协 | 力移。) ends where no text ends; read by the display model only (:data:`DISPLAY_ONLY`)
    "midway",  # it opens mid-sentence (with punctuation)
    "comes_on",  # its opening characters read as text going on from somewhere (evidence.comes_on)
    "next_comes_on",  # … the next block's: the line is a paragraph's first piece, the rest in the next column
    "kicker_end",  # it ends as a kicker does (——, ：, 指出 …): a title line introducing the headline
    "deck_after",  # the next block is a "——" deck: the line is a headline, which a deck follows
    # its siblings, the page's other title-like lines (not the lines either side of it, its own cluster's): a
    # feature's section headings come several, of one form (乐章二 · 乐章三; 一穗黏玉米，甜了一村人 · 草果显神奇，富了一个州)
    "like_form",  # how many have its length and its punctuation in the same places
    "like_ends",  # … open or end with its first or last two characters
    "like_length",  # … are within a character of its length
)
#: features the *opens* model is fitted without (the build holds their columns constant, so no tree splits on
#: them): whether a line is prose or display is what they tell, and fitted on them too the opens model read
#: them as title against heading and lost (dev opens 0.926 → 0.920, with the display model 0.943 → 0.945)
DISPLAY_ONLY = ("goes_on",)
#: how far the run-on scores look, and the floor they are clipped to
JOIN_REACH, JOIN_FLOOR = 3, -20.0
#: how much text either side the overlaps look at (blocks of body text)
BEFORE, AFTER = 8, 2


@dataclass(frozen=True)
class LineModel:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        """log-odds that each row's line opens an article (rather than a section of one)."""
        if len(x) == 0:
            return np.zeros(0)
        return ((x - self.mean) / self.scale) @ self.weights + self.bias

    def as_dict(self) -> dict:
        return {"mean": self.mean.tolist(), "scale": self.scale.tolist(), "weights": self.weights.tolist(),
                "bias": self.bias}

    @classmethod
    def from_dict(cls, data: dict) -> "LineModel":
        return cls(np.array(data["mean"]), np.array(data["scale"]), np.array(data["weights"]), float(data["bias"]))


@dataclass(frozen=True)
class TreeModel:
    """Gradient-boosted trees as flat arrays of nodes, a node's two children side by side: node ``i`` sends
    a row to ``left[i]`` where ``x[feature[i]] <= threshold[i]`` (a missing value where ``missing_left[i]``),
    else to ``left[i] + 1``; a leaf points to itself (``left[i] == i``, threshold +inf, a missing value
    stays too) and holds its ``value``.  A row's log-odds are ``base`` plus the value of the leaf it reaches
    in every tree: all rows walk all trees together, ``depth`` steps."""

    base: float
    roots: np.ndarray  # each tree's first node
    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    value: np.ndarray
    depth: int
    # per node, the slot of a walked row its split reads and what it holds it against (trees.split_slots)
    slot: np.ndarray = field(init=False, repr=False, compare=False)
    cut: np.ndarray = field(init=False, repr=False, compare=False)

    ARRAYS = ("roots", "feature", "threshold", "missing_left", "left", "value")

    def __post_init__(self) -> None:
        slot, cut = split_slots(np.ascontiguousarray(self.feature, dtype=np.intp),
                                np.ascontiguousarray(self.threshold, dtype=np.float64),
                                np.ascontiguousarray(self.missing_left, dtype=bool).view(np.uint8),
                                np.ascontiguousarray(self.left, dtype=np.intp))
        object.__setattr__(self, "slot", slot)  # (a frozen dataclass: set once, as its own __init__ would)
        object.__setattr__(self, "cut", cut)

    def logits(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0)
        return log_odds(np.ascontiguousarray(x, dtype=np.float64), self.roots, self.slot, self.cut, self.left,
                        self.value, self.depth, self.base)  # (trees.pyx)

    def as_dict(self) -> dict:
        return {"kind": "trees", "base": self.base, "depth": self.depth,
                **{name: getattr(self, name).tolist() for name in self.ARRAYS}}

    @classmethod
    def from_dict(cls, data: dict) -> "TreeModel":
        types = {"threshold": np.float64, "value": np.float64, "missing_left": bool}
        return cls(float(data["base"]), depth=int(data["depth"]),
                   **{name: np.array(data[name], dtype=types.get(name, np.intp)) for name in cls.ARRAYS})

    @classmethod
    def from_sklearn(cls, model: object) -> "TreeModel":
        """The trees of a fitted binary ``sklearn.ensemble.HistGradientBoostingClassifier`` on numeric
        features (build time only: scikit-learn is no run-time dependency), renumbered breadth first so
        that a node's children stand side by side."""
        feature, threshold, missing_left, left, value, roots = [], [], [], [], [], []
        depth = 0
        for predictors in model._predictors:  # type: ignore[attr-defined]
            nodes = predictors[0].nodes
            if nodes["is_categorical"].any():
                raise ValueError("the start models take numeric features only")
            root = len(feature)
            roots.append(root)
            queue = [(0, 0)]  # (node in the tree, its depth), breadth first: a node's number is root + its place
            for old, level in queue:
                leaf = bool(nodes["is_leaf"][old])
                depth = max(depth, level)
                feature.append(0 if leaf else int(nodes["feature_idx"][old]))
                threshold.append(math.inf if leaf else float(nodes["num_threshold"][old]))
                missing_left.append(leaf or bool(nodes["missing_go_to_left"][old]))
                value.append(float(nodes["value"][old]) if leaf else 0.0)
                left.append(len(feature) - 1 if leaf else root + len(queue))  # a leaf stays; children queued next
                if not leaf:
                    queue += [(int(nodes["left"][old]), level + 1), (int(nodes["right"][old]), level + 1)]
        return cls(
            base=float(np.ravel(model._baseline_prediction)[0]),  # type: ignore[attr-defined]
            roots=np.array(roots, dtype=np.intp), feature=np.array(feature, dtype=np.intp),
            threshold=np.array(threshold), missing_left=np.array(missing_left, dtype=bool),
            left=np.array(left, dtype=np.intp), value=np.array(value), depth=depth,
        )


def model_json(data: dict) -> str:
    """A shipped model's JSON, one line a key (what the model is first, its numbers last), so the file
    reads at a glance."""
    lines = (f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False, separators=(',', ':'))}" for k, v in data.items())
    return "{\n" + ",\n".join(lines) + "\n}\n"


def load_trees(path: Path, features: tuple[str, ...], script: str) -> TreeModel | None:
    """A shipped tree model (``data/turnovers.json``, ``data/resumes.json``), or None before it has been built;
    an error naming ``script`` if it was built for other features."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != features:
        raise ValueError(f"{path.name} was built for other features: rebuild it (scripts/{script})")
    return TreeModel.from_dict(data["model"])


def _model_from_dict(data: dict) -> LineModel | TreeModel:
    return TreeModel.from_dict(data) if data.get("kind") == "trees" else LineModel.from_dict(data)


@dataclass(frozen=True)
class StartModel:
    opens: LineModel | TreeModel  # log-odds: an article's title line rather than a section heading
    display: LineModel | TreeModel  # log-odds: a display line (title or heading) rather than prose

    def to_json(self, **about: object) -> str:
        return model_json({"features": list(FEATURES), **about, "opens": self.opens.as_dict(),
                           "display": self.display.as_dict()})

    @classmethod
    def from_json(cls, text: str) -> "StartModel":
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{MODEL_FILE.name} was built for other features: rebuild it (scripts/build_starts.py)")
        return cls(_model_from_dict(data["opens"]), _model_from_dict(data["display"]))


@functools.lru_cache(maxsize=1)
def start_model() -> StartModel | None:
    """The shipped models, or None before they have been built (the line classifiers decide alone)."""
    if not MODEL_FILE.is_file():
        return None
    return StartModel.from_json(MODEL_FILE.read_text(encoding="utf-8"))


def title_like(page: Page) -> list[int]:
    """The blocks whose reading is open: title-like blocks of a text dump (no type size to go by)."""
    assert page.roles is not None
    return [i for i, (b, k) in enumerate(zip(page.blocks, page.roles)) if k in TITLE_ROLES and b.size is None]


def _overlap(gram: np.ndarray, b: int, ys: list[int]) -> float:
    """Cosine of block ``b`` against the blocks ``ys`` taken together (``lines.overlaps`` takes every line's
    at once, compiled)."""
    if not ys:
        return 0.0
    at = np.array(ys)  # (the window of the Gram by broadcast indices: np.ix_ costs more than the sum)
    den = math.sqrt(max(gram[b, b], 1e-12) * max(gram[at[:, None], at].sum(), 1e-12))
    return float(gram[b, at].sum() / den)


def line_logits(model: TitleModel, texts: list[str], features: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """``model.logit`` of each text, the sums compiled (``lines.logits``); ``features``: the texts'
    ``feature_rows``, where they were worked out already (both classifiers read the same)."""
    joined, at = features if features is not None else feature_rows(texts)
    return logits(model.weights, joined, at, model.bias)


def start_features(page: Page, ev: "Evidence", lines: list[int], titles: TitleModel | None = None,
                   headings: TitleModel | None = None) -> np.ndarray:
    """One row of :data:`FEATURES` per block in ``lines`` (from :func:`title_like`); the line classifiers
    are the shipped ones unless given (the build scores each train month with classifiers trained
    without it).  Every line's at once: a column a feature."""
    assert page.roles is not None
    n = len(page.blocks)
    kinds = page.roles
    titles, headings = titles or title_model(), headings or heading_model()
    if not lines:
        return np.zeros((0, len(FEATURES)))
    furniture = Role.FURNITURE  # (a member read once, not a block: ``Role.X`` costs EnumType's attribute hook)
    body = np.array([i for i in range(n) if kinds[i] not in TITLE_ROLES and kinds[i] is not furniture],
                    dtype=np.intp)
    b = np.array(lines, dtype=np.intp)
    texts = [ev.texts[i].strip() for i in lines]
    features = feature_rows(texts)  # (what both line classifiers read)
    before, after, first = overlaps(ev.gram, body, b, BEFORE, AFTER)  # (lines.pyx)
    has_first = first >= 0
    column = np.where(has_first, ev.column[first], math.nan)
    measured = ~np.isnan(column)
    is_line = np.zeros(n + 1, dtype=bool)  # (one past the last block: no line there)
    is_line[b] = True
    prior = b > 0
    last = np.concatenate([[-1], b[:-1]])  # the title-like line before, −1: none
    chars_to = np.concatenate([[0.0], np.cumsum(ev.chars)])  # whole numbers: any order sums them exactly
    # the nearest JOIN_REACH blocks before and after (lines.pyx)
    runs_into, runs_on = nearest_joins(np.ascontiguousarray(ev.join, dtype=np.float64), b, JOIN_REACH)
    columns = {
        "heading": line_logits(headings, texts, features),
        "display": line_logits(titles, texts, features),
        "continuity": ev.continuity[b],
        "echo_before": before,
        "echo_after": after,
        "dateline_after": ev.opener_next[b],
        "length": [math.log1p(len(text)) for text in texts],
        "after_ended": np.where(prior, ev.closed[b - 1], True),
        "after_title": prior & is_line[b - 1],
        "before_title": is_line[b + 1],
        "after_closer": prior & ev.closer[b - 1],
        "gap": [math.log1p(g) for g in np.where(last >= 0, b - last, BEFORE * 6).tolist()],
        "text_since": [math.log1p(c) for c in (chars_to[b] - chars_to[last + 1]).tolist()],
        "indent_after": np.where(has_first, ev.head_runs_on[first], 0.0),
        "wider": measured & (ev.widest[b] > column + 1.0),
        "within": measured & (ev.widest[b] <= column + 0.5),
        "measured": measured,
        "comma": [text.endswith(("，", ",")) for text in texts],
        "exclaims": [text.endswith(("！", "？", "!", "?")) for text in texts],
        "numbered": list(map(is_numbered, texts)),
        "quoted": [text.startswith(("“", "\"")) for text in texts],
        "runs_into": np.maximum(JOIN_FLOOR, runs_into),
        "runs_on": np.maximum(JOIN_FLOOR, runs_on),
        "head_shape": ev.head_runs_on[b],
        "tail_shape": ev.tail_runs_on[b],
        "ended": ev.closed[b],
        "goes_on": ev.goes_on[b],
        "midway": ev.midway[b],
        "comes_on": ev.comes_on[b],
        "next_comes_on": np.append(ev.comes_on, 0.0)[b + 1],
        "kicker_end": ev.kicker_end[b],
        "deck_after": [i + 1 < n and is_deck(ev.texts[i + 1].strip()) for i in lines],
        **siblings(lines, texts),
    }
    # (one conversion of all the columns, then laid out a row a line: a column's assignment costs a call each)
    return np.array([columns[name] for name in FEATURES], dtype=np.float64).T.copy()


def _form(text: str) -> tuple:
    """A line's length and where its punctuation and spaces stand (what of its form is not its words)."""
    return len(text), tuple([(m.start(), m.group()) for m in _NOT_ALNUM.finditer(text)])


#: the characters a line's number opens with: the pattern is asked only of a line opening with one
_NUMBER_OPENERS = frozenset(cues.NUMBER_OPENERS)


def is_numbered(text: str) -> bool:
    """``cues.HEADING_NUMBER``: a line opens with a section's number."""
    return text[:1] in _NUMBER_OPENERS and bool(cues.HEADING_NUMBER.match(text))


#: a character ``str.isalnum`` refuses: ``\w`` is what it accepts and the underscore (the regex engine's
#: ``SRE_UNI_IS_WORD``), so the few a title holds are found without a test of each character in Python
_NOT_ALNUM = re.compile(r"[\W_]")


def siblings(lines: list[int], texts: list[str]) -> dict[str, list[int]]:
    """For each title-like line (blocks ``lines``, their ``texts``): how many of the page's other title-like
    lines are of its form, share its first or its last two characters, or are within a character of its
    length — the lines just before and after it left out (a title set on two lines, a headline's deck).
    Counted by key, not pair by pair."""
    texts = [" ".join(text.split()) for text in texts]
    forms = [_form(text) for text in texts]
    heads = [text[:2] if len(text) >= 3 else None for text in texts]
    tails = [text[-2:] if len(text) >= 3 else None for text in texts]
    by_form, by_head, by_tail, by_both, by_length = (Counter(keys) for keys in (
        forms, heads, tails, list(zip(heads, tails)), [len(text) for text in texts]))

    form, affix, length = [], [], []
    last = len(lines) - 1
    for i, text in enumerate(texts):
        n, own, head, tail = len(text), forms[i], heads[i], tails[i]
        like = by_form[own] - 1
        shared = 0 if head is None else by_head[head] + by_tail[tail] - by_both[head, tail] - 1
        near = by_length[n - 1] + by_length[n] + by_length[n + 1] - 1
        for j in (i - 1, i + 1):  # the lines just before and after, where they are the blocks next to it
            if 0 <= j <= last and abs(lines[j] - lines[i]) == 1:
                like -= forms[j] == own
                shared -= head is not None and heads[j] is not None and (heads[j] == head or tails[j] == tail)
                near -= abs(len(texts[j]) - n) <= 1
        form.append(like)
        affix.append(shared)
        length.append(near)
    return {"like_form": form, "like_ends": affix, "like_length": length}


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> LineModel:
    """Logistic regression on standardised features (L-BFGS; scipy at build time only)."""
    from scipy import optimize

    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        ll = -(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)).sum() + 0.5 * l2 * float(w[:-1] @ w[:-1])
        g = z.T @ (p - y)
        g[:-1] += l2 * w[:-1]
        return ll, g

    w = optimize.minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    return LineModel(mean, scale, w[:-1], float(w[-1]))
