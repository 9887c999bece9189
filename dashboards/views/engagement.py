import streamlit as st

from contract import labels as L
from contract import windows as W
from dashboards import charts, ui
from dashboards.queries import diagnosis, engagement, funnel, reference
from dashboards.sections import findings as findings_section
from dashboards.sections import people
from dashboards.text import escape_markdown

version, scope, filters = ui.context()
options = reference.filter_options(version, scope)
labels = {"role": options["role_labels"], "recruiter": options["recruiter_labels"]}
st.title("Why people don't engage")
ui.filters_note(filters, labels)
dimension = st.selectbox("Break down by", list(L.DIMENSIONS), key="engagement_dimension")

st.subheader("Outcome of prospects written to who did not become interested")
outcomes = ui.segment_names(engagement.outcome_mix(version, scope, filters, dimension), dimension)
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
reasons = ui.segment_names(engagement.decline_reasons(version, scope, filters, dimension), dimension)
st.altair_chart(
    charts.stacked_shares(
        reasons, "segment", "decline_reason", "prospects", "declined", "share of declines (denominator: declined)"
    ),
    width="stretch",
)

st.subheader("They turned us down vs we turned them down")
turned = engagement.turndowns(version, scope, filters)
st.altair_chart(charts.turndown_bars(turned), width="stretch")
st.caption("They: declined, not now, opted out, withdrew. We: rejected. Bars per furthest stage reached.")

st.subheader("Diagnosis: what explains a low response rate")
found = diagnosis.findings(version, scope, filters)
eligible = funnel.windowed_rates(version, scope, filters, window=W.REPLY_WINDOW).iloc[0]
compared_with = (
    " Your roles themselves are compared with comparable prospects of every role across the company (same "
    "match tier and first-touch style)."
    if diagnosis.compared_roles(scope, filters)
    else ""
)
scope_words = escape_markdown(ui.describe(scope, filters, labels))
st.caption(
    f"Scope: {scope_words} ({int(eligible['eligible']):,} prospects contacted at least "
    f"{W.REPLY_WINDOW[1]} days before the data's as-of time; the others are still inside the window and not "
    "compared yet). Each group is compared with comparable prospects: the same roles, match tiers and first-touch "
    f"styles.{compared_with} A finding is a gap unlikely to be chance even after allowing for every comparison "
    "made of its kind (5 % level)."
)
if found.empty:
    st.info("No explanation stands out for this scope: see below what was checked.")
findings_section.render(found, {"worse": "What holds response back", "better": "What works"})
findings_section.render_coverage(diagnosis.diagnosis_coverage(version, scope, filters))
if not found.empty:  # every finding's numbers, for the analyst
    ui.table(
        found,
        "diagnosis_findings",
        "subject_eligible / subject_converted: the group; comparison_rate: what comparable prospects (same strata, "
        "adjusted_for) achieved; effect = subject_rate - comparison_rate with its 95 % interval; p_adjusted: "
        "Mantel-Haenszel test, or the exact conditional test where counts are small (column test), Holm-corrected "
        "within the explanation family; impact = |effect| x subject_eligible; small_sample: fewer than 10 prospects "
        "converted (or not) in the group.",
    )
people.findings(version, scope, filters, found)
