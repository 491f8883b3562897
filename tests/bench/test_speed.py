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


def test_the_large_page_is_the_first_dump_repeated_past_its_size_and_clipped_in_a_process_of_its_own(tmp_path):
    page = "标题\n\n正文第一段，说了一件事。\n\n（记者 王芳）"
    (tmp_path / "dump.txt").write_text(page, encoding="utf-8")
    (tmp_path / "gold.json").write_text("{}", encoding="utf-8")
    dump = run.Dump(page_id="p", group="g", text_path=tmp_path / "dump.txt", gold_path=tmp_path / "gold.json")
    large = run.large_page([dump], size=20_000)
    assert large["times"] == -(-20_000 // len(page.encode("utf-8"))) and large["bytes"] >= 20_000
    assert large["blocks"] == 3 * large["times"] and large["seconds"] > 0 and large["rss_mb"] > 0
    result = Result(chars=[5000])
    result.passes["clip"], result.spread["clip"] = Pass([0.002], 0.002), (500.0, 500.0)
    lines = speed_lines(result, {}, large)
    assert f"repeated {large['times']}×, {large['blocks']:,} blocks) in a process of its own" in lines
