import streamlit as st

from dashboards import charts, data, ui
from dashboards.sections import weekly

version, filters = ui.context()
st.title("Overview")
as_of = data.data_as_of(version)
fresh = data.freshness(version)
st.caption(
    f"Data as of {as_of:%Y-%m-%d %H:%M} UTC · newest drop landed {fresh['latest_landed_at'].max():%Y-%m-%d %H:%M} UTC"
)
ui.filters_note(filters)

totals = data.stage_counts(version, filters).iloc[0]
cols = st.columns(5)
ui.metric(cols[0], "Sourced", totals["sourced"])
ui.metric(cols[1], "Contacted", totals["contacted"], totals["sourced"], "sourced")
ui.metric(cols[2], "Replied", totals["replied"], totals["contacted"], "contacted")
ui.metric(cols[3], "Interested", totals["interested"], totals["contacted"], "contacted")
ui.metric(cols[4], "Hired", totals["hired"], totals["contacted"], "contacted")

left, right = st.columns(2)
with left:
    st.subheader("Funnel")
    st.altair_chart(charts.funnel(data.funnel_steps(totals)), width="stretch")
with right:
    st.subheader("Reply rate by cohort month")
    trend = data.cohort_trend(version, filters)
    st.altair_chart(
        charts.trend(
            trend, "cohort_month", "reply_rate", "replied", "contacted", "replied / contacted", mature="reply_mature"
        ),
        width="stretch",
    )
    st.caption("Square marks: cohorts still maturing (contacted too recently for most replies to have arrived).")

st.subheader("Channels")
channels = data.stage_counts(version, filters, "Channel")
a, b = st.columns(2)
a.altair_chart(
    charts.rate_bars(channels, "segment", "hire_rate", "hired", "contacted", "hired / contacted"), width="stretch"
)
b.altair_chart(
    charts.rate_bars(channels, "segment", "reply_rate", "replied", "contacted", "replied / contacted"), width="stretch"
)

st.subheader("Guardrails")
guards = data.guardrails(version).set_index("guardrail")
after_stop = guards.loc["messages_after_opt_out"]
if after_stop["numerator"] > 0:
    st.error(
        f"{int(after_stop['numerator']):,} messages were delivered after an opt-out or a decline "
        f"(of {int(after_stop['denominator']):,} delivered messages). See Outreach for where."
    )
else:
    st.success("No message was delivered after an opt-out or a decline.")

st.subheader("Top findings: why response is low")
top = data.findings(version, limit=5)
if top.empty:
    st.info("No statistically significant explanation found.")
for row in top.itertuples():
    st.markdown(f"**{row.finding_rank}.** {row.sentence} · _{row.strength}_")

weekly.render(version)
