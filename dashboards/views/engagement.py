import streamlit as st

from dashboards import charts, data, ui
from dashboards.sections import people
from dashboards.text import escape_markdown

version, scope, filters = ui.context()
options = data.filter_options(version, scope)
labels = {"role": options["role_labels"], "recruiter": options["recruiter_labels"]}
st.title("Why people don't engage")
ui.filters_note(filters, labels)
dimension = st.selectbox("Break down by", list(data.DIMENSIONS), key="engagement_dimension")

st.subheader("Outcome of prospects written to who did not become interested")
outcomes = data.outcome_mix(version, scope, filters, dimension)
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
reasons = data.decline_reasons(version, scope, filters, dimension)
st.altair_chart(
    charts.stacked_shares(
        reasons, "segment", "decline_reason", "prospects", "declined", "share of declines (denominator: declined)"
    ),
    width="stretch",
)

st.subheader("They turned us down vs we turned them down")
turned = data.turndowns(version, scope, filters)
st.altair_chart(charts.turndown_bars(turned), width="stretch")
st.caption("They: declined, not now, opted out, withdrew. We: rejected. Bars per furthest stage reached.")

st.subheader("Diagnosis: what explains a low response rate")
found = data.findings(version, scope, filters)
eligible = data.windowed_rates(version, scope, filters, window=data.REPLY_WINDOW).iloc[0]
scope_words = escape_markdown(ui.describe(scope, filters, labels))
st.caption(
    f"Scope: {scope_words} ({int(eligible['eligible']):,} prospects contacted at least "
    f"{data.REPLY_WINDOW[1]} days before the data's as-of time; the others are still inside the window and not "
    "compared yet). Each group is compared with comparable prospects: the same roles, match tiers and first-touch "
    "styles. A finding holds at the 5 % level after Holm's correction within its explanation family."
)
if found.empty:
    st.info("No explanation is statistically significant for this scope.")
for heading, direction in (("What holds response back", "worse"), ("What works", "better")):
    rows = found[found["direction"] == direction]
    if not rows.empty:
        st.markdown(f"**{heading}**")
        for row in rows.itertuples():
            st.markdown(f"**{row.finding_rank}.** {escape_markdown(row.sentence)}")
ui.table(
    found,
    "diagnosis_findings",
    "subject_eligible / subject_converted: the group; comparison_rate: what comparable prospects (same strata, "
    "adjusted_for) achieved; effect = subject_rate - comparison_rate with its 95 % interval; p_adjusted: "
    "Mantel-Haenszel test, Holm-corrected within the explanation family; impact = |effect| x subject_eligible.",
)
people.findings(version, scope, filters, found)
