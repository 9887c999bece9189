"""The recruiter's workbench on the Role page: who to write to, move into the ATS, reconnect with or
rediscover, for the recruiter's own roles (or the picked role), and how each requisition stands."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import data, ui
from dashboards.formatting import percent
from dashboards.labels import definition, humanize, label
from dashboards.text import escape_markdown

# every row of a list is shown (the people behind its total): who, for which role, why, since when, how far
# they got; the CRM candidate id last, to tell apart two people of the same name
LIST_COLUMNS = [
    "full_name",
    "role",
    "role_owner",
    "reason",
    "evidence",
    "since",
    "days_since",
    "furthest_stage",
    "outcome",
    "contacted_on",
    "priority",
    "candidate_id",
]


def list_rules(rules: dict[str, int]) -> dict[str, str]:
    """The rule behind each list, in words, with the thresholds the warehouse was built with."""
    gap = rules["recontact_gap_days"]
    person = (
        f"Never listed: anyone who opted out or declined for any role; for outreach lists also anyone written to "
        f"for another role in the last {gap} days."
    )
    return {
        "follow_up_due": f"Contacted, no reply, fewer than {rules['follow_up_max_touches']} delivered touches, the "
        f"last more than {rules['follow_up_after_days']} days ago; not for people whose 'not now' date lies ahead. "
        f"Most recently due first. {person}",
        "interested_not_in_ats": f"Said interested more than {rules['interested_wait_days']} days ago and have no "
        f"application for the role in the ATS. Longest waiting first. {person}",
        "reconnect_due": "Their latest answer, for any role, was 'not now' and the date they gave has passed; no "
        f"message since. One row per person. {person}",
        "rediscovery": "Finalists (final interview or offer) of another role of the same department and seniority "
        "who withdrew or were turned down, then people who declined another role for a reason this one does not "
        f"have (location for a remote role, a seniority one level apart, role scope). Best evidence first, at most "
        f"{rules['rediscovery_per_role']} per role. {person}",
    }


def render(version: data.Version, scope: data.Scope, recruiter: str, role: str, options: dict) -> None:
    """Counts in the header, the four lists, and requisition health."""
    name = options["recruiter_labels"].get(recruiter, recruiter)
    own_roles = tuple(options["roles_by_recruiter"].get(recruiter, [role]))
    choices = [f"All of {escape_markdown(name)}'s roles", "This role only"]  # radio options read markdown
    lists_for = st.radio("Work lists for", choices, key="work_list_scope", horizontal=True)
    roles = own_roles if lists_for.startswith("All") else (role,)
    lists = data.work_lists(version, scope, roles)
    counts = lists["work_list"].value_counts()
    rules = list_rules(data.work_list_rules(version))
    of_roles = f"people, for {len(roles)} role{'s' if len(roles) != 1 else ''}"
    for column, work_list in zip(st.columns(len(data.WORK_LISTS)), data.WORK_LISTS):
        column.metric(
            label(work_list),
            f"{int(counts.get(work_list, 0)):,}",
            of_roles,
            delta_color="off",
            delta_arrow="off",
            help=rules[work_list],
        )
    _lists(lists, rules, options)
    _requisition(version, scope, role, own_roles, name, options["role_labels"])


def _lists(lists: pd.DataFrame, rules: dict[str, str], options: dict) -> None:
    shown = lists.assign(role=lists["role_id"].map(lambda r: options["role_labels"].get(r, r)))
    tabs = st.tabs([label(work_list) for work_list in data.WORK_LISTS])
    for tab, work_list in zip(tabs, data.WORK_LISTS):
        with tab:
            rows = shown[shown["work_list"] == work_list]
            if rows.empty:
                st.info(f"Nobody on this list. {rules[work_list]}")
                continue
            ui.table(
                rows[LIST_COLUMNS].reset_index(drop=True),
                f"work_list_{work_list}",
                f"The {len(rows):,} people counted above, one row each. {rules[work_list]}",
            )


def _requisition(
    version: data.Version,
    scope: data.Scope,
    role: str,
    own_roles: tuple[str, ...],
    recruiter_name: str,
    role_labels: dict[str, str],
) -> None:
    st.subheader("Requisition health")
    health = data.requisition_health(version, scope, own_roles)
    picked = health[health["role_id"] == role]
    if picked.empty:
        st.info("This role has no requisition record.")
        return
    row = picked.iloc[0]
    cols = st.columns(6)
    ui.metric(cols[0], "Openings", int(row["openings"]))
    _hires(cols[1], int(row["hires"]), int(row["openings"]))
    ui.metric(cols[2], "Days open", int(row["days_open"]))
    ui.metric(cols[3], "In process", int(row["in_flight"]), help=definition("in_flight"))
    cols[4].metric(
        "Expected hires",
        f"{row['expected_hires']:.1f}",
        f"95 %: {row['expected_hires_low']}–{row['expected_hires_high']}",
        delta_color="off",
        delta_arrow="off",
        help=definition("expected_hires") + " " + definition("expected_hires_low"),
    )
    days = row["expected_days_to_fill"]
    cols[5].metric(
        "Expected days to fill",
        "—" if pd.isna(days) else f"{days:,.0f}",
        None if pd.isna(days) else f"from {label(row['fill_from']).lower()}",
        delta_color="off",
        delta_arrow="off",
        help=definition("expected_days_to_fill"),
    )
    _status(row)
    ui.table(_stage_forecast(version, row), "requisition_stages", "People in process by their current ATS stage.")
    st.caption(f"All of {escape_markdown(recruiter_name)}'s requisitions:")
    shown = health.assign(role=health["role_id"].map(lambda r: role_labels.get(r, r)))
    ui.table(shown[[*HEALTH_COLUMNS, "role_id"]], "requisition_health_own_roles")


def _hires(column, hires: int, openings: int) -> None:
    """Hires against the openings, in words: "3 of 2 openings" (never "150 % of openings")."""
    of = f"of {openings:,} opening{'s' if openings != 1 else ''}"
    column.metric("Hires", f"{hires:,}", of, delta_color="off", delta_arrow="off", help=definition("hires"))


HEALTH_COLUMNS = [
    "role",
    "status",
    "risk_reason",
    "openings",
    "hires",
    "remaining_openings",
    "days_open",
    "in_flight",
    "expected_hires",
    "expected_hires_low",
    "expected_hires_high",
    "chance_to_fill",
    "expected_days_to_fill",
]


def _status(row: pd.Series) -> None:
    if row["status"] == "at_risk":
        st.warning(f"At risk: {escape_markdown(row['risk_reason'])}.")
    elif row["status"] == "on_track":
        chance = row["chance_to_fill"]
        st.success(f"On track: the people in process fill the openings left with a chance of {percent(chance)}.")
    else:
        st.info(humanize(row["status"]) + ".")


def _stage_forecast(version: data.Version, row: pd.Series) -> pd.DataFrame:
    """Per ATS stage: people in process, the stage's windowed hire rate and what they are expected to bring."""
    rates = data.stage_to_hire(version)
    frame = rates[["stage", "hire_rate", "hire_ci_low", "hire_ci_high", "eligible", "hired"]].copy()
    frame.insert(1, "people_in_process", [int(row[f"in_{stage}"]) for stage in frame["stage"]])
    frame["expected_hires"] = frame["people_in_process"] * frame["hire_rate"]
    return frame
