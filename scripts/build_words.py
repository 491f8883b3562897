"""Write src/jianbao/data/jieba-words.json.gz: the word lists the describe stage takes from jieba's
dictionary (see ``jianbao.stages.describe.words``).  Rebuild when jieba is upgraded:

    python scripts/build_words.py
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from jianbao.stages.describe.words import WORDS_FILE, derive

OUT = Path(__file__).resolve().parents[1] / "src" / "jianbao" / "data" / WORDS_FILE


def main() -> None:
    data = derive()
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    OUT.write_bytes(gzip.compress(raw, mtime=0))
    print(f"{OUT}: {len(data['common'])} common words, {len(data['nouns'])} nouns, "
          f"{OUT.stat().st_size // 1024} KB (jieba {data['jieba']})")


if __name__ == "__main__":
    main()
