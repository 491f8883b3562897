"""The OCR proofreader (``jianbao.read.proof``): a decoder that reads as rapidocr's does and keeps its
doubts, a language model that settles them without inventing characters, and ellipses set right."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jianbao.read.proof as proof
from jianbao.read.proof import (AS_READ, DOUBT, Decoder, Doubt, Reading, joined, proofread, settle_ellipses,
                                stripped)

ALPHABET = list("中华人民共和国圆成立七十周年的一是在不了有—…。，“”.·")


def ctc():  # type: ignore[no-untyped-def]
    from rapidocr_onnxruntime.ch_ppocr_rec.utils import CTCLabelDecode

    return CTCLabelDecode(character=list(ALPHABET))


def frames(rng: np.random.Generator, batch: int, width: int, n: int, sharp: float) -> np.ndarray:
    """Softmax frames over ``n`` classes; ``sharp`` high: one class stands out (as a trained model's do)."""
    logits = rng.normal(size=(batch, width, n)) * sharp
    e = np.exp(logits - logits.max(axis=2, keepdims=True))
    return (e / e.sum(axis=2, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("seed", range(12))
def test_decoder_reads_as_rapidocr_does(seed):
    """Same text and score as rapidocr 1.4's CTCLabelDecode, called as TextRecognizer calls it."""
    theirs = ctc()
    ours = Decoder(theirs.character)
    rng = np.random.default_rng(seed)
    preds = frames(rng, 3, 40, len(theirs.character), sharp=1.0 + seed)
    preds[:, ::5, 0] += 5.0  # blanks between runs, so characters repeat across them
    preds /= preds.sum(axis=2, keepdims=True)
    kwargs = {"wh_ratio_list": [1.0] * 3, "max_wh_ratio": 1.0}
    want = theirs(preds, False, **kwargs)
    got = ours(preds, False, **kwargs)
    assert [(str(t), s) for t, s in got] == [(t, s) for t, s in want]
    assert all(isinstance(s, float) for _, s in got)


def test_decoder_score_of_an_empty_line_is_zero_as_rapidocr_gives():
    theirs = ctc()
    preds = np.zeros((1, 6, len(theirs.character)), dtype=np.float32)
    preds[:, :, 0] = 1.0
    assert Decoder(theirs.character)(preds) == theirs(preds) == [("", 0.0)]


def one_hot_line(chars: list[str], text: str, unsure: dict[int, dict[str, float]]) -> np.ndarray:
    """Frames reading ``text`` (two frames a character, a blank between): at index i, ``unsure[i]`` gives
    the character's frame probabilities instead of certainty."""
    ids = {c: i for i, c in enumerate(chars)}
    rows = []
    for i, ch in enumerate(text):
        row = np.zeros(len(chars), dtype=np.float32)
        for c, p in unsure.get(i, {ch: 1.0}).items():
            row[ids[c]] = p
        row[0] = 1.0 - row.sum()
        rows += [row, row, np.eye(len(chars), dtype=np.float32)[0]]
    return np.array([rows])


def test_decoder_keeps_runners_up_only_where_unsure():
    chars = ctc().character
    preds = one_hot_line(chars, "共和圆成立", {2: {"圆": 0.6, "国": 0.3, "“": 0.05, "成": 0.01}})
    [(text, score)] = Decoder(chars)(preds)
    assert text == "共和圆成立" and isinstance(text, Reading)
    # the quote is never offered (AS_READ), a runner-up under FLOOR is no option
    assert text.doubts == (Doubt(2, (("圆", pytest.approx(0.6)), ("国", pytest.approx(0.3)))),)
    assert score == pytest.approx((4 + 0.6) / 5)


def test_decoder_never_offers_a_space():
    chars = ctc().character
    assert chars[-1] == " "
    preds = one_hot_line(chars, "共和圆成立", {2: {"圆": 0.5, " ": 0.45}})
    assert Decoder(chars)(preds)[0][0].doubts == ()


def test_sure_characters_and_marks_read_as_read_have_no_doubts():
    chars = ctc().character
    preds = one_hot_line(chars, "年“成.", {1: {"“": 0.5, "”": 0.4}, 3: {".": 0.5, "·": 0.4},
                                          0: {"年": DOUBT + 0.05, "中": 0.04}})
    assert Decoder(chars)(preds)[0][0].doubts == ()


def test_proofread_settles_a_misread_by_the_language_model():
    line = Reading.of("中华人民共和圆成立七十周年", [Doubt(6, (("圆", 0.6), ("国", 0.3)))])
    assert proofread([line]) == ["中华人民共和国成立七十周年"]


def test_proofread_reads_across_line_ends():
    first = Reading.of("中华人民共和圆", [Doubt(6, (("圆", 0.6), ("国", 0.3)))])
    assert proofread([first, "成立七十周年"]) == ["中华人民共和国", "成立七十周年"]


def test_proofread_weighs_the_recogniser_against_the_model(monkeypatch):
    line = Reading.of("中华人民共和圆成立七十周年", [Doubt(6, (("圆", 0.6), ("国", 0.3)))])
    monkeypatch.setattr(proof, "WEIGHT", 1000.0)  # the recogniser alone
    assert proofread([line]) == ["中华人民共和圆成立七十周年"]


def test_proofread_leaves_plain_text_and_the_last_characters_alone():
    assert proofread(["中华人民共和圆", "成立"]) == ["中华人民共和圆", "成立"]
    tail = Reading.of("中华人民共和圆", [Doubt(6, (("圆", 0.6), ("国", 0.3)))])
    assert proofread([tail]) == ["中华人民共和圆"]  # no right-hand context


@st.composite
def doubtful_lines(draw):  # type: ignore[no-untyped-def]
    pool = "中华人民共和国圆成立七十周年的一是在不了有—"
    lines = []
    for text in draw(st.lists(st.text(alphabet=pool, min_size=0, max_size=12), min_size=1, max_size=5)):
        at = sorted(draw(st.sets(st.integers(0, len(text) - 1), max_size=len(text)))) if text else []
        doubts = [Doubt(i, ((text[i], draw(st.floats(0.05, 0.95))),
                            *((c, draw(st.floats(0.02, 0.9))) for c in draw(st.lists(st.sampled_from(pool),
                                                                                     min_size=1, max_size=3)))))
                  for i in at]
        lines.append(Reading.of(text, doubts) if draw(st.booleans()) else text)
    return lines


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doubtful_lines())
def test_proofread_only_swaps_offered_characters(lines):
    out = proofread(lines)
    assert [len(t) for t in out] == [len(t) for t in lines]
    for line, fixed in zip(lines, out):
        offered = {d.at: {c for c, _ in d.options} for d in getattr(line, "doubts", ())}
        for i, (a, b) in enumerate(zip(line, fixed)):
            assert a == b or b in offered.get(i, ())


def test_stripped_and_joined_keep_their_doubts_in_place():
    d = Doubt(4, (("圆", 0.6), ("国", 0.3)))
    text = stripped(Reading.of("  共和圆成立 ", [Doubt(0, ((" ", 0.5), ("中", 0.4))), d]))
    assert text == "共和圆成立" and text.doubts == (d.moved(-2),)
    both = joined(Reading.of("中华", [Doubt(1, (("华", 0.5), ("化", 0.4)))]), text)
    assert both == "中华共和圆成立" and [x.at for x in both.doubts] == [1, 4]
    assert both[both.doubts[1].at] == "圆"
    assert joined("中华", "人民").doubts == ()


@pytest.mark.parametrize("read, printed", [
    ("他说…", "他说……"),          # one ellipsis mark for the two printed
    ("他说……", "他说……"),
    ("他说......", "他说……"),
    ("他说...", "他说……"),
    ("他说…...", "他说……"),
    ("他说···", "他说……"),
    ("约3.14米", "约3.14米"),      # a decimal point
    ("阿卜杜勒·阿齐兹", "阿卜杜勒·阿齐兹"),  # a name's dot
    ("1..2", "1..2"),
    ("完。", "完。"),
])
def test_settle_ellipses(read, printed):
    assert settle_ellipses(read) == printed


def test_as_read_holds_the_marks_a_character_model_cannot_choose_between():
    assert {"“", "”", ".", "…", "·"} <= AS_READ


@pytest.mark.parametrize("read,want", [
    ('却要了爸妈的半辈子积蓄。"', "却要了爸妈的半辈子积蓄。”"),
    ('……"', "……”"),
    ('"我们家2017年', "“我们家2017年"),
    ('丹麦送餐品牌"Just', '丹麦送餐品牌"Just'),   # inside the line: left as read
    ('Eat"', 'Eat"'),                              # Latin keeps its own
])
def test_an_ascii_quote_at_a_line_s_end_beside_chinese_is_full_width(read, want):
    assert proof.settle_quotes(read) == want and len(proof.settle_quotes(read)) == len(read)
