"""Erasure (contract §8): after a request, nothing of the person is left in any file the product
keeps — searched byte by byte —, their prospects stay in every count as anonymous rows, and a later
drop holding them does not bring them back."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from contract.dbt import DBT_PROJECT_DIR
from orchestration.definitions import build_definitions
from orchestration.quality.data_quality import DATA_QUALITY_JOB
from orchestration.transform import KEPT_PARSES
from settings import ENV_WAREHOUSE, load_settings
from tests.support import FIXTURES, MESSY_LANDING, ROOT, rows, run

pytestmark = pytest.mark.slow  # runs the pipeline before and after erasure requests

# tests/fixtures/erasure: three people added to the messy landing folder (people/), with every kind of
# record and every place their data can end up — an extra column, free text naming them, a quarantined
# row, a line that cannot be parsed —; one erasure request per key type, written the way a privacy inbox
# receives them, in another case and URL form (requests/); the same people arriving again (later/)
ERASURE = FIXTURES / "erasure"
TRACES = [
    "Zelda Quarantotti", "zelda.q@mail.example", "zelda-quarantotti", "CRM-ZQ-7781", "CRM-ZQ-9999", "PRS-ZQ-1",
    "PRS-ZQ-2", "MSG-ZQ-1", "MSG-ZQ-2", "MSG-ZQ-3", "MSG-ZQ-4", "MSG-ZQ-5", "MSG-ZQ-6", "MSG-ZQ-7", "RSP-ZQ-1",
    "ATS-ZQ-9", "ATS-ZQ-10", "APP-ZQ-1", "EVT-ZQ-1", "EVT-ZQ-2", "+39 333 7781 555", "Zirconia Labs",
    "Yusuf Erasmo", "yusuf-erasmo", "CRM-YE-4409", "PRS-YE-1", "MSG-YE-1", "RSP-YE-1", "ATS-YE-2", "Initrode",
    "Quentin Xanthopoulos", "quentin.x@mail.example", "CRM-QX-3303", "PRS-QX-1", "MSG-QX-1", "RSP-QX-1",
    "ATS-QX-3", "APP-QX-1", "EVT-QX-1", "Kramerica",
]  # fmt: skip
COUNTS = {
    "outcomes": "select outcome, furthest_stage, count(*) as n, sum(delivered_messages) as delivered "
    "from marts.fct_prospect_funnel group by all order by all",
    "windowed": "select * from marts.agg_windowed_rates order by all",
    "hires": "select * from marts.agg_hire_attribution order by all",
    "reconciliation": "select * from marts.dq_reconciliation where table_name <> 'privacy__erasure_requests' "
    "order by all",
    "quarantine": "select table_name, kind, reason, count(*) as n from audit.quarantine group by all order by all",
    "links": "select link_status, link_rule, count(*) as n from marts.dim_ats_candidates group by all order by all",
}


def land(landing: Path, drops: str) -> None:
    shutil.copytree(ERASURE / drops, landing, dirs_exist_ok=True)


def kept_files(warehouse: Path, dbt_project_files: bool = True) -> list[Path]:
    """Every file the product keeps for this warehouse: the warehouse's folder (history, Data Docs,
    work folder with builds and spill files included) and, unless left out, dbt's files that hold
    the project's own source: its log (shared by every run of the project) and its parse cache,
    both of which carry the dbt unit tests' made-up people."""
    dbt_files = [*(DBT_PROJECT_DIR / "logs").rglob("*"), *KEPT_PARSES.glob("*")] if dbt_project_files else []
    return [p for p in warehouse.parent.rglob("*") if p.is_file()] + dbt_files


def traces_in_files(warehouse: Path, traces: list[str], dbt_project_files: bool = True) -> dict[str, list[str]]:
    """Which traces occur (case-insensitive) in which kept files, byte by byte."""
    found: dict[str, list[str]] = {}
    contents = {p: p.read_bytes().lower() for p in kept_files(warehouse, dbt_project_files) if p.is_file()}
    for trace in traces:
        needle = trace.lower().encode()
        hits = [str(p) for p, data in contents.items() if needle in data]
        if hits:
            found[trace] = hits
    return found


def counts(warehouse: Path) -> dict[str, list[dict]]:
    return {name: rows(warehouse, sql) for name, sql in COUNTS.items()}


@pytest.fixture(scope="module")
def erased(tmp_path_factory):
    """The messy landing plus three people: one run, then one with their erasure requests."""
    root = tmp_path_factory.mktemp("erasure")
    landing, warehouse = root / "landing", root / "served" / "warehouse.duckdb"
    shutil.copytree(MESSY_LANDING, landing)
    land(landing, "people")
    assert run(landing, warehouse).success
    # a weekly digest written before the requests, naming a person in a work list (issue 19, defect 8)
    digests = load_settings(environ={}, warehouse=warehouse).digest_dir
    digests.mkdir()
    (digests / "digest-2026-03-02-rec1.html").write_text("<td>Zelda Quarantotti</td><td>PRS-ZQ-1</td>")
    before = {"counts": counts(warehouse), "traces": traces_in_files(warehouse, TRACES)}
    land(landing, "requests")
    summary = run(landing, warehouse)
    assert summary.success, summary.failures
    return landing, warehouse, before


