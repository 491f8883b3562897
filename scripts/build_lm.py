"""Rebuild the shipped models (character LM, title classifier) from the corpus's train split.

    python scripts/build_lm.py [--corpus ../shared/corpus/rmrb.jsonl]
"""

import argparse
import time
from pathlib import Path

from jianbao.lm.train import heading_examples, title_examples, train, train_paragraphs, train_titles

DATA = Path(__file__).resolve().parents[1] / "src" / "jianbao" / "data"

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "rmrb.jsonl")
    ap.add_argument("--classifiers-only", action="store_true",
                    help="rebuild the two line classifiers, keep the character LM")
    args = ap.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    for name, lines, prune in () if args.classifiers_only else (("charlm.npz", train_paragraphs, 3),):
        t0 = time.time()
        lm = train(lines(args.corpus), prune_from_order=prune)
        out = DATA / name
        lm.save(out)
        print(f"{name}: {len(lm.keys):,} n-grams, {len(lm.vocab):,} characters "
              f"({out.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.1f}s")
    # display line vs prose; section heading vs article title line
    for name, examples in (("titles.npz", title_examples), ("headings.npz", heading_examples)):
        t0 = time.time()
        texts, labels = examples(args.corpus)
        model = train_titles(texts, labels)
        out = DATA / name
        model.save(out)
        print(f"{name}: {len(texts):,} examples ({sum(labels):,} positive) "
              f"({out.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.1f}s")
