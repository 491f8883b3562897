"""Train the turnover model (does a display line go on in the next block of a text dump?) on the train split.

    pip install -e ".[build]"        # scikit-learn, used here only
    python scripts/build_turnovers.py [--pages N] [--build-dir build/bench]

Builds the train split's gold pages if they are missing (``jianbao.bench.build``), reads every dump shape of
every page, and labels each pair of display lines one after the other (``stages/turnovers.pairs``: or a display
line over a line read as a byline) from the gold: 1 where the two blocks are one element (a title or heading
set on two lines), else 0.  Fits gradient-boosted trees with the start models' settings
(``build_starts.TREES``), reports their accuracy on the dev split beside the threader's rule before them (the
language model's score with the display bias and the line shapes, as the tuned weights add them), and writes
``src/jianbao/data/turnovers.json`` (~1 minute).
"""

from __future__ import annotations

import time

import numpy as np
from build_starts import TREES, accuracy, fit_trees, train_dumps, write_trees

from jianbao.bench.build import build_split
from jianbao.bench.run import find_dumps, gold_pages
from jianbao.lm.model import default_lm
from jianbao.stages.evidence import gather
from jianbao.stages.thread import tuned_weights
from jianbao.stages.turnovers import FEATURES, MODEL_FILE, features, pairs


def examples(dumps) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features of every display pair, its label, and the threader's score for it before the model."""
    lm, w = default_lm(), tuned_weights()
    xs, ys, before = [], [], []
    for page, gold in gold_pages(dumps):
        firsts = pairs(page)
        if not firsts:
            continue
        ev = gather(page, lm, turnovers=False)
        joined = {pair for article in gold["articles"] for element in article["elements"]
                  for pair in zip(element["blocks"], element["blocks"][1:])}
        xs.append(features(page, ev, firsts))
        ys += [(a, a + 1) in joined for a in firsts]
        before += [ev.join[a, a + 1] + w.title_join_bias + w.shape * (ev.head_runs_on[a + 1] + ev.tail_runs_on[a])
                   for a in firsts]
    x = np.concatenate(xs) if xs else np.zeros((0, len(FEATURES)))
    return x, np.array(ys, dtype=np.float64), np.array(before)


def main() -> None:
    t0 = time.time()
    args, dumps = train_dumps(__doc__)
    x, y, _ = examples(dumps)
    print(f"train: {len(y)} display pairs, {int(y.sum())} turnovers ({time.time() - t0:.0f}s)", flush=True)
    model = fit_trees(x, y)
    build_split("dev", out_dir=args.build_dir)
    dev_x, dev_y, dev_before = examples(find_dumps(args.build_dir / "dev", None))
    write_trees(MODEL_FILE, FEATURES, model, TREES, "build_turnovers.py", args, f"{len(y)} display pairs, {int(y.sum())} turnovers",
                dev_pairs=len(dev_y), dev_accuracy=round(accuracy(model.logits(dev_x), dev_y), 4),
                dev_accuracy_rule_before=round(accuracy(dev_before, dev_y), 4))
    print(f"{MODEL_FILE} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
