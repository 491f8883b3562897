"""bench-scan --report: another sample (--offset) writes a section of its own, the standard one stays."""

from jianbao.bench.pdfbench import scan_section
from jianbao.bench.run import write_report


def test_an_offset_sample_does_not_overwrite_the_standard_samples_section(tmp_path):
    report = tmp_path / "benchmarks.md"
    write_report(report, scan_section("dev", 0)[0], "standard sample")
    write_report(report, scan_section("dev", 2)[0], "sample from page 2")
    write_report(report, scan_section("dev", 2)[0], "sample from page 2, again")
    text = report.read_text(encoding="utf-8")
    assert "standard sample" in text and "sample from page 2, again" in text
    assert text.count("sample from page 2") == 1  # rewritten in place, not appended twice
    assert scan_section("dev", 0) == ("scan:dev", "Scans (150 dpi), dev split")
    assert scan_section("dev", 2)[1].endswith("the sample from page 2 on")
