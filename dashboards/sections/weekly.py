"""The leader's company-wide sections. On the Overview (below last week's conversations and hires, which lead
the page): hires by channel, outbound's share of every hire and the requisitions at risk; on Channels &
targeting: volume against quality; on Outreach: multi- against single-channel sequences (what each
follow-up adds and costs is Outreach's own chart). The digest reuses its names and `charted_steps`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from contract.labels import definition, label
from dashboards import charts, ui
from dashboards.queries import base, reference, weekly, workbench
from dashboards.sections import people


def charted_steps(steps: pd.DataFrame) -> pd.DataFrame:
    """Touches reached by at least 30 silent prospects (a handful of breaches reach touch 5 or 6), as text."""
    shown = steps[~steps["is_small_sample"]]
    return shown.assign(touch=shown["touch"].astype(str))


def render(version: base.Version, scope: base.Scope) -> None:
    """The whole section; company-wide, so only for a scope of every role (base.OutOfScope otherwise)."""
    st.header("The leader's weekly view")
    ui.company_wide_note()
    _hires(version, scope)
    _requisitions(version, scope)


def _hires(version: base.Version, scope: base.Scope) -> None:
    st.subheader("Hires by channel")
    by_channel = weekly.hires_by_channel(version, scope)
    left, right = st.columns(2)
    left.altair_chart(
        charts.count_bars(by_channel, "channel", "hires", "share_rate", "all_hires", "outbound hires"), width="stretch"
    )
    with right:
        total = weekly.outbound_share_total(weekly.outbound_hire_share(version, scope)).iloc[0]
        ui.metric(
            st, "Outbound hires, all time", int(total["outbound_hires"]), int(total["ats_hires"]), "every ATS hire"
        )
        monthly = weekly.outbound_hire_share(version, scope).assign(
            hire_month=lambda f: f["hire_month"].dt.strftime("%Y-%m")
        )
        st.altair_chart(
            charts.trend(
                monthly,
                "hire_month",
                "outbound_rate",
                "outbound_hires",
                "ats_hires",
                "outbound hires / ATS hires",
                period_title="month of hire",
            ),
            width="stretch",
        )
    ui.table(
        by_channel[["channel", "hires", "share_rate", "contacted", "hire_rate"]],
        "hires_by_channel",
        f"Share: the channel's hires / all {int(by_channel['hires'].sum()):,} outbound hires. Hire rate: the "
        "channel's hires / its contacted prospects.",
        definitions={"hires": "Outbound hires: prospects sourced through this channel who were hired."},
    )


def volume_quality(version: base.Version, scope: base.Scope) -> None:
    """Volume against quality by month (company-wide): on Channels & targeting, for talent leaders."""
    st.subheader("Volume against quality (whole company)")
    monthly = weekly.volume_quality(version, scope)
    left, right = st.columns(2)
    left.altair_chart(
        charts.volume_and_rate(
            monthly,
            "cohort_month",
            "contacted",
            "prospects contacted",
            "interest_rate",
            "interested",
            "interested / contacted",
            mature="is_mature",
        ),
        width="stretch",
    )
    right.altair_chart(
        charts.series_lines(
            monthly,
            "cohort_month",
            {
                "stretch_share_rate": "stretch-tier targets / contacted",
                "generic_share_rate": "generic first touches / contacted",
            },
            "share of contacted",
        ),
        width="stretch",
    )
    st.altair_chart(
        charts.value_bars(monthly, "cohort_month", "messages_per_interested", "messages / interested", ",.0f"),
        width="stretch",
    )
    st.caption(
        "By month of first contact. Months that ended less than 30 days ago are still collecting answers "
        "(hollow in the tooltip's maturity)."
    )


def sequences(version: base.Version, scope: base.Scope) -> None:
    """Multi- against single-channel sequences (company-wide): on Outreach, for talent leaders."""
    st.subheader("Multi-channel against single-channel sequences (whole company)")
    mix = weekly.channel_mix(version, scope)
    left, right = st.columns(2)
    left.altair_chart(
        charts.rate_bars(
            mix, "sequence_type", "reply_rate", "replied", "prospects", "replied / still silent at touch 2"
        ),
        width="stretch",
    )
    right.altair_chart(
        charts.rate_bars(
            mix, "sequence_type", "opt_out_rate", "opted_out", "prospects", "opted out / still silent at touch 2"
        ),
        width="stretch",
    )
    st.caption(
        "Prospects who got a second touch while still silent, first contacted at least 30 days ago; multi-channel = "
        "the first two touches came through different channels."
    )


def _requisitions(version: base.Version, scope: base.Scope) -> None:
    st.subheader("Requisitions")
    health = workbench.requisition_health(version, scope)
    counts = health["status"].value_counts()
    for column, status in zip(st.columns(6), ("at_risk", "watch", "on_track", "over_filled", "filled", "closed")):
        column.metric(
            label(status),
            f"{int(counts.get(status, 0)):,}",
            help=definition(f"status_{status}"),
        )
    open_roles = health[health["status"].isin(["at_risk", "watch", "on_track"])]
    if open_roles.empty:
        st.info("No open requisition with openings left.")
        return
    shown = open_roles[workbench.requisition_columns(leave_out=("openings", "hires"))]
    ui.table(shown, "requisitions_open", "Open requisitions with openings left, at risk first.")
    role_labels = reference.filter_options(version, scope)["role_labels"]
    people.requisitions(
        version,
        scope,
        "requisitions_open",
        {
            people.requisition_count("in_flight", role_labels.get(role, role)): (role, "in_flight", int(n))
            for role, n in open_roles[["role_id", "in_flight"]].values
        },
    )
