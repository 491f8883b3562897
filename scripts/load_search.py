"""Archive load run and full-text recall measurement (bounded; for docs/benchmarks.md, section "Archive").

    python scripts/load_search.py recall  [--articles 3000] [--queries 100]
    python scripts/load_search.py build   --db build/load.db [--articles 100000] [--base-pages 300]
    python scripts/load_search.py search  --db build/load.db [--requests 600]

``recall``: People's Daily articles from ../shared/corpus/rmrb.jsonl, queries people type (two- to
four-character names, places and words picked by jieba's part-of-speech tags from other articles), and for
each index — FTS5 trigram tokenizer, jieba-segmented words (precise and search mode), and the CJK bigram
index jianbao uses — the share of articles containing the query (as a substring) that the index finds.

``build``: clips corpus pages once (text dumps made from the corpus: title lines and paragraphs as blocks),
then stores copies with a new sha256 each (dates shifted) until the archive holds the asked number of
articles, one transaction per page as ``jianbao ingest`` does; reports clip and store rates.

``search``: starts ``jianbao serve`` on 127.0.0.1, sends a bounded number of sequential search requests
(with facets; a third also filtered by month) and reports p50/p95/max latency.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "rmrb.jsonl"


def corpus_articles(path: Path) -> list[dict]:
    if not path.exists():
        sys.exit(f"no corpus at {path}: pass --corpus PATH/rmrb.jsonl")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def article_text(a: dict) -> str:
    return "\n".join(a["title_lines"] + a["paragraphs"])


def typed_queries(texts: list[str], per_kind: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, query): names (nr), places (ns) and common words, 2–4 CJK characters, as jieba tags them."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    found: dict[str, set[str]] = {"name": set(), "place": set(), "word": set()}
    for text in texts:
        for word, flag in pseg.cut(text[:600]):
            if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", word):
                continue
            kind = {"nr": "name", "ns": "place"}.get(flag, "word" if flag in ("n", "v", "vn", "nz", "a") else None)
            if kind:
                found[kind].add(word)
    out = []
    for kind, words in found.items():
        out += [(kind, w) for w in rng.sample(sorted(words), min(per_kind, len(words)))]
    return out


def recall(args: argparse.Namespace) -> None:
    import jieba

    from jianbao.store import fts

    rng = random.Random(args.seed)
    pool = [a for a in corpus_articles(args.corpus) if a["paragraphs"]]
    texts = [article_text(a) for a in rng.sample(pool, args.articles)]
    queries = typed_queries([article_text(a) for a in rng.sample(pool, 300)], args.queries, rng)
    db = sqlite3.connect(":memory:")
    indexes = {
        "trigram (FTS5 tokenizer)": ("tokenize='trigram'", lambda t: t, lambda q: f'"{q}"' if len(q) >= 3 else None),
        "jieba words": ("tokenize='unicode61'", lambda t: " ".join(jieba.cut(t)),
                        lambda q: '"' + " ".join(w for w in jieba.cut(q) if w.strip()) + '"'),
        "jieba search mode": ("tokenize='unicode61'", lambda t: " ".join(jieba.cut_for_search(t)),
                              lambda q: '"' + " ".join(w for w in jieba.cut(q) if w.strip()) + '"'),
        "CJK bigrams (jianbao)": ("tokenize='unicode61 remove_diacritics 0'", fts.index_text, fts.match_expression),
    }
    truth = {q: {i for i, t in enumerate(texts) if q in t} for _, q in queries}
    print(f"{len(texts)} articles ({sum(map(len, texts)) / len(texts):.0f} characters on average), "
          f"{len(queries)} queries: " + ", ".join(f"{k} {sum(1 for kk, _ in queries if kk == k)}"
                                                   for k in ("name", "place", "word")))
    print("| index | names | places | words | all | precision | index build s | query ms |")
    print("|---|---|---|---|---|---|---|---|")
    for n, (name, (tokenize, prepare, match)) in enumerate(indexes.items()):
        table = f"ix{n}"
        db.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(body, {tokenize})")
        t0 = time.perf_counter()
        db.executemany(f"INSERT INTO {table}(rowid, body) VALUES (?, ?)", ((i, prepare(t)) for i, t in enumerate(texts)))
        built = time.perf_counter() - t0
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        t0 = time.perf_counter()
        for kind, q in queries:
            expr = match(q)
            got = {r[0] for r in db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expr,))} if expr else set()
            for key in (kind, "all"):
                per[key][0] += len(got & truth[q])
                per[key][1] += len(truth[q])
                per[key][2] += len(got)
        spent = (time.perf_counter() - t0) / len(queries) * 1000
        cells = [f"{per[k][0] / per[k][1]:.3f}" if per[k][1] else "–" for k in ("name", "place", "word", "all")]
        precision = per["all"][0] / per["all"][2] if per["all"][2] else 1.0
        print(f"| {name} | " + " | ".join(cells) + f" | {precision:.3f} | {built:.1f} | {spent:.2f} |")
    short = sum(1 for _, q in queries if len(q) == 2)
    print(f"\n{short} of {len(queries)} queries have two characters (the trigram tokenizer cannot match them).")


def corpus_pages(articles: list[dict]) -> list[tuple[str, str, str]]:
    pages: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for a in articles:
        pages[(a["date"], a["page"])].append(a)
    out = []
    for (date, no), arts in sorted(pages.items()):
        arts.sort(key=lambda a: a["seq"])
        blocks = [line for a in arts for line in a["title_lines"] + a["paragraphs"] if line.strip()]
        out.append((f"rmrb-{date}-{no:02d}.txt", f"{date[:4]}-{date[4:6]}-{date[6:]}", "\n\n".join(blocks)))
    return out


def build(args: argparse.Namespace) -> None:
    import jianbao
    from jianbao.store import Archive

    rng = random.Random(args.seed)
    sample = rng.sample(corpus_pages(corpus_articles(args.corpus)), args.base_pages)
    t0 = time.perf_counter()
    base = [(name, date, text, jianbao.clip(text, date=date, describe=False)) for name, date, text in sample]
    clip_s = time.perf_counter() - t0
    print(f"clipped {len(base)} text pages in {clip_s:.1f} s: {len(base) / clip_s:.1f} pages/s (read + clip, no store)")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(args.db) + suffix).unlink(missing_ok=True)
    papers = ["rmrb", "gmrb", "jjrb"]
    with Archive(args.db) as archive:
        articles = pages = 0
        t0, cpu0 = time.perf_counter(), time.process_time()
        while articles < args.articles:
            name, date, text, page = base[pages % len(base)]
            copy = pages // len(base)
            day = (dt.date.fromisoformat(date) + dt.timedelta(days=7 * copy)).isoformat()
            added = archive.add_page(page.with_(date=day), data=f"{copy}\n{text}".encode("utf-8"),
                                     path=f"copy{copy}/{name}", paper=papers[copy % len(papers)], date=day)
            articles += added.articles
            pages += 1
        store_s = time.perf_counter() - t0
        cpu_s = time.process_time() - cpu0
    size = sum(Path(str(args.db) + s).stat().st_size for s in ("", "-wal") if Path(str(args.db) + s).exists())
    print(f"stored {pages} pages, {articles} articles in {store_s:.1f} s: {pages / store_s:.0f} pages/s, "
          f"{articles / store_s:.0f} articles/s (one transaction per page); {pages / cpu_s:.0f} pages per CPU second; "
          f"archive {size / 2**20:.0f} MiB; load average while storing {os.getloadavg()[0]:.1f}")
    end_to_end = 1 / (1 / (len(base) / clip_s) + store_s / pages)
    print(f"text dump → archive (clip + store, one process): {end_to_end:.1f} pages/s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def search(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    pool = [a for a in corpus_articles(args.corpus) if a["paragraphs"]]
    queries = typed_queries([article_text(a) for a in rng.sample(pool, 300)], 200, rng)
    if args.words:
        queries = [("word", w) for w in args.words.split(",") if w.strip()]
    months = [r[0] for r in sqlite3.connect(args.db).execute(
        "SELECT DISTINCT substr(date, 1, 7) FROM articles WHERE current = 1 AND date IS NOT NULL")]
    total = sqlite3.connect(args.db).execute("SELECT count(*) FROM articles WHERE current = 1").fetchone()[0]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "jianbao.cli", "serve", "--db", str(args.db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/static/app.css", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        times, hits = [], []
        for i in range(args.requests):
            kind, q = queries[i % len(queries)]
            params = {"q": q}
            if i % 3 == 2 and months:
                month = rng.choice(months)
                params["date"] = f"{month}..{month}"
            url = f"{base}{args.path}?{urllib.parse.urlencode(params)}"
            t0 = time.perf_counter()
            body = urllib.request.urlopen(url, timeout=30).read()
            times.append((time.perf_counter() - t0) * 1000)
            if args.path == "/api/search":
                hits.append(json.loads(body)["total"])
    finally:
        server.terminate()
        server.wait(timeout=10)
    times.sort()
    p = lambda f: times[min(len(times) - 1, int(f * len(times)))]  # noqa: E731
    print(f"{args.requests} sequential requests to {args.path} on {total} articles: p50 {p(0.50):.1f} ms, "
          f"p95 {p(0.95):.1f} ms, p99 {p(0.99):.1f} ms, max {times[-1]:.1f} ms, mean {statistics.mean(times):.1f} ms")
    if hits:
        print(f"hits per query: median {statistics.median(hits):.0f}, max {max(hits)}")


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the server started here is stopped too
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["recall", "build", "search"])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--db", type=Path, default=ROOT / "build" / "load.db")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--articles", type=int, default=None)
    ap.add_argument("--queries", type=int, default=100, help="recall: queries per kind")
    ap.add_argument("--base-pages", type=int, default=300)
    ap.add_argument("--requests", type=int, default=600)
    ap.add_argument("--path", default="/api/search", help="search: /api/search (JSON) or / (HTML page)")
    ap.add_argument("--words", default="", help="search: comma-separated queries instead of the typed mix")
    args = ap.parse_args()
    if args.mode == "recall":
        args.articles = min(args.articles or 3000, 20000)
        recall(args)
    elif args.mode == "build":
        args.articles = min(args.articles or 100_000, 200_000)
        build(args)
    else:
        args.requests = min(args.requests, 5000)
        search(args)


if __name__ == "__main__":
    main()
