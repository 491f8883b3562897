import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from archive_pages import joined_page, write_pages  # noqa: E402

from jianbao.store import Archive  # noqa: E402
from jianbao.store.ingest import ingest  # noqa: E402


@pytest.fixture
def page_dir(tmp_path):
    folder = tmp_path / "pages"
    write_pages(folder)
    return folder


@pytest.fixture
def archive(tmp_path, page_dir):
    with Archive(tmp_path / "test.db") as a:
        report = ingest(a, [page_dir], describe=False)
        assert report.pages == 3 and not report.failures
        a.add_page(joined_page(), data=b"joined page", path="rmrb-20190203-02.txt", paper="rmrb")
        yield a
