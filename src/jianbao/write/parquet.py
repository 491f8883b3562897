"""Article records (write/export.py) as a Parquet file, with pyarrow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from jianbao.errors import ConfigError


def _schema():  # type: ignore[no-untyped-def]
    import pyarrow as pa

    element = pa.struct([("role", pa.string()), ("text", pa.string()), ("blocks", pa.list_(pa.int32()))])
    place = pa.struct([("code", pa.string()), ("name", pa.string())])
    return pa.schema([
        ("id", pa.int64()), ("page_id", pa.int64()), ("label", pa.string()), ("source", pa.string()),
        ("sha256", pa.string()), ("page", pa.string()), ("date", pa.string()), ("paper", pa.string()),
        ("headline", pa.string()), ("text", pa.string()), ("elements", pa.list_(element)),
        ("continues", pa.bool_()), ("topic", pa.string()), ("places", pa.list_(place)),
        ("about", pa.string()), ("version", pa.int32()), ("version_author", pa.string()),
        ("corrected", pa.bool_()),
    ])


def write_parquet(records: Iterable[dict[str, Any]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("Parquet needs pyarrow: pip install pyarrow") from None
    schema = _schema()
    rows = []
    for r in records:
        row = {name: r.get(name) for name in schema.names}
        row["about"] = json.dumps(r["about"], ensure_ascii=False) if r.get("about") is not None else None
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, str(path))
    return len(rows)
