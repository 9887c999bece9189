import streamlit as st

from dashboards import charts, data, ui

version, filters = ui.context()
st.title("Why people don't engage")
ui.filters_note(filters)
dimension = st.selectbox("Break down by", list(data.DIMENSIONS), key="engagement_dimension")

st.subheader("Outcome of prospects written to who did not become interested")
outcomes = data.outcome_mix(version, filters, dimension)
st.altair_chart(
    charts.stacked_shares(
        outcomes,
        "segment",
        "outcome",
        "prospects",
        "not_engaged",
        "share of not engaged (denominator: written to, not interested)",
    ),
    width="stretch",
)

st.subheader("Decline reasons")
reasons = data.decline_reasons(version, filters, dimension)
st.altair_chart(
    charts.stacked_shares(
        reasons, "segment", "decline_reason", "prospects", "declined", "share of declines (denominator: declined)"
    ),
    width="stretch",
)

st.subheader("They turned us down vs we turned them down")
turned = data.turndowns(version, filters)
st.altair_chart(charts.turndown_bars(turned), width="stretch")
st.caption("They: declined, not now, opted out, withdrew. We: rejected. Bars per furthest stage reached.")

st.subheader("Diagnosis: what explains a low response rate")
found = data.findings(version)
if found.empty:
    st.info("No explanation is statistically significant after correcting for the number of comparisons.")
for row in found.itertuples():
    st.markdown(f"**{row.finding_rank}.** {row.sentence} · _{row.strength}_")
ui.table(
    found,
    "diagnosis_findings",
    "x1/n1: the group, x2/n2: the rest it is compared with; p_adjusted is Bonferroni-corrected.",
)
