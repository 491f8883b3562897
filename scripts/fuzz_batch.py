"""Fuzz the batch's isolation: thousands of mutated pages, and the run must neither stop nor lose one.

    python scripts/fuzz_batch.py                      # 10,000 mutated pages, 2 workers
    python scripts/fuzz_batch.py --pages 500 --blobs 1

Base pages come from scripts/gen_pages.py; each fuzzed page is one of them mutated — truncated (also
mid-character), bytes flipped, a chunk of random bytes spliced in, re-encoded in a wrong encoding
(Shift-JIS, Big5, Latin-1, UTF-16/32 without BOM), pure random bytes, empty or blank, NULs and control
characters, a lying BOM, lone surrogates, thousands of one-character blocks, one giant line — plus
``--blobs`` files of 50 MB and a manifest with broken rows.  Then ``jianbao batch`` runs over all of it.

Passes when the run finishes (no crash), every page is in the pages table exactly once, every failed page
has a reason, and no failure is ``internal: …`` (that would be a bug in a stage or reader; the count of
each kind is printed either way).  Writes ``OUT/fuzz.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOB_BYTES = 50 * 1024 * 1024


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


def _flip(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        if b:
            b[rng.randrange(len(b))] ^= rng.randint(1, 255)
    return bytes(b)


def _splice(data: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + os.urandom(rng.randint(1, 4096)) + data[at:]


def _wrong_encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["shift_jis", "big5", "latin-1", "utf-16-le", "utf-16-be", "utf-32-le", "cp1252", "euc_kr"])
    return text.encode(codec, "replace")


def _random(data: bytes, rng: random.Random) -> bytes:
    return os.urandom(rng.choice((1, 7, 100, 5000, 60000)))


def _blank(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([b"", b" ", b"\n\n\n", b"\r\n\t \r\n", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf"])


def _nul_and_control(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 200)):
        b.insert(rng.randint(0, len(b)), rng.choice(b"\x00\x01\x02\x07\x08\x1b\x7f"))
    return bytes(b)


def _lying_bom(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00"]) + data[: rng.randint(0, 999)]


def _surrogates(data: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + b"\xed\xa0\x80\xed\xbf\xbf" * rng.randint(1, 5) + data[at:]


def _many_blocks(data: bytes, rng: random.Random) -> bytes:
    return "。\n\n".join("字" for _ in range(rng.choice((1200, 5000)))).encode()


def _giant_line(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b" ") * rng.randint(20, 200)


MUTATORS = [_truncate, _flip, _splice, _wrong_encoding, _random, _blank, _nul_and_control, _lying_bom, _surrogates,
            _many_blocks, _giant_line]
WEIGHTS = [20, 20, 10, 15, 10, 5, 8, 5, 5, 1, 1]


def write_fuzz(base: Path, out: Path, n: int, *, blobs: int, seed: int = 11) -> dict:
    """Mutate base pages (``base/pages/**.txt``) into ``out/pages``; also blobs and a bad manifest."""
    rng = random.Random(seed)
    sources = sorted(base.glob("pages/**/*.txt"))
    pages = out / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    made: dict[str, int] = {}
    for i in range(n):
        mut = rng.choices(MUTATORS, WEIGHTS)[0]
        data = mut(rng.choice(sources).read_bytes(), rng)
        (pages / f"{i:06d}{rng.choice(('.txt', '.txt', '.dat', ''))}").write_bytes(data)
        made[mut.__name__.strip("_")] = made.get(mut.__name__.strip("_"), 0) + 1
    (pages / os.fsdecode(b"bad-name-\xff.txt")).write_bytes("标题\n\n名字不是 UTF-8 的文件。".encode())
    made["undecodable_file_name"] = 1
    for k in range(blobs):
        with open(pages / f"blob{k}.txt", "wb") as fh:
            chunk = os.urandom(1 << 20) if k % 2 else "人民日报社论。".encode() * (1 << 16)
            for _ in range(BLOB_BYTES // len(chunk)):
                fh.write(chunk)
    made["blob_50MB"] = blobs
    rows = [json.dumps({"text": "标题\n\n正文。", "date": "2020-02-30"}, ensure_ascii=False), "{not json",
            json.dumps([1, 2]), json.dumps({"path": 17}), json.dumps({"text": None}),
            json.dumps({"text": "标题\n\n正文一段。", "page": "七"}, ensure_ascii=False),
            json.dumps({"text": "\ud800 lone", "paper": "x"}), json.dumps({"path": "../nowhere/p.txt"}),
            json.dumps({"id": "\udc80id", "paper": "\udc81", "text": "标题\n\n正文一段。"})]
    (out / "broken.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    made["manifest_rows"] = len(rows)
    return made


def check(out: Path, n_inputs: int) -> dict:
    import pyarrow.parquet as pq

    pages = pq.read_table(out / "run" / "pages.parquet").to_pylist()
    ids = [p["page_id"] for p in pages]
    failed = [p for p in pages if p["status"] == "failed"]
    kinds: dict[str, int] = {}
    for p in failed:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    internal = [p for p in failed if (p["kind"] or "").startswith("internal")]
    return {
        "pages": len(pages), "inputs": n_inputs, "unique_ids": len(set(ids)),
        "ok": len(pages) - len(failed), "failed": len(failed),
        "failed_without_reason": sum(1 for p in failed if not p["reason"]),
        "internal": len(internal), "internal_examples": [p["reason"] for p in internal[:5]],
        "failed_by_kind": dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--blobs", type=int, default=3, help="50 MB files among the inputs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "fuzz")
    ap.add_argument("--base", type=Path, default=None, help="generated pages to mutate (default: make 300)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    import gen_pages

    base = args.base or args.out / "base"
    if not (base / "manifest.jsonl").exists():
        gen_pages.generate(300, base, seed=5)
    made = write_fuzz(base, args.out / "inputs", args.pages, blobs=args.blobs)
    n_inputs = args.pages + args.blobs + made["manifest_rows"] + 1
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "jianbao.cli", "batch", str(args.out / "inputs" / "pages"),
           str(args.out / "inputs" / "broken.jsonl"), "-o", str(args.out / "run"), "--fresh",
           "--workers", str(args.workers), "-q"]
    import subprocess

    code = subprocess.run(cmd).returncode
    result = {"mutations": made, "exit_code": code, "seconds": round(time.perf_counter() - start, 1)}
    if code == 0:
        result.update(check(args.out, n_inputs))
    ok = (code == 0 and result["pages"] == result["unique_ids"] == n_inputs
          and result["failed_without_reason"] == 0 and result["internal"] == 0)
    result["passed"] = ok
    (args.out / "fuzz.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
