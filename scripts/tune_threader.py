"""Tune the threader's weights on the dev split (never test) by coordinate search.

    python scripts/tune_threader.py [--every 4] [--pages N] [--rounds 2] [--write]

The pages are every ``--every``-th page of the dev split in date order (so the whole month is seen, not its
first week), then the first ``--pages`` of those if given.

Evidence (language model, classifiers) is computed once per page; only the decoder reruns.
The objective is article exact + B³ F1 + ½ join F1 over the dumps of every extractor and shape and the
page PDFs (read by jianbao's PDF reader, scored block by block as ``bench-pdf`` does): one set of weights
for text and geometry alike.
With --write the best weights go to src/jianbao/data/thread-weights.json, which the threader loads.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, fields, replace
from pathlib import Path

from jianbao.bench.gold import AlignmentError, gold_articles
from jianbao.bench.run import block_chars, find_dumps, gold_pages
from jianbao.bench.score import Tally, score_page
from jianbao.lm.model import default_lm
from jianbao.read.pdf import read_pdf_page
from jianbao.stages.evidence import gather
from jianbao.stages.roles import assign_roles
from jianbao.stages.thread import WEIGHTS_FILE, Weights, thread_with, tuned_weights

ROOT = Path(__file__).resolve().parents[1]


def prepare(limit: int | None, every: int = 1):
    lm = default_lm()
    cases = []
    dumps = find_dumps(ROOT / "build" / "bench" / "dev", None)
    pages = sorted({d.page_id for d in dumps})[::every][:limit]
    chosen = set(pages)
    for page, gold in gold_pages([d for d in dumps if d.page_id in chosen]):
        cases.append((page, gather(page, lm), gold, block_chars(page)))
    for page_dir in sorted({d.text_path.parent for d in dumps if d.page_id in chosen}):
        page = assign_roles(read_pdf_page(page_dir / "page.pdf"))
        try:
            articles, unassigned = gold_articles([b.raw for b in page.blocks], json.loads(
                (page_dir / "layout.json").read_text(encoding="utf-8")))
        except AlignmentError:
            continue  # scored on its text by bench-pdf; here only pages whose blocks align
        gold = page.with_(articles=articles, unassigned=unassigned, roles=None).to_dict()
        cases.append((page, gather(page, lm), gold, block_chars(page)))
    return cases


def objective(cases, w: Weights) -> tuple[float, dict]:
    tally = Tally()
    for page, ev, gold, chars in cases:
        pred = thread_with(page, ev, w)
        tally.add(score_page(gold, pred.to_dict(), chars))
    f = tally.figures()
    return f["article_exact"] + f["b3_f1"] + 0.5 * f["join_f1"], f


#: weights the tuner leaves as they are, and why (not the beam's sizes either: only floats are tuned)
HAND_SET = {
    "unruled": "on all dev PDFs 3/6/10/20 gave exact 0.945/0.949/0.952/0.954; 10 kept, as real pages rule fewer "
               "of their articles apart than the bench's typesetter, which rules every one",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--every", type=int, default=4, help="every K-th dev page")
    ap.add_argument("--pages", type=int, default=None, help="at most N of those pages")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--fresh", action="store_true", help="start from the defaults, not the weights in use")
    args = ap.parse_args()
    cases = prepare(args.pages, args.every)
    best = Weights() if args.fresh else tuned_weights()  # by default, go on from the weights in use
    best_score, figs = objective(cases, best)
    print(f"start {best_score:.4f} {figs}", flush=True)
    tunable = [f.name for f in fields(Weights) if f.type in (float, "float") and f.name not in HAND_SET]
    for rnd in range(args.rounds):
        for name in tunable:
            value = getattr(best, name)
            steps = {round(value * k, 3) for k in (0.0, 0.5, 0.75, 1.33, 2.0)} | ({-2.0, 2.0} if value == 0 else set())
            for cand in sorted(steps - {value}):
                w = replace(best, **{name: cand})
                t0 = time.time()
                score, figs = objective(cases, w)
                if score > best_score + 1e-4:
                    best, best_score = w, score
                    print(f"round {rnd} {name}={cand}: {score:.4f} {figs} ({time.time() - t0:.1f}s)", flush=True)
    print("best", best_score, asdict(best))
    if args.write:
        start = "the defaults" if args.fresh else "the weights then in use"
        chosen = f"every {args.every}th page" + (f", first {args.pages} of them" if args.pages else "")
        command = f"python scripts/tune_threader.py --every {args.every}" + (f" --pages {args.pages}" if args.pages else "")
        hand = "; ".join(f"{k} set by hand: {why}" for k, why in HAND_SET.items())
        data = {"tuned_on": f"dev split, {chosen}, all dumps ({len(cases)} dumps); {args.rounds} round(s) from {start}"
                            f"; {hand}",
                "command": f"{command} --rounds {args.rounds} --write",
                "weights": asdict(best)}
        WEIGHTS_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