def test_a_digest_written_before_the_erasure_is_removed(erased):
    """Issue 19, defect 8: a digest kept the person's name and id after their erasure."""
    _, warehouse, before = erased
    digest = str(load_settings(environ={}, warehouse=warehouse).digest_dir / "digest-2026-03-02-rec1.html")
    assert digest in before["traces"]["Zelda Quarantotti"]
    assert not Path(digest).exists()


def test_the_search_would_find_the_people_before_their_erasure(erased):
    """The byte search is not blind: before the requests, every trace is in the warehouse file."""
    _, warehouse, before = erased
    assert set(before["traces"]) == set(TRACES) - {"CRM-ZQ-9999", "MSG-ZQ-6", "MSG-ZQ-7", "ATS-ZQ-10"}  # later
    assert all(any(path.endswith("warehouse.duckdb") for path in paths) for paths in before["traces"].values())


def test_nothing_of_an_erased_person_is_left_in_any_kept_file(erased):
    _, warehouse, _ = erased
    job = build_definitions(load_settings(environ={}, warehouse=warehouse)).resolve_job_def(DATA_QUALITY_JOB)
    assert job.execute_in_process(instance=dg.DagsterInstance.ephemeral()).success  # Data Docs too
    assert (warehouse.parent / "data_docs" / "index.html").exists()
    assert traces_in_files(warehouse, TRACES) == {}
    assert not list((warehouse.parent / ".warehouse.work").glob("*.duckdb*")), "a build file was left behind"


def test_their_prospects_stay_in_every_count_as_anonymous_rows(erased):
    _, warehouse, before = erased
    assert counts(warehouse) == before["counts"]
    anonymous = rows(
        warehouse,
        "select prospect_id, candidate_id, outcome from marts.fct_prospect_funnel "
        "where prospect_id like 'anon!_%' escape '!' order by outcome",
    )
    assert [r["outcome"] for r in anonymous] == ["declined", "in_process", "no_response", "rejected"]
    assert all(r["candidate_id"].startswith("anon_") for r in anonymous)


def test_the_requests_are_kept_only_as_tokens_and_logged(erased):
    _, warehouse, _ = erased
    kept = rows(warehouse, "select email, linkedin_url, crm_candidate_id from intake.privacy__erasure_requests")
    values = [v for r in kept for v in r.values() if v is not None]
    assert len(values) == 3 and all(v.startswith("anon_") and len(v) == 29 for v in values)
    (log,) = rows(warehouse, "select * exclude (applied_at) from marts.dq_erasure_log")
    assert log == {
        "requests_by_crm_candidate_id": 1,
        "requests_by_email": 1,
        "requests_by_linkedin_url": 1,
        "request_keys": 3,
        "requests_matched": 3,
        "retention_candidates": 0,
        "crm_candidates_anonymized": 3,
        "ats_candidates_anonymized": 3,
        "prospects_anonymized": 4,
        "rows_anonymized": 25,  # 3 CRM candidates, 4 prospects, 7 messages (a rejected line too), 3 responses,
    }  # 3 ATS candidates, 2 applications, 3 stage events
    history = warehouse.with_name("warehouse.history.duckdb")
    assert rows(history, "select count(*) as n, sum(requests_matched) as m from erasure_log") == [{"n": 1, "m": 3}]


def test_the_secret_never_enters_the_warehouse(erased):
    _, warehouse, _ = erased
    secret = warehouse.with_name("warehouse.secret").read_text().strip()
    assert secret.encode() not in warehouse.read_bytes() and bytes.fromhex(secret) not in warehouse.read_bytes()


def test_a_later_drop_holding_the_person_does_not_bring_them_back(erased, tmp_path):
    landing, served, _ = erased
    warehouse = tmp_path / "served" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    for name in ("warehouse.duckdb", "warehouse.history.duckdb", "warehouse.secret"):
        shutil.copy2(served.with_name(name), warehouse.with_name(name))
    later = tmp_path / "landing"
    shutil.copytree(landing, later, copy_function=shutil.copy2)
    delivered = rows(warehouse, "select sum(delivered_messages) as n, count(*) as p from marts.fct_prospect_funnel")
    land(later, "later")
    assert run(later, warehouse).success
    assert traces_in_files(warehouse, TRACES) == {}
    after = rows(warehouse, "select sum(delivered_messages) as n, count(*) as p from marts.fct_prospect_funnel")
    # MSG-ZQ-6 is counted for her anonymous prospect; her new CRM record (no prospect) adds no prospect
    assert after == [{"n": delivered[0]["n"] + 1, "p": delivered[0]["p"]}]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        plain = con.execute(
            "select count(*) from intake.sourcing__candidates where full_name <> 'erased' and candidate_id like 'CRM-%'"
        ).fetchone()[0]
    assert plain == 0


def test_the_quality_page_shows_the_erasure_log_and_no_page_shows_the_people(erased, monkeypatch):
    _, warehouse, _ = erased
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    at = AppTest.from_file(str(ROOT / "dashboards" / "app.py"), default_timeout=60).run()
    shown = []
    for page in ("overview", "role_funnel", "channels", "engagement", "outreach", "network", "quality"):
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        shown += [frame.value.to_csv() for frame in at.dataframe] + [m.value for m in at.markdown]
    assert {m.label: m.value for m in at.metric}["Prospects kept as anonymous rows"] == "4"
    log = at.main.get_by_key("table_erasure_log").dataframe[0].value
    assert list(log["request_keys"]) == [3] and list(log["requests_matched"]) == [3]
    text = " ".join(shown).lower()
    assert not [trace for trace in TRACES if trace.lower() in text]
