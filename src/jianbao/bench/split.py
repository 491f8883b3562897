"""Train / dev / test by date: whole months, so no page or story straddles two splits.

- train: 1998-01, 2019-02, 2019-10  (language model, cue tuning)
- dev:   2020-01                    (tuning thresholds, CI eval gate)
- test:  2020-02                    (reported figures only; never used for tuning)
"""

from __future__ import annotations

SPLITS = {
    "train": ("199801", "201902", "201910"),
    "dev": ("202001",),
    "test": ("202002",),
}


def split_of(date: str) -> str:
    """The split of an issue date given as YYYYMMDD (or YYYY-MM-DD)."""
    month = date.replace("-", "")[:6]
    for name, months in SPLITS.items():
        if month in months:
            return name
    raise ValueError(f"date {date!r} is in no split")
