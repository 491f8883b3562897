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
