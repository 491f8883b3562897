import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "store"))

from archive_pages import joined_page, write_pages  # noqa: E402

from jianbao.store import Archive  # noqa: E402
from jianbao.store.ingest import ingest  # noqa: E402


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "web.db"
    with Archive(path) as archive:
        report = ingest(archive, write_pages(tmp_path / "pages"), describe=False)
        assert report.pages == 3
        archive.add_page(joined_page(), data=b"joined page", path="rmrb-20190203-02.txt", paper="rmrb")
    return path
