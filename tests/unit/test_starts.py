"""The start models: does a title-like line open an article or a section of one, is it prose?"""

from __future__ import annotations

import json

import numpy as np
import pytest

from jianbao.lm.model import default_lm
from jianbao.read.text import page_from_text
from jianbao.stages.evidence import gather
from jianbao.stages.roles import assign_roles
from jianbao.stages.starts import FEATURES, StartModel, TreeModel, fit, start_features, start_model, title_like

STORY = "本报北京1月31日电 国务院新闻办公室今天举行发布会，介绍春节期间各地保障供应的情况。"
PAGE = "\n\n".join([
    "长江经济带生态优先绿色发展",
    STORY,
    "长江保护修复攻坚战取得阶段性成效，水质优良比例持续提高，沿江省市协同推进。",
    "源头治理见实效",
    "沿江化工企业关改搬转有序推进，长江干流水质稳定向好。",
])


def test_every_title_like_line_gets_a_row_of_every_feature():
    page = assign_roles(page_from_text(PAGE))
    lines = title_like(page)
    assert lines == [0, 3]
    x = start_features(page, gather(page, default_lm()), lines)
    assert x.shape == (2, len(FEATURES)) and np.isfinite(x).all()
    row = dict(zip(FEATURES, x[0]))
    assert row["dateline_after"] == 1.0 and row["after_ended"] == 1.0  # a dateline follows the headline


def test_the_shipped_model_reads_its_own_features():
    model = start_model()
    assert model is not None, "src/jianbao/data/title-starts.json is missing: python scripts/build_starts.py"
    x = np.random.default_rng(1).normal(size=(50, len(FEATURES)))
    again = StartModel.from_json(model.to_json())
    for mine, theirs in ((model.opens, again.opens), (model.display, again.display)):
        assert isinstance(mine, TreeModel) and mine.feature.max() < len(FEATURES)
        assert np.array_equal(mine.logits(x), theirs.logits(x))
        assert np.isfinite(mine.logits(x)).all() and mine.logits(x).std() > 0


def test_a_tree_sends_rows_left_at_or_below_its_threshold_and_missing_values_as_told():
    # one tree: node 0 splits feature 1 at 0.5 (missing values right) into leaves 1 (−2) and 2 (+3)
    tree = TreeModel(base=0.25, roots=np.array([0]), feature=np.array([1, 0, 0]),
                     threshold=np.array([0.5, np.inf, np.inf]), missing_left=np.array([False, True, True]),
                     left=np.array([1, 1, 2]), value=np.array([0.0, -2.0, 3.0]), depth=1)
    x = np.zeros((4, len(FEATURES)))
    x[:, 1] = [0.5, 0.6, np.nan, -1.0]
    assert tree.logits(x).tolist() == [-1.75, 3.25, 3.25, -1.75]
    assert tree.logits(np.zeros((0, len(FEATURES)))).shape == (0,)


def test_trees_from_sklearn_score_as_sklearn_does():
    ensemble = pytest.importorskip("sklearn.ensemble")  # the build's tool (the dev and build extras)
    rng = np.random.default_rng(2)
    x = rng.normal(size=(600, len(FEATURES)))
    y = ((x[:, 2] > 0) ^ (x[:, 5] * x[:, 7] > 0.3)).astype(float)
    x[::9, 5] = np.nan  # missing values seen in training: the trees learn where they go
    model = ensemble.HistGradientBoostingClassifier(max_iter=20, max_depth=4, random_state=0).fit(x, y)
    trees = TreeModel.from_sklearn(model)
    probe = rng.normal(size=(300, len(FEATURES)))
    probe[::4, 5] = np.nan
    probe[::5, 0] = np.nan  # never missing in training
    assert np.allclose(trees.logits(probe), model.decision_function(probe), atol=1e-9)
    again = TreeModel.from_dict(json.loads(json.dumps(trees.as_dict())))
    assert np.array_equal(again.logits(probe), trees.logits(probe))


def test_a_model_built_for_other_features_is_refused():
    data = json.loads(start_model().to_json())
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="rebuild"):
        StartModel.from_json(json.dumps(data))


def test_fit_learns_a_separable_rule():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, len(FEATURES)))
    y = (x[:, 2] > 0).astype(float)  # only "continuity" decides
    model = fit(x, y)
    assert ((model.logits(x) > 0) == (y == 1)).mean() > 0.95
    assert np.argmax(np.abs(model.weights)) == 2


