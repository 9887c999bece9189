"""`funnel generate`: deterministic, streamed in drops, and realistic enough to plan with."""

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from orchestration.synthetic import behaviour, landing
from orchestration.synthetic import simulate as S
from orchestration.synthetic.landing import GenerateOptions, generate_landing
from tests.support import rows, run


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
    monkeypatch.setattr(landing, "CHUNK_PROSPECTS", 1_000)
    written = generate_landing(GenerateOptions(out=tmp_path, prospects=5_000), echo=lambda _: None)
    drops = sorted(p.name for p in (tmp_path / "sourcing/prospects").iterdir())
    assert drops == [f"prospects_{i:04d}.csv" for i in range(1, 6)]
    assert written["sourcing/prospects"] >= 5_000


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


@pytest.mark.slow
def test_messy_data_runs_and_lands_bad_rows_in_quarantine(tmp_path):
    generate_landing(
        GenerateOptions(out=tmp_path / "landing", prospects=4_000, seed=5, messy=True), echo=lambda _: None
    )
    summary = run(tmp_path / "landing", tmp_path / "w.duckdb")
    assert summary.success, summary.failures
    kinds = {
        r["kind"]: r["n"]
        for r in rows(tmp_path / "w.duckdb", "select kind, count(*) as n from audit.quarantine group by 1")
    }
    assert kinds["file"] == 2 and kinds["row"] >= 20
    reasons = rows(
        tmp_path / "w.duckdb",
        """select distinct regexp_extract(reason, ': (\\w+)', 1) as what
                                           from audit.quarantine where kind = 'row'""",
    )
    assert {"unknown", "cannot", "required"} <= {r["what"] for r in reasons}
    (unbalanced,) = rows(
        tmp_path / "w.duckdb", "select count(*) filter (where not balanced) as n from audit.reconciliation"
    )
    assert unbalanced["n"] == 0


def test_without_planted_effects_every_channel_sequence_and_role_replies_and_declines_alike():
    def replies(planted: bool):
        rng = np.random.default_rng(4)
        dims = S.simulate_dimensions(rng, 40_000, 0, 10**9)
        people = S.source_prospects(rng, dims, 0, 40_000, (0, 10**8))
        plan = S.plan_outreach(rng, people)
        answered = S.simulate_replies(rng, people, plan, 10**9, planted)
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
