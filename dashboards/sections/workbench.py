"""The recruiter's workbench on the Role page: who to write to, move into the ATS, reconnect with or
rediscover, for the recruiter's own roles (or the picked role), and how each requisition stands."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from contract.labels import definition, humanize, label
from dashboards import ui
from dashboards.formatting import percent
from dashboards.queries import base, workbench
from dashboards.sections import people
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
    needs = "for a role that still needs hires (open, fewer hires than openings)"
    ranked = "Highest expected value first (the rate the row names)"
    return {
        "follow_up_due": f"Contacted {needs}, no reply, fewer than {rules['follow_up_max_touches']} delivered "
        f"touches, the last {rules['follow_up_after_days']} to {rules['follow_up_within_days']} days ago; not for "
        f"people whose 'not now' date lies ahead. {ranked}. {person}",
        "interested_not_in_ats": f"Said interested {needs} {rules['interested_wait_days']} to "
        f"{rules['interested_within_days']} days ago and have no application for the role in the ATS. {ranked}. "
        f"{person}",
        "reconnect_due": "Their latest answer, for any role, was 'not now' and the date they gave passed at most "
        f"{rules['reconnect_within_days']} days ago; no message since. One row per person. {ranked}. {person}",
        "rediscovery": f"People {needs}: finalists (final interview or offer) of a role of the same job family (the "
        f"title without its seniority) at most {rules['rediscovery_seniority_levels']} seniority level(s) away who "
        "withdrew or were turned down, and people who declined such a role for a reason this one does not have "
        f"(location for a remote role, seniority or role scope for another seniority). {ranked}, at most "
        f"{rules['rediscovery_per_role']} per role. {person}",
    }


def render(version: base.Version, scope: base.Scope, recruiter: str, role: str, options: dict) -> None:
    """Counts in the header, the four lists, and requisition health."""
    name = options["recruiter_labels"].get(recruiter, recruiter)
    own_roles = tuple(options["roles_by_recruiter"].get(recruiter, [role]))
    choices = [f"All of {escape_markdown(name)}'s roles", "This role only"]  # radio options read markdown
    lists_for = st.radio("Work lists for", choices, key="work_list_scope", horizontal=True)
    roles = own_roles if lists_for.startswith("All") else (role,)
    lists = workbench.work_lists(version, scope, roles)
    counts = lists["work_list"].value_counts()
    rules = list_rules(workbench.work_list_rules(version))
    of_roles = f"people, for {len(roles)} role{'s' if len(roles) != 1 else ''}"
    for column, work_list in zip(st.columns(len(workbench.WORK_LISTS)), workbench.WORK_LISTS):
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
    tabs = st.tabs([label(work_list) for work_list in workbench.WORK_LISTS])
    for tab, work_list in zip(tabs, workbench.WORK_LISTS):
        with tab:
            rows = shown[shown["work_list"] == work_list]
            if rows.empty:
                st.info(f"Nobody on this list. {rules[work_list]}")
                continue
            today = rows[rows["in_daily_cap"]]
            show_all = len(today) < len(rows) and st.toggle(
                f"Show all {len(rows):,} (not only today's {len(today):,})", key=f"work_list_all_{work_list}"
            )
            listed = rows if show_all or len(today) == len(rows) else today
            ui.table(
                listed[LIST_COLUMNS].reset_index(drop=True),
                f"work_list_{work_list}",
                f"{_listed_caption(len(listed), len(rows))}, most promising first. {rules[work_list]}",
            )


def _listed_caption(listed: int, counted: int) -> str:
    """Which of the counted people a work list shows: all, or the day's share of a long list."""
    if listed == counted:
        return f"The {counted:,} people counted above, one row each"
    return f"Today's {listed:,} of the {counted:,} people counted above (the daily cap per recruiter)"


def _requisition(
    version: base.Version,
    scope: base.Scope,
    role: str,
    own_roles: tuple[str, ...],
    recruiter_name: str,
    role_labels: dict[str, str],
) -> None:
    st.subheader("Requisition health")
    health = workbench.requisition_health(version, scope, own_roles)
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
        None if pd.isna(days) else f"chance to fill by the target: {percent(row['chance_to_fill'])}",
        delta_color="off",
        delta_arrow="off",
        help=definition("expected_days_to_fill"),
    )
    _status(row)
    in_process = workbench.requisition_people(version, scope, role, "in_flight")
    if in_process.empty:
        closed = " (the requisition is closed)" if row["status"] == "closed" else ""
        st.info(f"Nobody is in process for this role{closed}.")
    else:
        ui.table(
            in_process[people.IN_PROCESS_COLUMNS],
            "requisition_people",
            "People in process, by their current ATS stage; ageing: longer in the stage than usual.",
        )
    st.caption(f"All of {escape_markdown(recruiter_name)}'s requisitions:")
    ui.table(health[workbench.requisition_columns(leave_out=("recruiter_id",))], "requisition_health_own_roles")
    people.requisitions(version, scope, "requisition", triage_counts(health, role, role_labels))


def triage_counts(health: pd.DataFrame, role: str, role_labels: dict[str, str]) -> dict[str, tuple[str, str, int]]:
    """Every count of the requisition triage the section shows, by the label its picker reads -> (role, count
    column of workbench.TRIAGE_COUNTS, the count): each count of the picked role, then the hires and the people
    in process of each other requisition in the table."""
    picked_first = pd.concat([health[health["role_id"] == role], health[health["role_id"] != role]])
    counts = {}
    for _, row in picked_first.iterrows():
        name = role_labels.get(row["role_id"], row["role_id"])
        columns = people.TRIAGE_COUNT_LABELS if row["role_id"] == role else OTHER_ROLE_COUNTS
        for column in columns:
            counts[people.requisition_count(column, name)] = (row["role_id"], column, int(row[column]))
    return counts


def _hires(column, hires: int, openings: int) -> None:
    """Hires against the openings, in words: "3 of 2 openings" (never "150 % of openings")."""
    of = f"of {openings:,} opening{'s' if openings != 1 else ''}"
    column.metric("Hires", f"{hires:,}", of, delta_color="off", delta_arrow="off", help=definition("hires"))


OTHER_ROLE_COUNTS = ("hires", "in_flight")  # the counts the table of the recruiter's other requisitions shows


def _status(row: pd.Series) -> None:
    show = {"at_risk": st.warning, "watch": st.warning, "on_track": st.success}.get(row["status"], st.info)
    show(f"{humanize(row['status'])}: {escape_markdown(row['status_reason'])}.")
