"""`funnel generate`: deterministic, streamed in drops, and realistic enough to plan with."""

import hashlib
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from synthetic import behaviour, landing
from synthetic import simulate as S
from synthetic.landing import GenerateOptions, generate_landing
from tests.support import rows


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_same_seed_same_files_other_seed_other_files(tmp_path):
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate_landing(
            GenerateOptions(out=tmp_path / name, prospects=1_500, seed=seed, messy=True), echo=lambda _: None
        )
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert tree_digest(tmp_path / "a") != tree_digest(tmp_path / "c")


def test_prospects_are_written_chunk_by_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(landing, "CHUNK_PROSPECTS", 200)
    written = generate_landing(GenerateOptions(out=tmp_path, prospects=1_000), echo=lambda _: None)
    drops = sorted(p.name for p in (tmp_path / "sourcing/prospects").iterdir())
    assert drops == [f"prospects_{i:04d}.csv" for i in range(1, 6)]
    assert written["sourcing/prospects"] >= 1_000


@pytest.fixture
def clean_warehouse(generated_warehouse) -> Path:
    return generated_warehouse


def rate(warehouse: Path, numerator: str, denominator: str, where: str = "true") -> float:
    (row,) = rows(
        warehouse,
        f"""
        select count(*) filter (where {numerator}) / count(*) filter (where {denominator}) as r
        from marts.fct_prospect_funnel f join marts.dim_roles using (role_id) where {where}""",
    )
    return row["r"]


def test_reply_rate_of_cold_outreach_is_realistic(clean_warehouse):
    assert 0.10 <= rate(clean_warehouse, "replied_at is not null", "contacted_at is not null") <= 0.30


def test_follow_ups_bring_a_large_share_of_replies(clean_warehouse):
    assert rate(clean_warehouse, "touches_to_reply >= 2", "replied_at is not null") >= 0.30


def test_warm_channels_convert_far_better_than_cold(clean_warehouse):
    replied, contacted = "replied_at is not null", "contacted_at is not null"
    cold = rate(clean_warehouse, replied, contacted, "channel = 'professional_network'")
    assert rate(clean_warehouse, replied, contacted, "channel = 'employee_referral'") > 1.7 * cold
    assert rate(clean_warehouse, replied, contacted, "channel = 'ats_rediscovery'") > 1.3 * cold
    hired_cold = rate(clean_warehouse, "hired_at is not null", contacted, "channel = 'professional_network'")
    assert rate(clean_warehouse, "hired_at is not null", contacted, "channel = 'employee_referral'") > 2 * hired_cold


def test_executives_reply_less_and_targeting_matters(clean_warehouse):
    replied, contacted = "replied_at is not null", "contacted_at is not null"
    assert rate(clean_warehouse, replied, contacted, "seniority = 'executive'") < 0.7 * rate(
        clean_warehouse, replied, contacted, "seniority <> 'executive'"
    )
    assert rate(clean_warehouse, replied, contacted, "match_tier = 'strong'") > 1.5 * rate(
        clean_warehouse, replied, contacted, "match_tier = 'stretch'"
    )


def test_personalized_first_touches_get_more_replies(clean_warehouse):
    by_flag = {
        r["personalized"]: r["reply_rate"]
        for r in rows(
            clean_warehouse,
            """
        select m.personalized, avg((f.replied_at is not null)::int) as reply_rate
        from marts.fct_prospect_funnel f
        join intake.outreach__messages m on m.prospect_id = f.prospect_id and m.step = 1 and m.status = 'delivered'
        group by 1""",
        )
    }
    assert by_flag[True] > 1.3 * by_flag[False]


def test_planted_weak_template_and_underpaid_role(clean_warehouse):
    templates = {
        r["template_id"]: r["reply_rate"]
        for r in rows(
            clean_warehouse,
            """
        select m.template_id, avg((f.replied_at is not null)::int) as reply_rate
        from marts.fct_prospect_funnel f
        join intake.outreach__messages m on m.prospect_id = f.prospect_id and m.step = 1 and m.status = 'delivered'
        where m.sequence_id = 'eng-core' group by 1""",
        )
    }
    assert templates[behaviour.WEAK_TEMPLATE] < 0.5 * templates["eng-core-step1-a"]
    (role,) = rows(
        clean_warehouse,
        """
        select avg((outcome = 'declined')::int) as declined, avg((decline_reason = 'compensation')::int) as pay
        from marts.fct_prospect_funnel where role_id = 'R00002' and replied_at is not null""",
    )
    assert role["declined"] > 0.5 and role["pay"] > 0.4


