"""Isolation under fuzz: a few hundred mutated pages, a 50 MB blob, a broken manifest — the run finishes,
every page is counted once, every failure has its reason, and none is an internal error.
(The 10,000-page run is scripts/fuzz_batch.py.)"""

from __future__ import annotations

from jianbao.batch import BatchOptions, run_batch

from conftest import load_script


def test_mutated_pages_never_stop_the_run(pages30, tmp_path):
    fuzz = load_script("fuzz_batch")
    made = fuzz.write_fuzz(pages30, tmp_path / "inputs", 300, blobs=1)
    n_inputs = 300 + 1 + 1 + made["manifest_rows"]  # pages, the blob, the badly named file, rows
    rep = run_batch([str(tmp_path / "inputs" / "pages"), str(tmp_path / "inputs" / "broken.jsonl")],
                    tmp_path / "run", BatchOptions(workers=2))
    result = fuzz.check(tmp_path, n_inputs)
    assert result["pages"] == result["unique_ids"] == n_inputs == rep["pages"]
    assert result["failed_without_reason"] == 0
    assert result["internal"] == 0, result["internal_examples"]
    kinds = result["failed_by_kind"]
    assert any(k.startswith("oversized") and "bytes" in k for k in kinds)  # the 50 MB blob
    assert rep["pages_failed"] == result["failed"] > 20 and rep["pages_ok"] > 20
