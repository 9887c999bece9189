"""The Data quality page's questions, company-wide (talent leaders only): reconciliation, quarantine,
erasure, unread landing entries, roles without a recruiter, the ATS stage mapping and requisition
problems."""

from __future__ import annotations

import pandas as pd

from dashboards.queries.base import Scope, Version, cached, company_wide, query


@cached
def reconciliation(version: Version, scope: Scope) -> pd.DataFrame:
    company_wide(scope)
    return query(version, "select * from marts.dq_reconciliation order by table_name")


@cached
def quarantine(version: Version, scope: Scope) -> pd.DataFrame:
    company_wide(scope)
    return query(
        version,
        """select table_name, source_file, kind, reason, quarantined_rows, first_row_number
                             from marts.dq_quarantine_summary order by quarantined_rows desc, table_name""",
    )


@cached
def erasure_log(version: Version, scope: Scope) -> pd.DataFrame:
    """Every run that applied erasure requests or retention: when, how many, by which key type (no personal data)."""
    company_wide(scope)
    return query(version, "select * from marts.dq_erasure_log order by applied_at desc")


@cached
def unread_landing_entries(version: Version, scope: Scope) -> pd.DataFrame:
    """Folders and files of the landing folder that no table reads, as the latest run found them."""
    company_wide(scope)
    return query(version, "select path, is_folder from marts.dq_unread_landing_entries order by path")


@cached
def roles_without_recruiter(version: Version, scope: Scope) -> pd.DataFrame:
    """Roles no recruiter owns (their owner is not among team/recruiters), with every role counted as the
    denominator: no recruiter who signs in sees them."""
    company_wide(scope)
    return query(
        version,
        """select role_id, role_title, is_open, count(*) over () as roles_without_recruiter,
                  (select count(*) from marts.dim_roles) as roles
           from marts.dim_roles where recruiter_id is null order by is_open desc, role_id""",
    )


@cached
def ats_stage_mapping(version: Version, scope: Scope) -> pd.DataFrame:
    """Connector stage names and the contract stage each maps to (unmapped first)."""
    company_wide(scope)
    return query(
        version,
        """select source_system, stage_name, coalesce(mapped_stage, '(unmapped)') as mapped_stage, mapped_by,
                  mapped_in, is_unmapped, stage_events, applications
           from marts.dq_ats_stage_mapping
           order by is_unmapped desc, stage_events desc, source_system, stage_name""",
    )


@cached
def requisition_problems(version: Version, scope: Scope) -> pd.DataFrame:
    """Duplicate and malformed requisitions, left out of every count (marts.dq_requisitions)."""
    company_wide(scope)
    return query(
        version,
        """select role_id, role_title, recruiter_name, problem_kind, requisition_problem, duplicate_of,
                  prospects, applications, opened_at, closed_at, openings
           from marts.dq_requisitions order by problem_kind, role_id""",
    )
