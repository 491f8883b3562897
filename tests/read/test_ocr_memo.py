"""The scan bench's OCR cache (jianbao.read.image.ocr_memo): answers kept by the pixels asked about."""

from __future__ import annotations

import numpy as np

from jianbao.read import image as reader


class FakeEngine:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, img):  # type: ignore[no-untyped-def]
        self.calls += 1
        return [([[0, 0], [10, 0], [10, 5], [0, 5]], f"行{int(img.sum())}", 0.9)], None

    def text_rec(self, crops):  # type: ignore[no-untyped-def]
        self.calls += 1
        return [(f"读{int(c.sum())}", 0.9) for c in crops], None


def test_the_engine_is_asked_once_per_pixels_and_the_answers_outlive_the_run(tmp_path, monkeypatch):
    engine = FakeEngine()
    monkeypatch.setattr(reader, "_engine", lambda: engine)
    a, b = np.zeros((4, 4, 3), np.uint8), np.ones((4, 4, 3), np.uint8)
    memo = tmp_path / "cache" / "page.pkl"
    with reader.ocr_memo(memo):
        first = reader._detect(a), reader._recognise([a, b])
        assert reader._detect(a) == first[0] and engine.calls == 2
    assert memo.exists() and reader._memo is None
    with reader.ocr_memo(memo):
        assert (reader._detect(a), reader._recognise([a, b])) == first
        assert engine.calls == 2
        assert reader._detect(b) != first[0] and engine.calls == 3  # other pixels: asked
    reader._detect(a)  # no memo held: asked every time
    assert engine.calls == 4