def test_planted_confounder_weak_sequence_and_targeting_yield(clean_warehouse):
    """The confounded channel replies far less overall but as well as the others within its (hard) roles; the weak
    sequence replies less than its department's other sequence; adjacent titles reply less than exact ones but,
    once interested, are hired at a similar rate."""
    confounded = behaviour.CONFOUNDED_CHANNEL
    (channel,) = rows(
        clean_warehouse,
        """
        with roles as (
            select role_id, avg((channel = ?)::int) as share from marts.fct_prospect_funnel group by 1),
        contacted as (
            select f.*, r.share > 0.3 as is_hard from marts.fct_prospect_funnel f join roles r using (role_id)
            where f.contacted_at is not null)
        select avg((replied_at is not null)::int) filter (where channel = ?) as subject_all,
               avg((replied_at is not null)::int) filter (where channel <> ?) as others_all,
               avg((replied_at is not null)::int) filter (where channel = ? and is_hard) as subject_hard,
               avg((replied_at is not null)::int) filter (where channel <> ? and is_hard) as others_hard
        from contacted""",
        [confounded] * 5,
    )
    assert channel["subject_all"] < 0.7 * channel["others_all"]
    assert channel["subject_hard"] == pytest.approx(channel["others_hard"], abs=0.03)
    sequences = {
        r["first_sequence_id"]: r["reply_rate"]
        for r in rows(
            clean_warehouse,
            """select first_sequence_id, avg(is_replied) as reply_rate from marts.fct_prospect_segments
               where is_contacted = 1 and department = 'Data' group by 1""",
        )
    }
    assert sequences[behaviour.WEAK_SEQUENCE] < 0.7 * sequences["data-core"]
    titles = {
        r["title_match"]: r
        for r in rows(
            clean_warehouse,
            """select title_match, avg(is_replied) as reply_rate,
                      sum(is_hired) / sum(is_interested) as hired_per_interested
               from marts.fct_prospect_segments where is_contacted = 1 group by 1""",
        )
    }
    assert titles["adjacent"]["reply_rate"] < 0.9 * titles["exact"]["reply_rate"]
    assert titles["adjacent"]["hired_per_interested"] == pytest.approx(
        titles["exact"]["hired_per_interested"], abs=0.03
    )


def test_outcomes_reasons_and_reconnect_dates_are_spread(clean_warehouse):
    outcomes = {
        r["outcome"]: r["n"]
        for r in rows(clean_warehouse, "select outcome, count(*) as n from marts.fct_prospect_funnel group by 1")
    }
    assert set(outcomes) == {
        "hired",
        "rejected",
        "withdrew",
        "in_process",
        "interested",
        "not_now",
        "declined",
        "opted_out",
        "referred_other",
        "no_response",
        "undeliverable",
        "not_contacted",
    }
    reasons = rows(
        clean_warehouse,
        """select decline_reason, count(*) as n from marts.fct_prospect_funnel
                                       where outcome = 'declined' group by 1""",
    )
    assert len(reasons) == 7 and min(r["n"] for r in reasons) >= 10
    (not_now,) = rows(
        clean_warehouse,
        """select count(*) as n, count(reconnect_after) as dated
                                          from marts.fct_prospect_funnel where outcome = 'not_now'""",
    )
    assert not_now["n"] > 50 and not_now["dated"] == not_now["n"]


def test_later_drops_update_earlier_rows(clean_warehouse):
    superseded = {
        r["table_name"]: r["rows_superseded"] for r in rows(clean_warehouse, "select * from audit.reconciliation")
    }
    assert superseded["sourcing__prospects"] > 100 and superseded["outreach__messages"] > 100


def test_messy_data_runs_and_lands_bad_rows_in_quarantine(messy_generated_warehouse):
    """The run succeeded (tests/conftest.py); every kind of bad row the generator writes is quarantined."""
    warehouse = messy_generated_warehouse
    kinds = {r["kind"]: r["n"] for r in rows(warehouse, "select kind, count(*) as n from audit.quarantine group by 1")}
    assert kinds["file"] == 2 and kinds["row"] >= 20
    reasons = rows(
        warehouse,
        """select distinct regexp_extract(reason, ': (\\w+)', 1) as what
                                           from audit.quarantine where kind = 'row'""",
    )
    assert {"unknown", "cannot", "required"} <= {r["what"] for r in reasons}
    (unbalanced,) = rows(warehouse, "select count(*) filter (where not balanced) as n from audit.reconciliation")
    assert unbalanced["n"] == 0


