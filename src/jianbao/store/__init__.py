"""The SQLite archive: ingest clipped pages, search them, review and correct them.

``archive`` (tables, versions, edits) · ``schema`` (migrations) · ``fts`` (Chinese full-text index) ·
``search`` (queries with facets) · ``review`` (the correction actions) · ``ingest`` (files → archive) ·
``commands`` (``jianbao ingest``, ``search``, ``export``).
"""

from jianbao.store.archive import Added, Archive, ConflictError

__all__ = ["Archive", "Added", "ConflictError"]
