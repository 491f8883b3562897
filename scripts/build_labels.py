"""Learn the story labels (``stages/labels.py``) from the train split's gold pages.

    python scripts/build_labels.py [--build-dir build/bench] [--least 3] [--share 0.9]

Reads the gold of every train page once (the dump shapes share it) and counts, for each heading of at most
``labels.LABEL_MAX`` characters, where it stands: the first element of its article's text right under its
title lines, or anywhere else.  A heading that stands there at least ``--least`` times and in at least
``--share`` of all its places is a story label.  Writes ``src/jianbao/data/story-labels.json`` with the
counts (a few seconds; reads only gold pages already built).
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from jianbao.bench.run import find_dumps
from jianbao.stages.labels import LABEL_MAX, LABELS_FILE

ROOT = Path(__file__).resolve().parents[1]
TITLES = {"kicker", "headline", "subheadline"}


def places(build_dir: Path) -> tuple[collections.Counter, collections.Counter]:
    """How often each short heading opens its article's text under title lines, and stands elsewhere."""
    first, elsewhere = collections.Counter(), collections.Counter()
    seen = set()
    for dump in find_dumps(build_dir / "train", None):
        if dump.page_id in seen:
            continue
        seen.add(dump.page_id)
        _, gold = dump.load()
        for article in gold["articles"]:
            elements = article["elements"]
            lead = 0
            while lead < len(elements) and elements[lead]["role"] in TITLES:
                lead += 1
            for i, element in enumerate(elements):
                text = "".join(element["text"].split())
                if element["role"] != "heading" or len(text) > LABEL_MAX:
                    continue
                (first if lead and i == lead else elsewhere)[text] += 1
    return first, elsewhere


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", type=Path, default=ROOT / "build" / "bench")
    ap.add_argument("--least", type=int, default=3)
    ap.add_argument("--share", type=float, default=0.9)
    args = ap.parse_args()
    first, elsewhere = places(args.build_dir)
    labels = sorted((t for t, n in first.items() if n >= args.least and n >= args.share * (n + elsewhere[t])),
                    key=lambda t: -first[t])
    out = {"built_by": f"scripts/build_labels.py --least {args.least} --share {args.share}",
           "trained_on": "train split gold, one dump a page",
           "labels": labels,
           "counts": {t: [first[t], elsewhere[t]] for t in labels}}
    LABELS_FILE.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for t in labels:
        print(t, first[t], elsewhere[t])


if __name__ == "__main__":
    main()