# --- a team's requisitions: roles open and close, openings match hires -----------------------------


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """Views over the demo's scenario (`make demo`: 20,000 prospects, seed 7; here clean exports, which
    `--messy` only reformats): each role as its latest drop exports it, with its hires (ATS hire
    events) and the date of its last hire."""
    root = tmp_path_factory.mktemp("team")
    generate_landing(GenerateOptions(out=root, prospects=20_000, seed=7), echo=lambda _: None)
    con = duckdb.connect()
    for folder in ("ats/roles", "ats/applications", "ats/stage_events", "sourcing/prospects", "outreach/messages"):
        con.execute(
            f"create view {folder.split('/')[1]} as "
            f"select * from read_csv('{root / folder}/*.csv', filename = true, all_varchar = true)"
        )
    con.execute("""
        create view role_lives as
        select r.role_id, cast(r.opened_at as date) as opened, cast(r.closed_at as date) as closed,
               cast(r.openings as int) as openings, count(e.event_id) as hires,
               cast(max(cast(e.entered_at as timestamp)) as date) as last_hire
        from (select * from roles qualify row_number() over (partition by role_id order by filename desc) = 1) r
        left join applications a on a.role_id = r.role_id
        left join stage_events e on e.application_id = a.application_id and e.stage = 'hired'
        group by all""")
    return con


def test_openings_match_hires_and_a_filled_role_closes_at_its_last_hire(team):
    (roles,) = team.execute("""
        select count(*) as roles,
               count(*) filter (where hires > openings) as over_filled,
               count(*) filter (where hires = openings) as filled,
               count(*) filter (where hires = openings and closed is distinct from last_hire) as filled_not_closed_then,
               count(*) filter (where closed is not null and hires < openings) as cancelled,
               count(*) filter (where closed is not null and closed < last_hire) as hired_after_close
        from role_lives""").fetchall()
    total, over_filled, filled, not_closed_then, cancelled, hired_after_close = roles
    assert over_filled == 0 and not_closed_then == 0 and hired_after_close == 0
    assert filled > total / 2 and 0 < cancelled < total / 5


def test_roles_open_and_close_over_the_period_and_most_fill_within_30_to_120_days(team):
    (lives,) = team.execute("""
        select count(*) filter (where hires = openings and date_diff('day', opened, closed) between 30 and 120)
                   / count(*) filter (where hires = openings) as filled_in_30_to_120,
               count(*) filter (where opened > (select min(opened) + 180 from role_lives)) / count(*) as opened_later,
               count(*) filter (where closed is null) as still_open,
               count(*) filter (where coalesce(closed, date '2026-11-20') - opened > 120) as stalled,
               count(*) as total
        from role_lives""").fetchall()
    filled_in_window, opened_later, still_open, stalled, total = lives
    assert filled_in_window >= 0.6 and opened_later >= 0.5
    assert still_open > 0 and 0 < stalled < total / 4  # some stall: open, or filled, after 120 days


def test_prospects_are_sourced_while_their_role_is_open_so_open_roles_have_recent_people(team):
    (counts,) = team.execute("""
        select count(*) as prospects,
               count(*) filter (where cast(p.sourced_at as date) < r.opened
                                   or cast(p.sourced_at as date) > r.closed) as outside_the_roles_life,
               median(date '2026-11-20' - cast(p.sourced_at as date)) filter (where r.closed is null)
                   as days_ago_for_open_roles
        from prospects p join role_lives r using (role_id)""").fetchall()
    prospects, outside, days_ago = counts
    assert prospects >= 20_000 and outside == 0
    assert days_ago <= 120  # the people of the roles still open were found in recent months


# --- the ATS's openings as Greenhouse and Lever connectors land them -------------------------------


def latest(con: duckdb.DuckDBPyConnection, root: Path, folder: str, key: str | None = None) -> None:
    """A view of a landing folder's rows: the latest drop's row per key, or every row."""
    latest_row = f"qualify row_number() over (partition by {key} order by filename desc) = 1" if key else ""
    con.execute(
        f"create view {folder.replace('/', '_')} as select * from read_csv('{root / folder}/*.csv', filename = true, "
        f"all_varchar = true) {latest_row}"
    )


