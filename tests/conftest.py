import fcntl
import os
import pickle
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# A pytest-xdist worker runs under a `__main__` without a file (execnet's `python -c`), which pyspark
# takes for its own doctest runner: importing pyspark.sql.connect (Great Expectations does, when the
# `spark` extra is installed) then calls sys.exit(0) and kills the worker. Name the worker's main module.
if not hasattr(sys.modules["__main__"], "__file__"):
    sys.modules["__main__"].__file__ = "<pytest-xdist worker>"

from settings import ENV_AUTH_MODE
from synthetic.landing import GenerateOptions, generate_landing
from tests.support import CONTRACT_EXAMPLE, MESSY_LANDING, WORKBENCH_LANDING, add_later_drops, run

# Session fixtures that run the whole pipeline. Each is built once per test session, whichever
# pytest-xdist worker needs it first (`built_once`: the other waits for it and reads the same
# files), so tests using them need not share a worker: every test is grouped with its module (a
# module's own fixtures are built once), and a test using one of these is `slow` (make test-fast
# leaves it out). The tests read these warehouses only; a test that writes copies one first.
PIPELINE_FIXTURES = {
    "worked_example_warehouse",
    "generated_warehouse",
    "messy_generated_warehouse",
    "no_effect_warehouse",
    "workbench_warehouse",
    "messy_run",
}
DONE = ".built"  # written into a fixture's folder once it is complete


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder `name`, filled by `build` once per test session. Under pytest-xdist the workers share
    the session's temporary root: the first to get here builds while holding a lock on it, the other
    waits and finds it done. A build that failed leaves no mark, so the next user tries again (and
    fails with the same error)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    root = tmp_path_factory.getbasetemp().parent  # one per session, shared by its workers
    folder = root / name
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / DONE).exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / DONE).touch()
    return folder


SHARED_SCOPES = ("class", "module", "package")
NOT_IN_GROUP_NAMES = str.maketrans("@[]", "___")  # pytest-xdist finds the group after the last "@", past any "]"


def xdist_group_of(item: pytest.Item) -> str | None:
    """The group of tests pytest-xdist runs on one worker, for the fixtures they share: a test's own
    `xdist_group` mark; else, when it uses a module's (or class's) fixture, its module, by that
    fixture's parameter when parametrized (each parameter is built once, so each is a group); else
    none: the test goes wherever a worker is free (session fixtures are shared through `built_once`)."""
    own = item.get_closest_marker("xdist_group")
    if own:
        return own.args[0]
    fixtures = getattr(item, "_fixtureinfo", None)
    shared = sorted(
        name
        for name, definitions in (fixtures.name2fixturedefs.items() if fixtures else ())
        if definitions[-1].scope in SHARED_SCOPES
    )
    if not shared:
        return None
    params = getattr(item, "callspec", None)
    by = [f"{name}={params.params[name]}" for name in shared if params and name in params.params]
    return " ".join([item.nodeid.split("::")[0], *by]).translate(NOT_IN_GROUP_NAMES)


def start_rank(markers: set[str]) -> int:
    """When a group should start: Spark's first (the longest), then those running the pipeline and the
    quick tier's long ones, the quick ones last, filling in while the other worker finishes (`make test`
    keeps this order: --no-loadscope-reorder; pytest-xdist by default starts the biggest groups first)."""
    return 0 if "spark" in markers else 1 if {"slow", "long"} & markers else 2


# tryfirst: pytest-xdist reads the xdist_group marks in its own hook of this name, on every worker
# (the group is appended to each test's id); marks added after it would leave the grouping out
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    group_of = {item.nodeid: xdist_group_of(item) or item.nodeid for item in items}
    markers_of_group: dict[str, set[str]] = {}
    for item in items:
        group = group_of[item.nodeid]
        if PIPELINE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        if group != item.nodeid and item.get_closest_marker("xdist_group") is None:
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


def run_into(landing: Path, warehouse: Path) -> None:
    summary = run(landing, warehouse)
    assert summary.success, summary.failures


def generated_run(root: Path, options: GenerateOptions, later_drops: bool = False) -> None:
    generate_landing(options, echo=lambda _: None)
    if later_drops:
        add_later_drops(options.out, options.ats)
    run_into(options.out, root / "warehouse.duckdb")


@pytest.fixture(scope="session")
def worked_example_warehouse(tmp_path_factory) -> Path:
    """The pipeline run once on the contract's worked example."""
    folder = built_once(
        tmp_path_factory,
        "worked_example",
        lambda root: run_into(CONTRACT_EXAMPLE / "landing", root / "warehouse.duckdb"),
    )
    return folder / "warehouse.duckdb"


def messy_build(root: Path) -> None:
    summary = run(MESSY_LANDING, root / "warehouse.duckdb")
    (root / "summary.pickle").write_bytes(pickle.dumps(summary))


@pytest.fixture(scope="session")
def messy_run(tmp_path_factory) -> tuple[Path, object]:
    """The pipeline run once on the hand-made messy landing folder: the warehouse and the run's summary."""
    folder = built_once(tmp_path_factory, "messy", messy_build)
    return folder / "warehouse.duckdb", pickle.loads((folder / "summary.pickle").read_bytes())


@pytest.fixture(scope="session")
def generated_warehouse(tmp_path_factory) -> Path:
    """The pipeline run once on 30,000 generated prospects (clean exports, seed 11)."""
    folder = built_once(
        tmp_path_factory,
        "generated",
        lambda root: generated_run(root, GenerateOptions(out=root / "landing", prospects=30_000, seed=11)),
    )
    return folder / "warehouse.duckdb"


@pytest.fixture(scope="session")
def messy_generated_warehouse(tmp_path_factory) -> Path:
    """The pipeline run once on 2,000 generated prospects with messy exports (seed 5; updates across
    drops, duplicates, bad rows, a partial and a truncated file) and the later drops of
    tests/support.py's add_later_drops (an erasure request, restatements, a late ATS update), its
    landing folder beside it: the full run the incremental test's rounds must equal."""
    folder = built_once(
        tmp_path_factory,
        "messy_generated",
        lambda root: generated_run(
            root, GenerateOptions(out=root / "landing", prospects=2_000, seed=5, messy=True), later_drops=True
        ),
    )
    return folder / "warehouse.duckdb"


@pytest.fixture(scope="session")
def no_effect_warehouse(tmp_path_factory) -> Path:
    """The pipeline run once on 20,000 generated prospects in which nothing differs (planted=False, seed 3):
    whatever the diagnosis finds there is chance."""
    folder = built_once(
        tmp_path_factory,
        "no_effect",
        lambda root: generated_run(
            root, GenerateOptions(out=root / "landing", prospects=20_000, seed=3, planted=False)
        ),
    )
    return folder / "warehouse.duckdb"


@pytest.fixture
def served_copy(messy_run, tmp_path) -> Path:
    """A private copy of the messy run's published warehouse, to run against or break."""
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(messy_run[0], warehouse)
    return warehouse


@pytest.fixture(scope="session")
def workbench_warehouse(tmp_path_factory) -> Path:
    """The pipeline run once on the hand-made work-list fixture (tests/fixtures/README.md)."""
    folder = built_once(
        tmp_path_factory, "workbench", lambda root: run_into(WORKBENCH_LANDING, root / "warehouse.duckdb")
    )
    return folder / "warehouse.duckdb"
