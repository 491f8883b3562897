"""The resume model: which open story does a block of a text dump go on?"""

from __future__ import annotations

import math

import numpy as np

from jianbao.lm.model import default_lm
from jianbao.read.text import page_from_text
from jianbao.stages.evidence import gather
from jianbao.stages.resumes import FEATURES, examples, read_across, resume_model
from jianbao.stages.roles import assign_roles

# two stories read across their columns: the first's paragraph is cut mid-sentence, the second's headline and
# opening come between, then the first goes on
PAGE = "\n\n".join([
    "人工智能企业走进航天遥感",
    "本报北京1月31日电 国务院新闻办公室今天举行发布会，介绍人工智能企业参与航天遥感服务的情况，多家企业",
    "冬季农田水利建设全面展开",
    "本报讯 入冬以来，各地抓住农闲时节，组织群众修渠道、清淤泥、整治农田，为来年春耕打下基础。",
    "负责人到场回答记者提问，介绍了卫星图像识别的新进展。",
])
GOLD = {"articles": [
    {"elements": [{"role": "headline", "blocks": [0]}, {"role": "paragraph", "blocks": [1, 4]}]},
    {"elements": [{"role": "headline", "blocks": [2]}, {"role": "paragraph", "blocks": [3]}]},
]}


def test_a_row_for_every_story_open_when_a_block_goes_on_one():
    ev = gather(assign_roles(page_from_text(PAGE)), default_lm())
    x, y, at = examples(ev, GOLD)
    assert x.shape[1] == len(FEATURES)
    # block 1 goes on story 0 (one open); 3 on story 1 (two open, its own the latest); 4 on story 0, one back
    assert at.tolist() == [1, 3, 3, 4, 4] and y.tolist() == [1, 1, 0, 0, 1]
    row = dict(zip(FEATURES, x[4]))
    assert row["rank"] == 1 and row["back"] == 3 and row["dangling"] == 1 and row["stories"] == 2
    assert math.isfinite(row["goes_on"]) and row["read_across"] == read_across(ev)


def test_read_across_is_a_share_of_the_paragraphs_left_mid_sentence():
    ev = gather(assign_roles(page_from_text(PAGE)), default_lm())
    share = read_across(ev)
    assert math.isnan(share) or 0.0 <= share <= 1.0
    assert math.isnan(read_across(gather(assign_roles(page_from_text("一句话说完了。")), default_lm())))


def test_the_shipped_model_reads_these_features():
    model = resume_model()
    assert model is not None, "src/jianbao/data/resumes.json is missing: python scripts/build_resumes.py"
    assert np.isfinite(model.logits(np.zeros((1, len(FEATURES))))).all()


def test_the_rows_ask_which_roles_run_on_as_the_threader_does():
    # resumes.py keeps its own copy of thread.RUNS_ON (thread imports resumes): the rows must read a run-on as
    # the beam does, or the model learns from moves the beam never makes
    from jianbao.stages import resumes, thread

    assert resumes.RUNS_ON == thread.RUNS_ON


def test_rows_from_a_decoded_path_are_labelled_by_the_gold():
    # the decoder gave block 3 to the first story and 4 to a story of its own: where its open stories differ
    # from the gold's (at block 4), the rows are its stories', the one holding 4's gold predecessor (1) labelled 1
    ev = gather(assign_roles(page_from_text(PAGE)), default_lm())
    path = {"articles": [
        {"elements": [{"role": "headline", "blocks": [0]}, {"role": "paragraph", "blocks": [1]},
                      {"role": "paragraph", "blocks": [3]}]},
        {"elements": [{"role": "headline", "blocks": [2]}]},
        {"elements": [{"role": "paragraph", "blocks": [4]}]},
    ]}
    x, y, at = examples(ev, GOLD, path=path)
    assert at.tolist() == [4, 4] and y.tolist() == [1, 0]
    assert x[0, FEATURES.index("rank")] == 0 and x[0, FEATURES.index("back")] == 1
    assert not len(examples(ev, GOLD, path=GOLD)[1])  # the gold's own states give no rows twice
