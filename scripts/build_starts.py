"""Train the start model (does a title-like line open an article or a section?) on the train split.

    python scripts/build_starts.py [--pages N] [--build-dir build/bench]

Builds the train split's gold pages if they are missing (``jianbao.bench.build``, a few minutes), reads
every dump shape of every page, labels each title-like block from the gold — 1: one of an article's
leading title lines (kicker, headline, deck), 0: a section heading inside an article (other blocks are
left out) — and fits ``stages/starts.py``'s logistic regression.  Reports its accuracy on the dev split
beside the heading classifier's, and writes ``src/jianbao/data/title-starts.json``.

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
from jianbao.bench.run import find_dumps
from jianbao.bench.split import SPLITS
from jianbao.lm.train import heading_examples, title_examples, train_titles
from jianbao.lm.model import default_lm
from jianbao.read.text import page_from_text
from jianbao.stages.evidence import gather
from jianbao.stages.roles import assign_roles
from jianbao.stages.starts import FEATURES, MODEL_FILE, fit, start_features, title_like

ROOT = Path(__file__).resolve().parents[1]
CORPUS = corpus_path()


def labels(gold: dict) -> dict[int, int]:
    out: dict[int, int] = {}
    for article in gold["articles"]:
        lead = True
        for element in article["elements"]:
            if lead and element["role"] in ("kicker", "headline", "subheadline"):
                out.update({b: 1 for b in element["blocks"]})
                continue
            lead = False
            if element["role"] == "heading":
                out.update({b: 0 for b in element["blocks"]})
    return out


def examples(dumps, titles=None, headings=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, labels, heading-classifier log-odds) of every labelled title-like block."""
    lm = default_lm()
    xs, ys = [], []
    for dump in dumps:
        text, gold = dump.load()
        page = assign_roles(page_from_text(text, source=dump.text_path.name))
        lines = title_like(page)
        if not lines:
            continue
        x = start_features(page, gather(page, lm), lines, titles, headings)
        known = labels(gold)
        for row, b in zip(x, lines):
            if b in known:
                xs.append(row)
                ys.append(known[b])
    x = np.array(xs).reshape(len(xs), len(FEATURES))
    return x, np.array(ys, dtype=np.float64), x[:, FEATURES.index("heading")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=None, help="first N train pages (default: all)")
    ap.add_argument("--build-dir", type=Path, default=ROOT / "build" / "bench")
    args = ap.parse_args()
    t0 = time.time()
    build_split("train", limit=args.pages, out_dir=args.build_dir)
    dumps = find_dumps(args.build_dir / "train", args.pages)
    parts = []
    for month in SPLITS["train"]:
        mine = [d for d in dumps if d.page_id.startswith(month)]
        if not mine:
            continue
        titles = train_titles(*title_examples(CORPUS, "train", skip_month=month))
        headings = train_titles(*heading_examples(CORPUS, "train", skip_month=month))
        parts.append(examples(mine, titles, headings))
        print(f"{month}: {len(parts[-1][1])} title-like blocks, scored by classifiers trained without it", flush=True)
    x, y = np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    model = fit(x, y)
    build_split("dev", out_dir=args.build_dir)
    dx, dy, dh = examples(find_dumps(args.build_dir / "dev", None))
    acc = float(((model.logits(dx) > 0) == (dy == 1)).mean())
    acc_heading = float(((dh < 0) == (dy == 1)).mean())
    about = {
        "trained_on": f"train split, {'first ' + str(args.pages) if args.pages else 'all'} pages, every dump: "
                      f"{len(y)} title-like blocks ({int(y.sum())} title lines, {int(len(y) - y.sum())} headings)",
        "dev_accuracy": round(acc, 4),
        "dev_accuracy_heading_classifier_alone": round(acc_heading, 4),
        "command": "python scripts/build_starts.py" + (f" --pages {args.pages}" if args.pages else ""),
    }
    MODEL_FILE.write_text(model.to_json(**about), encoding="utf-8")
    print(json.dumps(about, ensure_ascii=False, indent=1))
    print("weights:", ", ".join(f"{k} {w:+.2f}" for k, w in sorted(zip(FEATURES, model.weights), key=lambda t: -abs(t[1]))))
    print(f"{MODEL_FILE} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
