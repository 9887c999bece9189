from pathlib import Path

import pytest

from tests.support import MESSY_LANDING, run


@pytest.fixture(scope="session")
def messy_run(tmp_path_factory) -> tuple[Path, object]:
    """The pipeline run once on the hand-made messy landing folder."""
    warehouse = tmp_path_factory.mktemp("messy") / "warehouse.duckdb"
    summary = run(MESSY_LANDING, warehouse)
    return warehouse, summary