@pytest.fixture(scope="module")
def shapes(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """One scenario (3,000 prospects, seed 5: two roles cancelled) landed as the contract's roles, as
    Greenhouse tables and as Lever tables with the user table named `users`."""
    root = tmp_path_factory.mktemp("openings")
    for ats in ("contract", "greenhouse", "lever"):
        options = GenerateOptions(out=root / ats, prospects=3_000, seed=5, ats=ats, lever_user_table="users")
        generate_landing(options, echo=lambda _: None)
    con = duckdb.connect()
    latest(con, root / "contract", "ats/roles", "role_id")
    for folder in ("greenhouse/job_opening", "greenhouse/job", "greenhouse/application", "lever/requisition"):
        latest(con, root / folder.split("/")[0], folder, "id")
    for folder in ("greenhouse/job_application", "lever/requisition_posting"):
        latest(con, root / folder.split("/")[0], folder)
    latest(con, root / "lever", "lever/posting", "id")
    latest(con, root / "lever", "lever/opportunity", "id")
    latest(con, root / "lever", "lever/application", "id")
    con.execute(f"create view folders as select {sorted(p.name for p in (root / 'lever/lever').iterdir())} as names")
    return con


def test_greenhouse_job_openings_are_the_roles_openings_closed_by_their_hires(shapes):
    """One job_opening row per opening; a filled one names its hire's application (hired, for that
    job); a job closed before all its openings were filled closes the rest with a close reason."""
    (check,) = shapes.execute("""
        with openings as (
            select o.job_id, count(*) as openings,
                   count(o.application_id) as filled,
                   count(*) filter (where o.status = 'closed' and o.application_id is null
                                      and o.close_reason_id is not null) as closed_unfilled,
                   count(*) filter (where o.status = 'open') as still_open
            from greenhouse_job_opening o group by 1),
        hires as (
            select j.job_id, count(*) as hires from greenhouse_application a
            join greenhouse_job_application j on j.application_id = a.id where a.status = 'hired' group by 1),
        named as (
            select count(*) as named, count(*) filter (where a.status = 'hired' and j.job_id = o.job_id) as hired_there
            from greenhouse_job_opening o join greenhouse_application a on a.id = o.application_id
            join greenhouse_job_application j on j.application_id = a.id)
        select count(*) as jobs,
               count(*) filter (where o.openings = r.openings::int) as openings_match,
               count(*) filter (where o.filled = coalesce(h.hires, 0)) as filled_by_hires,
               count(*) filter (where (job.status = 'closed') = (o.still_open = 0)) as status_matches,
               sum(o.closed_unfilled) as closed_unfilled,
               any_value(named.named) = any_value(named.hired_there) as named_hires_are_hires_of_the_job
        from openings o join greenhouse_job job on job.id = o.job_id
        join ats_roles r on r.role_id = job.requisition_id
        left join hires h using (job_id) cross join named""").fetchall()
    jobs, openings_match, filled_by_hires, status_matches, closed_unfilled, named_right = check
    assert jobs > 10 and openings_match == filled_by_hires == status_matches == jobs
    assert closed_unfilled > 0 and named_right


def test_lever_requisitions_count_the_headcount_and_its_hires(shapes):
    (check,) = shapes.execute("""
        with hires as (
            select a.posting_id, count(*) as hires from lever_opportunity o
            join lever_application a on a.opportunity_id = o.id where o.archived_reason_id = 'reason-hired' group by 1)
        select count(*) as requisitions,
               count(*) filter (where q.headcount_total::int = r.openings::int) as headcount_matches,
               count(*) filter (where q.headcount_hired::int = coalesce(h.hires, 0)) as hired_matches,
               count(*) filter (where (q.status = 'closed') = (r.closed_at is not null)
                                  and (p.state = 'closed') = (r.closed_at is not null)) as status_matches
        from lever_requisition q join lever_requisition_posting l on l.requisition_id = q.id
        join lever_posting p on p.id = l.posting_id and p.requisition_code = q.requisition_code
        join ats_roles r on r.role_id = q.requisition_code
        left join hires h on h.posting_id = p.id""").fetchall()
    requisitions, headcount, hired, status = check
    assert requisitions > 10 and headcount == hired == status == requisitions
    (names,) = shapes.execute("select names from folders").fetchone()
    assert "users" in names and "user" not in names


def test_without_planted_effects_every_channel_sequence_and_role_replies_and_declines_alike():
    def replies(planted: bool):
        rng = np.random.default_rng(4)
        end = landing.HISTORY_DAYS * S.DAY
        dims = S.simulate_dimensions(rng, 40_000, 0, end)
        week = (end // 2, end // 2 + 7 * S.DAY)  # the roles open mid-history, as simulate_period sources them
        people = S.source_prospects(rng, dims, 0, 40_000, week)
        plan = S.plan_outreach(rng, people)
        answered = S.simulate_replies(rng, people, plan, end, planted)
        frame = pd.DataFrame(
            {
                "channel": people.channel,
                "sequence": plan.sequence,
                "role": people.role_id,
                "replied": answered.replied,
                "reason": np.where(answered.response_type == "declined", answered.decline_reason, "none"),
            }
        )
        return frame[plan.messaged & ~plan.bounced]

    def p_value(frame: pd.DataFrame, by: str, outcome: str) -> float:
        return chi2_contingency(pd.crosstab(frame[by], frame[outcome])).pvalue

    planted, alike = replies(True), replies(False)
    for by in ("channel", "sequence", "role"):
        assert p_value(planted, by, "replied") < 1e-6  # the planted effects show
        assert p_value(alike, by, "replied") > 0.001
    assert p_value(planted[planted["replied"]], "role", "reason") < 1e-6
    assert p_value(alike[alike["replied"]], "role", "reason") > 0.001
