import shutil
from pathlib import Path

import pytest

from orchestration.settings import ENV_AUTH_MODE
from orchestration.synthetic.landing import GenerateOptions, generate_landing
from tests.support import MESSY_LANDING, WORKBENCH_LANDING, run


@pytest.fixture(scope="session", autouse=True)
def single_user_dashboards():
    """The dashboards in single-user mode, on 127.0.0.1, as `funnel dashboard --local` serves them
    (AppTest runs the app in this process). Tests of sign-in and roles set the mode themselves."""
    from streamlit import config

    config.set_option("server.address", "127.0.0.1")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_AUTH_MODE, "local")
        yield


@pytest.fixture(scope="session")
def messy_run(tmp_path_factory) -> tuple[Path, object]:
    """The pipeline run once on the hand-made messy landing folder."""
    warehouse = tmp_path_factory.mktemp("messy") / "warehouse.duckdb"
    summary = run(MESSY_LANDING, warehouse)
    return warehouse, summary


@pytest.fixture(scope="session")
def generated_warehouse(tmp_path_factory) -> Path:
    """The pipeline run once on 30,000 generated prospects (clean exports, seed 11)."""
    root = tmp_path_factory.mktemp("generated")
    generate_landing(GenerateOptions(out=root / "landing", prospects=30_000, seed=11), echo=lambda _: None)
    summary = run(root / "landing", root / "warehouse.duckdb")
    assert summary.success, summary.failures
    return root / "warehouse.duckdb"


@pytest.fixture
def served_copy(messy_run, tmp_path) -> Path:
    """A private copy of the messy run's published warehouse, to run against or break."""
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(messy_run[0], warehouse)
    return warehouse


@pytest.fixture(scope="session")
def workbench_warehouse(tmp_path_factory) -> Path:
    """The pipeline run once on the hand-made work-list fixture (tests/fixtures/README.md)."""
    warehouse = tmp_path_factory.mktemp("workbench") / "warehouse.duckdb"
    summary = run(WORKBENCH_LANDING, warehouse)
    assert summary.success, summary.failures
    return warehouse