def plain_start_features(page, ev, lines):
    """The start features a line at a time, as they were defined before all lines' were taken at once."""
    import math

    from jianbao import cues
    from jianbao.lm.titles import heading_model, title_model
    from jianbao.model import TITLE_ROLES, Role
    from jianbao.stages.starts import AFTER, BEFORE, JOIN_FLOOR, JOIN_REACH, _overlap

    n, kinds = len(page.blocks), page.roles
    titles, headings = title_model(), heading_model()
    body = [i for i in range(n) if kinds[i] not in TITLE_ROLES and kinds[i] is not Role.FURNITURE]
    body_at = np.searchsorted(np.array(body, dtype=np.int64), np.arange(n)) if body else np.zeros(n, dtype=np.int64)
    rows, last, join = [], -1, ev.join
    flat = {b: " ".join(ev.texts[b].split()) for b in lines}

    def form(t):
        return len(t), [(i, c) for i, c in enumerate(t) if not c.isalnum()]

    def siblings(b):  # pair by pair: the page's other title-like lines, those just before and after it left out
        t, others = flat[b], [flat[c] for c in lines if c != b and abs(c - b) != 1]
        return (float(sum(form(u) == form(t) for u in others)),
                float(sum(len(t) >= 3 and len(u) >= 3 and (u[:2] == t[:2] or u[-2:] == t[-2:]) for u in others)),
                float(sum(abs(len(u) - len(t)) <= 1 for u in others)))

    for b in lines:
        text = ev.texts[b].strip()
        at = int(body_at[b])
        before = body[max(0, at - BEFORE):at]
        after = [i for i in body[at:at + AFTER + 1] if i > b][:AFTER]
        first = after[0] if after else None
        column = ev.column[first] if first is not None else math.nan
        measured = not math.isnan(column)
        rows.append((
            headings.logit(text), titles.logit(text), float(ev.continuity[b]), _overlap(ev.gram, b, before),
            _overlap(ev.gram, b, after), float(ev.opener_next[b]), math.log1p(len(text)),
            float(ev.closed[b - 1]) if b else 1.0, float(b - 1 in lines), float(b + 1 in lines),
            float(b > 0 and ev.closer[b - 1]), math.log1p(b - last if last >= 0 else BEFORE * 6),
            math.log1p(float(ev.chars[last + 1:b].sum())),
            float(ev.head_runs_on[first]) if first is not None else 0.0,
            float(measured and ev.widest[b] > column + 1.0), float(measured and ev.widest[b] <= column + 0.5),
            float(measured), float(text.endswith(("，", ","))), float(text.endswith(("！", "？", "!", "?"))),
            float(bool(cues.HEADING_NUMBER.match(text))), float(text.startswith(("“", "\""))),
            max(JOIN_FLOOR, float(join[max(0, b - JOIN_REACH):b, b].max(initial=-math.inf))),
            max(JOIN_FLOOR, float(join[b, b + 1:b + 1 + JOIN_REACH].max(initial=-math.inf))),
            float(ev.head_runs_on[b]), float(ev.tail_runs_on[b]), float(ev.closed[b]), float(ev.goes_on[b]),
            float(ev.midway[b]), float(ev.comes_on[b]), float(ev.comes_on[b + 1]) if b + 1 < n else 0.0,
            float(ev.kicker_end[b]),
            float(b + 1 < n and bool(cues.SUBTITLE.match(ev.texts[b + 1].strip()))), *siblings(b),
        ))
        last = b
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


@pytest.mark.parametrize("name", ["PAGE", "golden"])
def test_every_line_s_features_at_once_are_the_features_a_line_at_a_time(name):
    from pathlib import Path

    text = PAGE if name == "PAGE" else (Path(__file__).parents[1] / "golden" / "rmrb-19980101-01" / "input.txt").read_text(
        encoding="utf-8")
    page = assign_roles(page_from_text(text))
    ev = gather(page, default_lm())
    lines = title_like(page)
    assert len(lines) >= 2
    assert np.array_equal(start_features(page, ev, lines), plain_start_features(page, ev, lines), equal_nan=True)


def test_a_piece_a_column_break_cut_off_reads_as_going_on_and_a_paragraph_start_does_not():
    # evidence.comes_on: the opening characters asked with no history against after a paragraph start
    texts = ["2020年新年戏曲晚会群英荟萃、少长", "咸集，充分展现了我国戏曲艺术的繁荣景象。",
             "2019年，我们用汗水浇灌收获，以实干笃定前行。", "被公安部追授全国公安系统二级英雄模范称号。",
             "习近平指出，要坚持以人民为中心的发展思想。"]
    page = assign_roles(page_from_text("\n\n".join(texts)))
    comes_on = gather(page, default_lm()).comes_on
    assert comes_on[1] > 0 and comes_on[3] > 0  # 咸集，… and 被公安部… go on from somewhere
    assert comes_on[2] < 0 and comes_on[4] < 0  # 2019年，… and 习近平指出… open paragraphs


def test_a_line_ending_as_a_kicker_or_followed_by_a_deck_says_so_in_its_row():
    page = assign_roles(page_from_text("\n\n".join([
        "万众一心加油干 越是艰险越向前", "——习近平主席2020年新年贺词启示录④", STORY,
        "美内华达州州长——", "美中应在投资、创新等领域坚持协作", STORY])))
    lines = title_like(page)
    rows = {b: dict(zip(FEATURES, row)) for b, row in zip(lines, start_features(page, gather(page, default_lm()), lines))}
    assert rows[0]["deck_after"] == 1.0 and rows[0]["kicker_end"] == 0.0
    assert rows[3]["kicker_end"] == 1.0 and rows[3]["deck_after"] == 0.0


def test_a_feature_s_section_headings_count_their_siblings_of_one_form():
    # starts.siblings: 乐章二 and 乐章三 share their length, their form and their first two characters; the
    # headline's deck, the line just after it, is not counted as its sibling
    page = assign_roles(page_from_text("\n\n".join([
        "黄河岸边的生态乐章", "——记沿黄九省区的生态保护", STORY, "乐章二", STORY, "乐章三", STORY, "乐章四", STORY])))
    lines = title_like(page)
    rows = {b: dict(zip(FEATURES, row)) for b, row in zip(lines, start_features(page, gather(page, default_lm()), lines))}
    assert rows[3]["like_form"] == rows[3]["like_ends"] == rows[3]["like_length"] == 2.0
    assert rows[0]["like_form"] == rows[0]["like_ends"] == 0.0
