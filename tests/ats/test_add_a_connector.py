"""docs/bring-your-own-data.md, "Add a connector": a connector is its declaration, its dbt models and
nothing else. The toy ATS of tests/fixtures/toy_connector is installed into a copy of the project
exactly as the checklist says (its declaration, its staging models, its models onto the common ATS
shape, then `python -m contract.dbt`); the files that differ from the project are those and the
files contract.dbt renders, and a run on the toy's landing gives its people their funnel stages
and erases the one who asked."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import FIXTURES, ROOT, rows
from tests.test_erasure import traces_in_files

pytestmark = pytest.mark.slow  # copies the project and runs the pipeline on the toy's landing

TOY = FIXTURES / "toy_connector"
TOY_LANDING = TOY / "landing"
# where the checklist puts a connector's own files, and nothing else
OWN_PLACES = (
    "contract/connectors/toy.py",
    "dbt_project/models/staging/toy/",
    "dbt_project/models/intermediate/ats/toy/",
)
# what the copy leaves out: the checkout's own state and the tests (the toy brings what it needs)
LEFT_OUT = {".git", ".venv", "tests", "bench", "data", "dbt_project/target", "dbt_project/logs"}
CACHES = {"__pycache__", ".pytest_cache", ".ruff_cache"}


def left_out(relative: Path) -> bool:
    parts = relative.parts
    return bool(CACHES & set(parts)) or any("/".join(parts[:n]) in LEFT_OUT for n in (1, 2))


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and not left_out(p.relative_to(root))
    }


def in_copy(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Python in the copy: its modules, not the checkout's (PYTHONPATH comes before the editable install)."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def toy_project(tmp_path_factory) -> tuple[Path, set[str], set[str]]:
    """A copy of the project with the toy installed: (copy, files that differ, files contract.dbt renders)."""
    project = tmp_path_factory.mktemp("toy") / "project"
    shutil.copytree(
        ROOT, project, ignore=lambda folder, names: [n for n in names if left_out(Path(folder, n).relative_to(ROOT))]
    )
    before = digests(project)
    for source in (p for p in TOY.rglob("*") if p.is_file() and TOY_LANDING not in p.parents):
        target = project / source.relative_to(TOY)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    rendered = in_copy(project, "-m", "contract.dbt")
    assert rendered.returncode == 0, rendered.stderr[-3000:]
    listed = in_copy(project, "-c", "from contract import dbt\nfor p in dbt.rendered_files(): print(p)")
    generated = {str(Path(line).relative_to(project)) for line in listed.stdout.split()}
    after = digests(project)
    changed = {path for path in after if before.get(path) != after[path]} | (before.keys() - after.keys())
    return project, changed, generated


@pytest.fixture(scope="module")
def toy_run(toy_project, tmp_path_factory) -> Path:
    project, _, _ = toy_project
    warehouse = tmp_path_factory.mktemp("toy_warehouse") / "warehouse.duckdb"
    landing = shutil.copytree(TOY_LANDING, tmp_path_factory.mktemp("toy_landing") / "landing")
    args = ["run", "--landing", str(landing), "--warehouse", str(warehouse), "--accept-quarantine"]
    result = in_copy(project, "-m", "orchestration.cli", *args)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return warehouse


def test_adding_a_connector_touches_only_its_declaration_its_models_and_rendered_files(toy_project):
    _, changed, generated = toy_project
    own = {path for path in changed if path.startswith(OWN_PLACES)}
    assert own == {str(p.relative_to(TOY)) for p in TOY.rglob("*") if p.is_file() and TOY_LANDING not in p.parents}
    assert changed - own <= generated, f"hand edits the checklist does not list: {sorted(changed - own - generated)}"
    # what the declaration alone brought: the toy's change models, its sources, its place in the macro
    assert {
        "dbt_project/models/staging/changes/stg_changes__toy__person.sql",
        "dbt_project/models/staging/_connectors__sources.yml",
        "dbt_project/macros/ats_connectors.sql",
        "dbt_project/macros/contract_values.sql",
    } <= changed


def test_the_toys_people_reach_their_stages_in_the_funnel(toy_run):
    funnel = {
        r["prospect_id"]: r
        for r in rows(toy_run, "select prospect_id, furthest_stage, outcome, hired_at from marts.fct_prospect_funnel")
    }
    assert funnel["P1"]["furthest_stage"] == "hired" and funnel["P1"]["outcome"] == "hired"
    assert str(funnel["P1"]["hired_at"]).startswith("2026-02-25")
    assert funnel["P2"]["outcome"] == "rejected"  # linked through its e-mail (any case), not a CRM id
    links = rows(
        toy_run,
        "select ats_candidate_id, link_status, link_rule from marts.dim_ats_candidates "
        "where source_system = 'toy' order by 1",
    )
    assert [(r["ats_candidate_id"], r["link_rule"]) for r in links][:2] == [
        ("T1", "crm_candidate_id"),
        ("T2", "email"),
    ]
    unmapped = rows(
        toy_run,
        "select stage_name, stage_events from marts.dq_ats_stage_mapping where source_system = 'toy' and is_unmapped",
    )
    assert unmapped == [{"stage_name": "Coffee chat", "stage_events": 1}]


def test_erasure_removes_the_toys_personal_data(toy_run):
    """Vera asked to be erased (by her CRM e-mail): her toy record, found through its CRM id, keeps no
    name or e-mail in any kept file, and her prospect is still counted, anonymous."""
    assert "toyman" in traces_in_files(toy_run, ["toyman"], dbt_project_files=False), "the search is not blind"
    assert traces_in_files(toy_run, ["vanish", "vera@mail"], dbt_project_files=False) == {}
    anonymous = rows(toy_run, "select prospect_id from marts.fct_prospect_funnel where prospect_id like 'anon_%'")
    assert len(anonymous) == 1
    (record,) = rows(toy_run, "select id, name, email from intake.toy__person where id like 'anon_%'")
    assert record["name"] is None and record["email"].startswith("anon_")
