import shutil
import sys
from pathlib import Path

import pytest

# A pytest-xdist worker runs under a `__main__` without a file (execnet's `python -c`), which pyspark
# takes for its own doctest runner: importing pyspark.sql.connect (Great Expectations does, when the
# `spark` extra is installed) then calls sys.exit(0) and kills the worker. Name the worker's main module.
if not hasattr(sys.modules["__main__"], "__file__"):
    sys.modules["__main__"].__file__ = "<pytest-xdist worker>"

from settings import ENV_AUTH_MODE
from synthetic.landing import GenerateOptions, generate_landing
from tests.support import CONTRACT_EXAMPLE, MESSY_LANDING, WORKBENCH_LANDING, run

# session fixtures that run the whole pipeline, each with the test group that shares it: a test
# using one is `slow` (make test-fast leaves it out), and under pytest-xdist (`make test` runs two
# workers, `--dist loadgroup`) the tests sharing a fixture run on one worker, which builds it once;
# every other test is grouped with its module, so module fixtures are built once too
PIPELINE_FIXTURES = {
    "worked_example_warehouse": "worked_example",
    "generated_warehouse": "generated",
    "no_effect_warehouse": "no_effect",
    "workbench_warehouse": "workbench",
    "messy_run": "messy",
    "served_copy": "messy",
}


def xdist_group_of(item: pytest.Item) -> str:
    used = [group for name, group in PIPELINE_FIXTURES.items() if name in getattr(item, "fixturenames", ())]
    return used[0] if used else item.nodeid.split("::")[0]


def start_rank(markers: set[str]) -> int:
    """When a group should start: Spark's first (the longest), then those running the pipeline, the quick
    ones last, filling in while the other worker finishes."""
    return 0 if "spark" in markers else 1 if "slow" in markers else 2


# tryfirst: pytest-xdist reads the xdist_group marks in its own hook of this name, on every worker
# (the group is appended to each test's id); marks added after it would leave the grouping out
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    group_of = {item.nodeid: xdist_group_of(item) for item in items}
    markers_of_group: dict[str, set[str]] = {}
    for item in items:
        group = group_of[item.nodeid]
        if group in PIPELINE_FIXTURES.values():
            item.add_marker(pytest.mark.slow)
        item.add_marker(pytest.mark.xdist_group(group))
        markers_of_group.setdefault(group, set()).update(mark.name for mark in item.iter_markers())
    items.sort(key=lambda item: start_rank(markers_of_group[group_of[item.nodeid]]))


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
def worked_example_warehouse(tmp_path_factory) -> Path:
    """The pipeline run once on the contract's worked example."""
    warehouse = tmp_path_factory.mktemp("worked_example") / "warehouse.duckdb"
    summary = run(CONTRACT_EXAMPLE / "landing", warehouse)
    assert summary.success, summary.failures
    return warehouse


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


@pytest.fixture(scope="session")
def no_effect_warehouse(tmp_path_factory) -> Path:
    """The pipeline run once on 20,000 generated prospects in which nothing differs (planted=False, seed 3):
    whatever the diagnosis finds there is chance."""
    root = tmp_path_factory.mktemp("no_effect")
    generate_landing(
        GenerateOptions(out=root / "landing", prospects=20_000, seed=3, planted=False), echo=lambda _: None
    )
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
