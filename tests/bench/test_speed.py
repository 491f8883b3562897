"""The text bench's speed figures: back-to-back runs, the median kept, big pages apart."""

from jianbao.bench import run
from jianbao.bench.run import Pass, Result, speed_lines, time_passes


def test_the_median_of_the_back_to_back_runs_is_reported_with_the_spread(monkeypatch):
    runs = iter([Pass([0.004, 0.004], 0.008), Pass([0.001, 0.001], 0.002), Pass([0.002, 0.002], 0.004)])
    monkeypatch.setattr(run, "back_to_back", lambda texts, steps: next(runs))
    monkeypatch.setattr(run, "default_steps", lambda describe: ["roles", "thread"])
    result = Result(chars=[5000, 8000])
    time_passes(result, ["a", "b"], ["roles", "thread"], progress=False)
    assert result.passes["clip"].seconds == [0.002, 0.002]  # the middle of 250, 1,000 and 500 pages/s
    assert result.spread["clip"] == (250.0, 1000.0)
    text = speed_lines(result, {})
    assert "**500** by wall clock (runs 250–1000)" in text
    assert "the 1 dumps of 7,000 characters or more (8,000 on average): **500** pages/s" in text
    assert "about" not in result.passes  # describing was not asked for: no run of it


def test_clipping_back_to_back_times_every_page():
    timed = run.back_to_back(["标题\n\n正文第一段。", "另一页\n\n正文。"], run.default_steps(describe=False))
    assert len(timed.seconds) == 2 and all(s > 0 for s in timed.seconds) and timed.cpu >= 0
