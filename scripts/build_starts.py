"""Train the start models (does a title-like line open an article or a section? is it a display line or
prose?) on the train split.

    pip install -e ".[build]"        # scikit-learn, used here only
    python scripts/build_starts.py [--pages N] [--build-dir build/bench]

Builds the train split's gold pages if they are missing (``jianbao.bench.build``, a few minutes), reads
every dump shape of every page, labels each title-like block from the gold — *opens*: 1 one of an
article's leading title lines (kicker, headline, deck), 0 a section heading inside an article; *display*:
1 a title line or heading, 0 prose — and fits two gradient-boosted tree models (scikit-learn's
``HistGradientBoostingClassifier``: :data:`TREES`, fixed, no early stopping, so the build is deterministic),
shipped as ``stages/starts.py``'s :class:`TreeModel` arrays (the opens model with the columns of
``starts.DISPLAY_ONLY`` held at 0, so it never splits on them).  Reports their accuracy on the dev split beside
the logistic regressions' on the same features (the models shipped before) and the line classifiers', and
writes ``src/jianbao/data/title-starts.json``.

The two line classifiers it takes as features were trained on the train split's words, so on train pages
they would look surer than they are on pages they never saw: each train month's pages are scored with
classifiers trained on the other months (cross-fitting), as the shipped ones will score new pages.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from jianbao.bench.build import build_split
from jianbao.bench.corpus import corpus_path
from jianbao.bench.run import find_dumps, gold_pages
from jianbao.bench.split import SPLITS
from jianbao.lm.train import heading_examples, title_examples, train_titles
from jianbao.lm.model import default_lm
from jianbao.stages.evidence import gather
from jianbao.stages.starts import (DISPLAY_ONLY, FEATURES, MODEL_FILE, StartModel, TreeModel, fit, model_json,
                                   start_features, title_like)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = corpus_path()


TITLE = ("kicker", "headline", "subheadline")
#: the trees' settings: chosen on dev (200 trees at 0.1 gained 0.001 on opens, 100 at 0.2 kept the time a
#: page to ~0.15 ms a model)
TREES = {"max_iter": 100, "learning_rate": 0.2, "max_depth": 6, "early_stopping": False, "random_state": 0}


def fit_trees(x: np.ndarray, y: np.ndarray) -> TreeModel:
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError:
        raise SystemExit('the start models are fitted with scikit-learn: pip install -e ".[build]"') from None
    return TreeModel.from_sklearn(HistGradientBoostingClassifier(**TREES).fit(x, y))


def labels(gold: dict) -> dict[int, tuple[int | None, int]]:
    """For each block gold places: (opens — 1 one of an article's leading title lines, 0 a section heading,
    None neither; display — 1 a title line or heading, 0 prose)."""
    out: dict[int, tuple[int | None, int]] = {}
    for article in gold["articles"]:
        lead = True
        for element in article["elements"]:
            role = element["role"]
            if lead and role in TITLE:
                label: tuple[int | None, int] = (1, 1)
            else:
                lead = False
                label = (0, 1) if role == "heading" else (None, 1) if role in TITLE else (None, 0)
            if role in TITLE or role in ("heading", "paragraph"):
                out.update({b: label for b in element["blocks"]})
    return out


def examples(dumps, titles=None, headings=None) -> dict[str, np.ndarray]:
    """Features of every title-like block gold places, its two labels (opens: NaN where it is neither
    title nor heading) and the line classifiers' log-odds."""
    lm = default_lm()
    xs, opens, display = [], [], []
    for page, gold in gold_pages(dumps):
        lines = title_like(page)
        if not lines:
            continue
        # (the language model's run-on scores, as the threader's readings see them: before the turnover model)
        x = start_features(page, gather(page, lm, starts=False, turnovers=False), lines, titles, headings)
        known = labels(gold)
        for row, b in zip(x, lines):
            if b in known:
                xs.append(row)
                opens.append(np.nan if known[b][0] is None else known[b][0])
                display.append(known[b][1])
    x = np.array(xs).reshape(len(xs), len(FEATURES))
    return {"x": x, "opens": np.array(opens), "display": np.array(display, dtype=np.float64)}


def held(x: np.ndarray) -> np.ndarray:
    """The rows with the columns the opens model is fitted without (``starts.DISPLAY_ONLY``) held at 0."""
    x = x.copy()
    x[:, [FEATURES.index(name) for name in DISPLAY_ONLY]] = 0.0
    return x


