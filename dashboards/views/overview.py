import streamlit as st

from dashboards import charts, data, ui
from dashboards.sections import weekly
from dashboards.text import escape_markdown

version, scope, filters = ui.context()
options = data.filter_options(version, scope)
labels = {"role": options["role_labels"], "recruiter": options["recruiter_labels"]}
st.title("Overview")
as_of = data.data_as_of(version)
fresh = data.freshness(version)
st.caption(
    f"Data as of {as_of:%Y-%m-%d %H:%M} UTC (the newest message, response, application or stage change) · "
    f"newest drop landed {fresh['latest_landed_at'].max():%Y-%m-%d %H:%M} UTC"
)
ui.filters_note(filters, labels)

totals = data.stage_counts(version, scope, filters).iloc[0]
reply_days, hire_days = data.REPLY_WINDOW[1], data.HIRE_WINDOW[1]
replied = data.windowed_rates(version, scope, filters, window=data.REPLY_WINDOW).iloc[0]
hired = data.windowed_rates(version, scope, filters, window=data.HIRE_WINDOW).iloc[0]
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
    st.subheader("Funnel")
    st.altair_chart(charts.funnel(data.funnel_steps(totals)), width="stretch")
with right:
    st.subheader(f"Reply rate within {reply_days} days, by month of first contact")
    trend = data.cohort_trend(version, scope, filters)
    st.altair_chart(
        charts.trend(
            trend, "cohort_month", "rate", "converted", "eligible", f"replied within {reply_days} days / eligible"
        ),
        width="stretch",
    )
    st.caption(
        f"Each month counts only its prospects contacted at least {reply_days} days before the data's as-of time "
        f"(the tooltip's denominator); the newest months are partly or wholly still inside the window."
    )

st.subheader("Channels")
a, b = st.columns(2)
a.altair_chart(
    charts.rate_bars(
        data.windowed_rates(version, scope, filters, "Channel", data.HIRE_WINDOW),
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
        data.windowed_rates(version, scope, filters, "Channel", data.REPLY_WINDOW),
        "segment",
        "rate",
        "converted",
        "eligible",
        f"replied within {reply_days} days / eligible",
    ),
    width="stretch",
)

st.subheader("Guardrails")
if ui.company_wide(scope, "Guardrails"):
    guards = data.guardrails(version, scope).set_index("guardrail")
    after_stop = guards.loc["messages_after_opt_out"]
    if after_stop["numerator"] > 0:
        st.error(
            f"{int(after_stop['numerator']):,} messages were delivered to people after they had opted out or "
            f"declined (for any role; of {int(after_stop['denominator']):,} delivered messages). See Outreach for "
            "where."
        )
    else:
        st.success("No message was delivered to anyone after they opted out or declined.")
    st.caption("Guardrails cover the whole company: they are not narrowed by the sidebar filters.")

st.subheader("Top findings: what holds response back")
top = data.findings(version, scope, filters)
top = top[top["direction"] == "worse"].head(5)
scope_words = escape_markdown(ui.describe(scope, filters, labels))
st.caption(f"Scope: {scope_words}. Sample and comparison are in each sentence.")
if top.empty:
    st.info("No statistically significant explanation found for this scope.")
for row in top.itertuples():
    st.markdown(f"**{row.finding_rank}.** {escape_markdown(row.sentence)}")

if scope.is_everything:
    weekly.render(version, scope)
