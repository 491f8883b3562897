"""Measure the OCR proofreader (``jianbao.read.proof``) on 150 dpi scans of dev pages (never test).

    python scripts/tune_proof.py [--pages 10] [--offset half]

The pages are every (split size / ``--pages``)-th page of the dev split, starting half a step in, so they
are not the pages ``jianbao bench-scan --split dev --sample N`` reports on (which start at the first).
Each page is rendered with ``pdftoppm -r 150`` and read by rapidocr once; what the recogniser gave for
every frame of every line (its 16 most likely characters) is kept in ``build/proof-tune/``.  Every
setting then decodes those frames again with :class:`jianbao.read.proof.Decoder` and clips the page
(OCR replayed, the same stages as ``bench-scan``): CER and article scores as ``bench-scan`` counts them.

Sixteen characters a frame is enough for the decoder: a runner-up it keeps is among the four best of the
run of frames, so in the frame where it peaks only the reading, the few characters never offered
(``AS_READ``) and the better runners-up rank above it.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import time
from pathlib import Path

import numpy as np

import jianbao.read.image as image
import jianbao.read.proof as proof
from jianbao.bench.pdfbench import Board, find_pages, scan_errors, score_system, text_gold
from jianbao.pipeline import clip

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / f"proof-tune-{image.OCR_MAX_SIDE}"  # recorded at the reader's resolution
LIVE_ENGINE = image._engine  # before measure() stands the replay in for it
TOP = 16


class Recorder(proof.Decoder):
    """The proofreading decoder, keeping each line's frames (top characters and their probabilities)."""

    def __call__(self, preds, return_word_box=False, **kwargs):  # type: ignore[no-untyped-def]
        out = super().__call__(preds, return_word_box, **kwargs)
        top = np.argsort(-preds, axis=2)[:, :, :TOP]
        for b, (text, score) in enumerate(out):
            text.frames = (top[b].astype(np.int16), np.take_along_axis(preds[b], top[b], axis=1).astype(np.float32))
        return out


def record(pages) -> tuple[list[str], dict[str, list]]:  # type: ignore[no-untyped-def]
    """Each page's OCR result as (quad, frame ids, frame probabilities, score), read once and cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    engine = None
    chars: list[str] | None = None
    results = {}
    for bp in pages:
        png, raw = CACHE / f"{bp.id}.png", CACHE / f"{bp.id}.pkl"
        if not png.exists():
            subprocess.run(["pdftoppm", "-r", str(image.SCAN_DPI), "-png", "-singlefile", str(bp.pdf),
                            str(png)[:-4]], check=True, capture_output=True, timeout=300)
        if not raw.exists():
            if engine is None:
                from rapidocr_onnxruntime import RapidOCR

                engine = RapidOCR(max_side_len=image.OCR_MAX_SIDE)
                engine.text_rec.postprocess_op = Recorder(engine.text_rec.postprocess_op.character)
            t0 = time.perf_counter()
            result, _ = engine(image.load_image(png))
            lines = [(quad, *text.frames, score) for quad, text, score in result or []]
            raw.write_bytes(pickle.dumps((engine.text_rec.postprocess_op.character, lines)))
            print(f"read {bp.id}: {len(lines)} lines, {time.perf_counter() - t0:.1f} s", flush=True)
        chars, results[bp.id] = pickle.loads(raw.read_bytes())
    assert chars is not None
    return chars, results


class Replay:
    """Stands in for rapidocr: the recorded lines of one page, decoded again with the current settings."""

    def __init__(self, chars: list[str]) -> None:
        self.decoder = proof.Decoder(chars)
        self.size = len(chars)
        self.lines: list = []

    @property
    def text_rec(self):  # type: ignore[no-untyped-def]
        """The recogniser the reader's second looks (jianbao.read.reread) ask: rapidocr's own, live."""
        return LIVE_ENGINE().text_rec

    def __call__(self, img):  # type: ignore[no-untyped-def]
        out = []
        for quad, ids, probs, score in self.lines:
            dense = np.zeros((1, len(ids), self.size), dtype=np.float32)
            np.put_along_axis(dense[0], ids.astype(np.int64), probs, axis=1)
            text, _ = self.decoder(dense)[0]
            out.append([quad, text, score])
        return out, None


SETTINGS: list[tuple[str, dict]] = [
    ("off (rapidocr as read)", {"DOUBT": 0.0, "LOOKALIKE": {}, "ellipses": False}),
    ("ellipses", {"DOUBT": 0.0, "LOOKALIKE": {}}),
    ("ellipses + lookalikes", {"DOUBT": 0.0}),
    *[(f"ellipses + doubt {d} weight {w}", {"DOUBT": d, "WEIGHT": w, "LOOKALIKE": {}})
      for d in (0.7, 0.9, 0.97) for w in (1.0, 2.0, 3.0, 5.0)],
    *[(f"ellipses + lookalikes + doubt {d} weight {w}", {"DOUBT": d, "WEIGHT": w}) for d in (0.9,) for w in (2.0, 3.0)],
]


def measure(pages, chars, results, setting: dict) -> dict[str, float]:  # type: ignore[no-untyped-def]
    saved = {k: getattr(proof, k) for k in ("DOUBT", "WEIGHT", "LOOKALIKE")}
    ellipses = image.settle_ellipses
    replay = Replay(chars)
    image._engine = lambda: replay  # type: ignore[assignment]
    try:
        for k, v in setting.items():
            if k == "ellipses":
                image.settle_ellipses = ellipses if v else (lambda text: text)
            else:
                setattr(proof, k, v)
        board, errors, total = Board(), 0, 0
        for bp in pages:
            replay.lines = results[bp.id]
            page = clip(CACHE / f"{bp.id}.png", describe=False)
            layout = bp.layout()
            e, c = scan_errors(page, layout, 72.0 / image.SCAN_DPI)
            errors, total = errors + e, total + c
            board.add("scan", score_system(page, layout, text_gold(layout)))
    finally:
        for k, v in saved.items():
            setattr(proof, k, v)
        image.settle_ellipses = ellipses
    f = board.text["scan"].figures()
    return {"errors": errors, "chars": total, "cer": errors / max(1, total), "exact": f["article_exact"],
            "b3": f["b3_f1"], "headline": f["headline_accuracy"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=10)
    args = ap.parse_args()
    pages = find_pages(ROOT / "build" / "bench" / "dev")
    step = max(1, len(pages) // args.pages)
    chosen = pages[step // 2::step][:args.pages]
    print(f"dev pages: {', '.join(bp.id for bp in chosen)}")
    chars, results = record(chosen)
    print(f"{'setting':<46} {'errors':>7} {'CER':>7} {'exact':>6} {'B3':>6} {'headline':>8}")
    for name, setting in SETTINGS:
        m = measure(chosen, chars, results, setting)
        print(f"{name:<46} {m['errors']:>7} {m['cer']:>7.4f} {m['exact']:>6.3f} {m['b3']:>6.3f} {m['headline']:>8.3f}",
              flush=True)
    print(f"(over {m['chars']:,} printed characters; shipped: DOUBT {proof.DOUBT}, WEIGHT {proof.WEIGHT}, "
          f"lookalikes {'on' if proof.LOOKALIKE else 'off'})")


if __name__ == "__main__":
    main()