def accuracy(logits: np.ndarray, y: np.ndarray) -> float:
    known = ~np.isnan(y)
    return float(((logits[known] > 0) == (y[known] == 1)).mean())


def train_dumps(doc: str) -> tuple[argparse.Namespace, list]:
    """A model build's arguments (``--pages``, ``--build-dir``) and the train split's dumps, the split's gold
    pages built first where they are missing."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=None, help="first N train pages (default: all)")
    ap.add_argument("--build-dir", type=Path, default=ROOT / "build" / "bench")
    args = ap.parse_args()
    build_split("train", limit=args.pages, out_dir=args.build_dir)
    return args, find_dumps(args.build_dir / "train", args.pages)


def write_trees(path: Path, features, model: TreeModel, trees: dict, script: str, args: argparse.Namespace,
                rows: str, **figures) -> None:
    """Write one tree model of a build script (``build_turnovers``, ``build_resumes``) with what it was trained
    on, how, its dev figures and the command that rebuilds it; print all but the trees."""
    pages = args.pages
    about = {"trained_on": f"train split, {'first ' + str(pages) if pages else 'all'} pages, every dump: {rows}",
             "model": "gradient-boosted trees, scikit-learn HistGradientBoostingClassifier " + json.dumps(trees),
             **figures,
             "command": f"python scripts/{script}" + (f" --pages {pages}" if pages else "")}
    path.write_text(model_json({"features": list(features), **about, "model": model.as_dict()}), encoding="utf-8")
    print(json.dumps(about, ensure_ascii=False, indent=1))


def main() -> None:
    t0 = time.time()
    args, dumps = train_dumps(__doc__)
    parts = []
    for month in SPLITS["train"]:
        mine = [d for d in dumps if d.page_id.startswith(month)]
        if not mine:
            continue
        titles = train_titles(*title_examples(CORPUS, "train", skip_month=month))
        headings = train_titles(*heading_examples(CORPUS, "train", skip_month=month))
        parts.append(examples(mine, titles, headings))
        print(f"{month}: {len(parts[-1]['x'])} title-like blocks, scored by classifiers trained without it", flush=True)
    train = {k: np.concatenate([p[k] for p in parts]) for k in ("x", "opens", "display")}
    known = ~np.isnan(train["opens"])
    opens_x = held(train["x"][known])
    model = StartModel(opens=fit_trees(opens_x, train["opens"][known]), display=fit_trees(train["x"], train["display"]))
    logistic = StartModel(opens=fit(opens_x, train["opens"][known]), display=fit(train["x"], train["display"]))
    build_split("dev", out_dir=args.build_dir)
    dev = examples(find_dumps(args.build_dir / "dev", None))
    column = {name: dev["x"][:, FEATURES.index(name)] for name in ("heading", "display")}
    about = {
        "trained_on": f"train split, {'first ' + str(args.pages) if args.pages else 'all'} pages, every dump: "
                      f"{len(train['x'])} title-like blocks ({int(np.nansum(train['opens']))} title lines, "
                      f"{int(known.sum() - np.nansum(train['opens']))} headings, "
                      f"{int(len(train['x']) - train['display'].sum())} prose)",
        "models": f"gradient-boosted trees, scikit-learn HistGradientBoostingClassifier {TREES}",
        "dev_accuracy_opens": round(accuracy(model.opens.logits(dev["x"]), dev["opens"]), 4),
        "dev_accuracy_opens_logistic": round(accuracy(logistic.opens.logits(held(dev["x"])), dev["opens"]), 4),
        "dev_accuracy_opens_heading_classifier_alone": round(accuracy(-column["heading"], dev["opens"]), 4),
        "dev_accuracy_display": round(accuracy(model.display.logits(dev["x"]), dev["display"]), 4),
        "dev_accuracy_display_logistic": round(accuracy(logistic.display.logits(dev["x"]), dev["display"]), 4),
        "dev_accuracy_display_title_classifier_alone": round(accuracy(column["display"], dev["display"]), 4),
        "command": "python scripts/build_starts.py" + (f" --pages {args.pages}" if args.pages else ""),
    }
    MODEL_FILE.write_text(model.to_json(**about), encoding="utf-8")
    print(json.dumps(about, ensure_ascii=False, indent=1))
    for name, m in (("opens", logistic.opens), ("display", logistic.display)):
        print(f"{name} (logistic, for reading):",
              ", ".join(f"{k} {w:+.2f}" for k, w in sorted(zip(FEATURES, m.weights), key=lambda t: -abs(t[1]))))
    print(f"{MODEL_FILE} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
