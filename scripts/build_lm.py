"""Rebuild the shipped character language model from the corpus's train split.

    python scripts/build_lm.py [--corpus ../shared/corpus/rmrb.jsonl]
"""

import argparse
import time
from pathlib import Path

from jianbao.lm.train import train, train_paragraphs

OUT = Path(__file__).resolve().parents[1] / "src" / "jianbao" / "data" / "charlm.npz"

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "rmrb.jsonl")
    args = ap.parse_args()
    t0 = time.time()
    lm = train(train_paragraphs(args.corpus))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    lm.save(OUT)
    print(f"{len(lm.keys):,} n-grams, {len(lm.vocab):,} characters -> {OUT} "
          f"({OUT.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.1f}s")
