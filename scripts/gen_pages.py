"""Generate page text dumps for batch runs, with planted duplicate articles and their gold.

    python scripts/gen_pages.py 20000 build/scale/pages20k            # 20,000 pages
    python scripts/gen_pages.py 2000 build/scale/dedup --copies 0.15  # a dedup measure set

A page is 3–6 articles of the People's Daily corpus (shared/corpus/rmrb.jsonl): each article's title lines
and paragraphs become blocks, long paragraphs are cut at column breaks into 2–3 blocks, some pages are
hard-wrapped like pdftotext output, and the articles' blocks are interleaved in runs the way columns of
several stories alternate on a printed page; a page header may open the page.  Most pages are UTF-8,
some GB18030 or UTF-16 with a BOM.

Articles are drawn without replacement (an article is reused only once the corpus is used up), and
each headline once (the corpus's own reprints are left out).  With
``--copies P`` each article slot is, with probability P, a *planted copy* of an article already printed
on an earlier page: half exact, half near (a few characters changed, maybe the last paragraph cut, maybe
the headline reworded) — the same story in another paper or edition.

Writes ``OUT/pages/NNN/NNNNNN.txt``, ``OUT/manifest.jsonl`` (path, paper, date, page) and
``OUT/gold.jsonl``: per page its path and, per block, the gold article key (``<corpus id>`` or
``<corpus id>#copyN``; null for page furniture).  An article key's *family* is the part before ``#``:
articles of one family are duplicates of each other.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "rmrb.jsonl"
PAPERS = ["人民日报", "人民日报海外版", "光明日报", "经济日报", "解放日报", "南方日报"]
FILLER = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理"


def load_corpus(path: Path) -> list[dict]:
    """The corpus articles with a title and a body, each headline once: the corpus has its own reprints
    (a front-page story continued on an inner page under the same headline, a column notice that recurs
    under the same title), which would otherwise count as duplicates no one planted."""
    arts = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            if not (a.get("title_lines") and a.get("paragraphs")):
                continue
            title = "".join("".join(a["title_lines"]).split())
            if title in seen:
                continue
            seen.add(title)
            arts.append(a)
    return arts


def near_copy(art: dict, rng: random.Random) -> dict:
    """The same story as another paper prints it: small edits, maybe a cut ending or a new headline."""
    titles = list(art["title_lines"])
    paras = list(art["paragraphs"])
    if len(paras) >= 4 and rng.random() < 0.5:
        paras = paras[:-1]
    if rng.random() < 0.4:
        titles[-1] = _edit(titles[-1], rng, 0.15)
    paras = [_edit(p, rng, 0.015) for p in paras]
    return {**art, "title_lines": titles, "paragraphs": paras}


def _edit(text: str, rng: random.Random, rate: float) -> str:
    chars = list(text)
    for i, ch in enumerate(chars):
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < rate:
            chars[i] = rng.choice(FILLER)
    return "".join(chars)


def article_blocks(art: dict, rng: random.Random) -> list[str]:
    blocks = list(art["title_lines"])
    for p in art["paragraphs"]:
        if len(p) > 60 and rng.random() < 0.6:
            cuts = sorted(rng.sample(range(15, len(p) - 15), k=min(rng.choice((1, 1, 2)), len(p) - 30)))
            pieces = [p[i:j] for i, j in zip([0, *cuts], [*cuts, len(p)])]
            blocks.extend(x for x in pieces if x)
        else:
            blocks.append(p)
    return [b.strip() for b in blocks if b.strip()]


def interleave(seqs: list[list[tuple[str, str | None]]], rng: random.Random) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    live = [list(s) for s in seqs if s]
    window = 2  # articles in play at once, like neighbouring columns
    while live:
        k = rng.randrange(min(window, len(live)))
        run = rng.randint(3, 10)
        out.extend(live[k][:run])
        del live[k][:run]
        if not live[k]:
            del live[k]
    return out


def wrap(text: str, width: int) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def make_page(arts: list[tuple[str, dict]], n: int, rng: random.Random) -> tuple[str, list[str | None], dict]:
    seqs = [[(b, key) for b in article_blocks(art, rng)] for key, art in arts]
    blocks = interleave(seqs, rng)
    date = arts[0][1]["date"]
    paper = PAPERS[n % len(PAPERS)]
    page_no = 1 + n % 16
    if rng.random() < 0.6:
        blocks.insert(0, (f"{paper}  {date[:4]}年{int(date[4:6])}月{int(date[6:])}日  第{page_no}版", None))
    width = rng.choice((18, 22, 26)) if rng.random() < 0.4 else 0
    texts = [wrap(b, width) if width else b for b, _ in blocks]
    meta = {"paper": paper, "date": f"{date[:4]}-{date[4:6]}-{date[6:]}", "page": page_no}
    return "\n\n".join(texts) + "\n", [k for _, k in blocks], meta


def encode(text: str, rng: random.Random) -> bytes:
    r = rng.random()
    if r < 0.1:
        return text.encode("gb18030", "replace")
    if r < 0.15:
        return text.encode("utf-16")  # with its BOM
    if r < 0.2:
        return text.replace("\n", "\r\n").encode("utf-8-sig")
    return text.encode("utf-8")


def generate(n_pages: int, out: Path, *, seed: int = 7, copies: float = 0.0, corpus: Path = CORPUS) -> dict:
    rng = random.Random(seed)
    pool = load_corpus(corpus)
    order = list(range(len(pool)))
    rng.shuffle(order)
    cursor = 0
    printed: list[int] = []  # corpus indices already printed, candidates for copies
    copies_made: dict[str, int] = {}
    (out / "pages").mkdir(parents=True, exist_ok=True)
    stats = {"pages": n_pages, "articles": 0, "planted_exact": 0, "planted_near": 0}
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as man, open(out / "gold.jsonl", "w", encoding="utf-8") as gold:
        for n in range(n_pages):
            arts: list[tuple[str, dict]] = []
            for _ in range(rng.randint(3, 6)):
                if printed and rng.random() < copies:
                    idx = rng.choice(printed)
                    base = pool[idx]
                    if any(key.split("#")[0] == base["id"] for key, _ in arts):
                        continue
                    k = copies_made[base["id"]] = copies_made.get(base["id"], 0) + 1
                    exact = rng.random() < 0.5
                    stats["planted_exact" if exact else "planted_near"] += 1
                    arts.append((f"{base['id']}#copy{k}", base if exact else near_copy(base, rng)))
                else:
                    idx = order[cursor % len(order)]
                    cursor += 1
                    arts.append((pool[idx]["id"], pool[idx]))
                    printed.append(idx)
            text, keys, meta = make_page(arts, n, rng)
            rel = Path("pages") / f"{n // 1000:03d}" / f"{n:06d}.txt"
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(encode(text, rng))
            man.write(json.dumps({"path": str(rel), **meta}, ensure_ascii=False) + "\n")
            gold.write(json.dumps({"path": str(rel), "blocks": keys}, ensure_ascii=False) + "\n")
            stats["articles"] += len(arts)
    stats["reused_corpus"] = cursor > len(order)
    (out / "stats.json").write_text(json.dumps(stats, indent=1), encoding="utf-8")
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="pages to generate")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--copies", type=float, default=0.0, help="share of article slots that are planted copies")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    print(json.dumps(generate(args.n, args.out, seed=args.seed, copies=args.copies, corpus=args.corpus)))


if __name__ == "__main__":
    main()
