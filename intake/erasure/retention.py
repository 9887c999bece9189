"""Retention (contract §9.1): CRM candidates who never engaged and whose latest activity is older
than the retention period become erased keys, within a guard on how many at once."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from contract.rules import CLOCK
from contract.sql import ident
from intake.catalog import relation_exists
from intake.erasure.keys import add_keys
from intake.erasure.rules import ATS_IDENTITY_KEYS, CANDIDATE_KEY_COLUMNS
from intake.erasure.tokens import key_sql, token_sql


class RetentionNeedsConfirmation(RuntimeError):
    """Retention would anonymize more than the configured share of CRM candidates in one run: a wrong
    date in the data (or a clock) is likelier than that many people ageing out at once."""


def as_of_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The data's as-of time (contract §9.1): the newest sent, responded, applied or stage time staged,
    bounded by the run's clock: a wrong date in the data must not age everyone past retention."""
    parts = [
        f"(select max({column}) from intake.{name})"
        for name, column in (
            ("outreach__messages", "sent_at"),
            ("outreach__responses", "responded_at"),
            ("ats__applications", "applied_at"),
            ("ats__stage_events", "entered_at"),
        )
        if relation_exists(con, "intake", name)
    ]
    return f"least(greatest({', '.join(parts)}), {CLOCK})"  # never later than the run's clock


def _drop_candidates_in_the_ats(con: duckdb.DuckDBPyConnection) -> None:
    """Remove from `past_retention` the candidates an ATS record (contract or connector tables) matches
    by CRM id, email or URL (one hash join per key: they engaged)."""
    for table, column, kind in ATS_IDENTITY_KEYS:
        if not relation_exists(con, "intake", table):
            continue
        crm = CANDIDATE_KEY_COLUMNS[kind]
        con.execute(f"""
            delete from past_retention as p using intake.sourcing__candidates as c
            where c._source_file = p._source_file and c._row_number = p._row_number
              and {key_sql(kind, f"c.{ident(crm)}")} in (
                  select {key_sql(kind, f"a.{ident(column)}")} from intake.{table} as a)""")


def add_retention_keys(con: duckdb.DuckDBPyConnection, months: int) -> int:
    """Add, as pending keys, the CRM candidates that never engaged (no human response on any of
    their prospects, no record in the ATS) and whose latest activity (created, sourced, written to,
    auto-reply) is more than `months` months before the data's as-of time (contract §9.1).
    How many candidates."""
    needed = ("sourcing__candidates", "sourcing__prospects", "outreach__messages", "outreach__responses")
    if months <= 0 or not all(relation_exists(con, "intake", t) for t in needed):
        return 0
    con.execute(f"""
        create or replace temp table past_retention as
        with responses as (
            select prospect_id, max(responded_at) as last_response,
                   bool_or(response_type <> 'auto_reply') as engaged
            from intake.outreach__responses group by prospect_id),
        messages as (select prospect_id, max(sent_at) as last_sent from intake.outreach__messages group by prospect_id),
        activity as (
            select c.candidate_id, c._source_file, c._row_number,
                   greatest(c.created_at, max(p.sourced_at), max(m.last_sent), max(r.last_response)) as last_activity,
                   coalesce(bool_or(r.engaged), false) as engaged
            from intake.sourcing__candidates as c
            left join intake.sourcing__prospects as p on p.candidate_id = c.candidate_id
            left join messages as m on m.prospect_id = p.prospect_id
            left join responses as r on r.prospect_id = p.prospect_id
            group by c.candidate_id, c._source_file, c._row_number, c.created_at)
        select candidate_id, _source_file, _row_number from activity
        where not engaged and last_activity < {as_of_sql(con)} - to_months({int(months)})
    """)
    con.execute("""delete from past_retention as p using raw.sourcing__candidates as r
                   where r._source_file = p._source_file and r._row_number = p._row_number and r._erased""")
    _drop_candidates_in_the_ats(con)
    added = add_keys(
        con,
        f"select 'candidate' as kind, {token_sql('candidate', 'candidate_id')} as token from past_retention",
        "retention",
    )
    con.execute("drop table past_retention")
    return added


@dataclass(frozen=True)
class RetentionGuard:
    """How much retention may anonymize in one run without the operator's confirmation."""

    max_share: float = 0.10  # of the CRM candidates staged
    confirmed: bool = False  # `funnel run --confirm-retention`


DEFAULT_GUARD = RetentionGuard()


def check_retention_share(con: duckdb.DuckDBPyConnection, retained: int, guard: RetentionGuard) -> None:
    """Stop the run (nothing is published) when retention would anonymize more than the guard's share."""
    if not retained or guard.confirmed:
        return
    total = con.execute("select count(*) from intake.sourcing__candidates").fetchone()[0]
    if retained <= guard.max_share * total:
        return
    as_of = con.execute(f"select {as_of_sql(con)}").fetchone()[0]
    raise RetentionNeedsConfirmation(
        f"retention would anonymize {retained:,} of {total:,} CRM candidates ({retained / total:.0%}) in this run, "
        f"more than FUNNEL_RETENTION_MAX_SHARE ({guard.max_share:.0%}); the data's as-of time is {as_of:%Y-%m-%d}. "
        "Check the dates in the landing first (a wrong date or clock ages everyone at once); if this is right, "
        "run again with `funnel run --confirm-retention`. Nothing was published"
    )
