"""The requisition triage asset's reader, writer and blocking check on a tiny database."""

import duckdb
import pytest

from insights import requisitions
from orchestration import run_slot
from orchestration.analytics.requisitions import (
    TRIAGE_TABLE,
    read_inputs,
    triage_problems,
    triage_rules,
    write_triage,
)
from orchestration.resources import WarehouseResource
from settings import WorkListRules

RULES = WorkListRules()

COUNTS = """
create schema marts;
create table marts.agg_requisition_health as
select * from (values
    ('R1', 'Backend Engineer', true, 2, 0, 2, true, date '2026-07-30', 30),
    ('R2', 'Designer', true, 1, 3, 0, false, date '2026-07-30', 30),
    ('R3', 'SRE', true, 1, 0, 1, true, date '2026-06-01', -29),
    ('R4', 'Recruiter', false, 1, 1, 0, false, date '2026-03-01', -121)
) as t(role_id, role_title, is_open, openings, hires, remaining_openings, needs_hires, target_date, days_to_target);
alter table marts.agg_requisition_health add column closed_at date;
update marts.agg_requisition_health set closed_at = date '2026-04-01' where role_id = 'R4';
create table marts.fct_requisition_pipeline as
select * from (values ('R1', 'offer', 2), ('R1', 'offer', 0), ('R1', 'interview', 40))
    as t(role_id, stage, days_in_stage);
create table marts.agg_stage_hire_durations as
select * from (values ('offer', 5, 9, 0), ('offer', 90, 0, 1), ('interview', 20, 1, 0), ('interview', 90, 0, 9))
    as t(stage, day, events, censored);
create table marts.agg_windowed_rates as
select * from (values ('all', null, 'hired', 120, 20, 1000))
    as t(segment_type, cohort_month, stage, window_days, converted, eligible);
"""


@pytest.fixture
def warehouse(tmp_path) -> WarehouseResource:
    """A resource over a build file of a held run slot, with dbt's counts, as during a run."""
    served = tmp_path / "served.duckdb"
    with run_slot.acquire(tmp_path, served.stem, 0, "runner") as slot:
        with duckdb.connect(str(slot.build_database)) as con:
            con.execute(COUNTS)
        yield WarehouseResource(served_database=str(served), work_dir=str(tmp_path))


def triaged(warehouse) -> list[dict]:
    with warehouse.connect() as con:
        health, pipeline, durations, contact = read_inputs(con)
        assert (contact.hired, contact.eligible) == (20, 1000)
        write_triage(con, requisitions.triage(health, pipeline, durations, triage_rules(RULES), contact))
        assert triage_problems(con, RULES) == {rule: 0 for rule in triage_problems(con, RULES)}
        cursor = con.execute(f"select * from {TRIAGE_TABLE} order by severity_rank")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def test_the_triage_table_keeps_the_counts_and_adds_the_decision(warehouse):
    table = triaged(warehouse)
    assert [(r["role_id"], r["status"]) for r in table] == [
        ("R3", "at_risk"),
        ("R1", "on_track"),
        ("R2", "over_filled"),
        ("R4", "closed"),
    ]
    r1, r3 = table[1], table[0]
    # two openings, two people at the offer (9 of 10 hired within 5 days of it): 0.9 x 0.9; the one at the
    # interview for 40 days is past every hire the interview ever brought (day 20): nothing to add
    assert r1["chance_to_fill"] == pytest.approx(0.81) and r1["role_title"] == "Backend Engineer"
    assert r1["expected_days_to_fill"] == 5 and r1["first_contacts_needed"] is None
    # past its target with one opening left: 1 / (20 of 1,000) = 50 more first contacts
    assert (r3["chance_to_fill"], r3["first_contacts_needed"]) == (0.0, 50)


def test_the_check_catches_an_over_filled_role_marked_at_risk(warehouse):
    triaged(warehouse)
    with warehouse.connect() as con:
        con.execute(f"update {TRIAGE_TABLE} set status = 'at_risk' where role_id = 'R2'")
        con.execute(f"update {TRIAGE_TABLE} set expected_days_to_fill = 9 where role_id = 'R3'")
        problems = triage_problems(con, RULES)
    assert problems["over-filled or filled role not marked so"] == 1
    assert problems["expected days to fill below the minimum chance"] == 1
