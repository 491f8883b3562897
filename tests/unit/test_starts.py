"""The start models: does a title-like line open an article or a section of one, is it prose?"""

from __future__ import annotations

import json

import numpy as np
import pytest

from jianbao.lm.model import default_lm
from jianbao.read.text import page_from_text
from jianbao.stages.evidence import gather
from jianbao.stages.roles import assign_roles
from jianbao.stages.starts import FEATURES, StartModel, fit, start_features, start_model, title_like

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
    for line_model in (model.opens, model.display):
        assert line_model.weights.shape == (len(FEATURES),)
    again = StartModel.from_json(model.to_json())
    assert np.allclose(again.opens.weights, model.opens.weights) and again.display.bias == model.display.bias


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
