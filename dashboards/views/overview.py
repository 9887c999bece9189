import pandas as pd
import streamlit as st

from contract import windows as W
from contract.labels import GUARDRAILS, definition
from dashboards import charts, ui
from dashboards.queries import diagnosis, funnel, outreach, overview, reference
from dashboards.sections import findings as findings_section
from dashboards.sections import weekly
from dashboards.text import escape_markdown

version, scope, filters = ui.context()
options = reference.filter_options(version, scope)
labels = {"role": options["role_labels"], "recruiter": options["recruiter_labels"]}
st.title("Overview")
as_of = reference.data_as_of(version)
fresh = reference.freshness(version)
st.caption(
    f"Data as of {as_of:%Y-%m-%d %H:%M} UTC (the newest message, response, application or stage change) · "
    f"newest drop landed {fresh['latest_landed_at'].max():%Y-%m-%d %H:%M} UTC"
)
ui.filters_note(filters, labels)

# what a leader asks first: conversations and hires per week, then whether outreach is over-automated
weeks = overview.weekly_outcomes(version, scope, filters)
guards = outreach.guardrails(version, scope).set_index("guardrail") if scope.is_everything else None
if weeks.empty:
    st.info("No complete week in the data yet.")
else:
    last, before = weeks.iloc[-1], weeks.iloc[:-1].tail(4)
    st.subheader(f"Last week: {last['week_start']:%d %b} to {last['week_start'] + pd.Timedelta(days=6):%d %b %Y}")
    cols = st.columns(4)
    for column, name, title in (
        (cols[0], "conversations", "Conversations started"),
        (cols[1], "hired", "Outbound hires"),
    ):
        column.metric(
            title,
            f"{int(last[name]):,}",
            f"vs {before[name].mean():,.1f} a week in the {len(before)} weeks before",
            delta_color="off",
            delta_arrow="off",
            help=definition(name),
        )
    if guards is not None:
        unanswered, per_hire = guards.loc["four_plus_unanswered_touches"], guards.loc["delivered_per_hire"]
        cols[2].metric(
            "4+ unanswered touches",
            ui.percent(unanswered["value"]),
            f"{int(unanswered['numerator']):,} of {int(unanswered['denominator']):,} contacted; "
            + ui.count_interval(int(unanswered["numerator"]), int(unanswered["denominator"])),
            delta_color="off",
            delta_arrow="off",
            help=definition("four_plus_unanswered_touches"),
        )
        cols[3].metric(
            "Messages per hire",
            f"{per_hire['value']:,.0f}",
            f"{int(per_hire['numerator']):,} delivered messages / {int(per_hire['denominator']):,} hires",
            delta_color="off",
            delta_arrow="off",
            help=definition("delivered_per_hire"),
        )
left, right = st.columns(2)
by_week = weeks.assign(week=weeks["week_start"].map("{:%d %b}".format))
left.altair_chart(charts.value_bars(by_week, "week", "conversations", "conversations started"), width="stretch")
right.altair_chart(charts.value_bars(by_week, "week", "hired", "outbound hires"), width="stretch")
st.caption(
    "Per week (Monday to Sunday, UTC): prospects whose first reply came that week (a conversation started) and "
    f"prospects hired that week, among {escape_markdown(ui.describe(scope, filters, labels))}."
)

if ui.company_wide(scope, "Guardrails (over-automation)"):
    st.subheader("Over-automation (whole company)")
    breaches = guards[guards["is_breached"]]
    for name, row in breaches.iterrows():
        st.error(
            f"{GUARDRAILS[name]}: {int(row['numerator']):,} (of {int(row['denominator']):,} "
            f"{escape_markdown(row['denominator_label'])}). It should be 0; Outreach shows which sequences."
        )
    if breaches.empty:
        st.success("No message went to anyone after they opted out or declined, and nobody without consent.")
    ui.company_wide_note()

totals = funnel.stage_counts(version, scope, filters).iloc[0]
reply_days, hire_days = W.REPLY_WINDOW[1], W.HIRE_WINDOW[1]
replied = funnel.windowed_rates(version, scope, filters, window=W.REPLY_WINDOW).iloc[0]
hired = funnel.windowed_rates(version, scope, filters, window=W.HIRE_WINDOW).iloc[0]
st.subheader("Funnel")
cols = st.columns(5)
ui.metric(cols[0], "Sourced", totals["sourced"])
ui.metric(cols[1], "Contacted", totals["contacted"], totals["sourced"], "sourced")
ui.metric(cols[2], "Replied", totals["replied"], totals["contacted"], "contacted")
ui.metric(cols[3], "Interested", totals["interested"], totals["contacted"], "contacted")
ui.metric(cols[4], "Hired", totals["hired"], totals["contacted"], "contacted")
cols = st.columns(5)
ui.windowed_metric(cols[2], f"Reply rate within {reply_days} days", replied, reply_days)
ui.windowed_metric(cols[4], f"Hire rate within {hire_days} days", hired, hire_days)
st.caption(
    f"Counts: every stage ever reached. Rates compare like with like: only prospects contacted at least as long "
    f"ago as the window count; {int(replied['in_window']):,} contacted in the last {reply_days} days are still "
    f"inside the reply window and not counted in it yet."
)

left, right = st.columns(2)
with left:
    st.altair_chart(charts.funnel(funnel.funnel_steps(totals)), width="stretch")
with right:
    trend = overview.cohort_trend(version, scope, filters)
    st.altair_chart(
        charts.trend(
            trend, "cohort_month", "rate", "converted", "eligible", f"replied within {reply_days} days / eligible"
        ),
        width="stretch",
    )
    st.caption(
        f"Reply rate within {reply_days} days by month of first contact. Each month counts only its prospects "
        f"contacted at least {reply_days} days before the data's as-of time (the tooltip's denominator); the "
        "newest months are partly or wholly still inside the window."
    )

st.subheader("Channels")
a, b = st.columns(2)
a.altair_chart(
    charts.rate_bars(
        funnel.windowed_rates(version, scope, filters, "Channel", W.HIRE_WINDOW),
        "segment",
        "rate",
        "converted",
        "eligible",
        f"hired within {hire_days} days / eligible",
    ),
    width="stretch",
)
b.altair_chart(
    charts.rate_bars(
        funnel.windowed_rates(version, scope, filters, "Channel", W.REPLY_WINDOW),
        "segment",
        "rate",
        "converted",
        "eligible",
        f"replied within {reply_days} days / eligible",
    ),
    width="stretch",
)

st.subheader("Top findings: what holds response back")
top = diagnosis.findings(version, scope, filters)
top = top[top["direction"] == "worse"].head(5)
st.caption(
    f"Scope: {escape_markdown(ui.describe(scope, filters, labels))}. Sample and comparison are in each sentence; "
    "every finding and what was checked: Why people don't engage."
)
if top.empty:
    st.info("Nothing stands out as holding response back for this scope.")
findings_section.render(top, {"worse": ""})  # the subheader says what they are

if scope.is_everything:
    weekly.render(version, scope)
