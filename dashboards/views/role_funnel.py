from dataclasses import replace

import pandas as pd
import streamlit as st

from contract import vocabulary as V
from contract import windows as W
from contract.labels import label
from dashboards import charts, ui
from dashboards.queries import engagement, funnel, outreach, reference
from dashboards.queries import people as people_queries
from dashboards.sections import people, role_picker, workbench

version, scope, filters = ui.context()
options = reference.filter_options(version, scope)
labels = {"role": options["role_labels"], "recruiter": options["recruiter_labels"]}
st.title("Role funnel")
picked = role_picker.pick(filters, options)
if picked is None:
    st.stop()
recruiter, role = picked
role_filters = replace(filters, role=(role,))
company_filters = replace(filters, role=())  # the role's benchmark: every role of the scope under the other filters
workbench.render(version, scope, recruiter, role, options)
st.header("The role's funnel")
ui.filters_note(role_filters, labels)

role_totals = funnel.stage_counts(version, scope, role_filters).iloc[0]
if role_totals["sourced"] == 0:
    st.info("No prospects for this role under the current filters.")
    st.stop()
cols = st.columns(4)
ui.metric(cols[0], "Sourced", role_totals["sourced"])
ui.metric(cols[1], "Contacted", role_totals["contacted"], role_totals["sourced"], "sourced")
ui.metric(cols[2], "Replied", role_totals["replied"], role_totals["contacted"], "contacted")
ui.metric(cols[3], "Hired", role_totals["hired"], role_totals["contacted"], "contacted")

company = ui.scope_name(scope)
st.subheader(f"This role against {'the company' if scope.is_everything else 'all your roles'}")


def _windowed(scope_filters, stage: str) -> float | None:
    if stage not in W.STAGE_WINDOWS:
        return None
    rates = funnel.windowed_rates(version, scope, scope_filters, window=W.STAGE_WINDOWS[stage])
    return None if rates.empty or rates.at[0, "eligible"] == 0 else round(rates.at[0, "rate"], 4)


benchmark = pd.DataFrame(
    {
        "stage": list(V.FUNNEL_STAGES),
        "role prospects": [int(role_totals[s]) for s in V.FUNNEL_STAGES],
        "window (days)": [W.STAGE_WINDOWS[s][1] if s in W.STAGE_WINDOWS else None for s in V.FUNNEL_STAGES],
        "role rate (within window)": [_windowed(role_filters, s) for s in V.FUNNEL_STAGES],
        f"{company} rate (within window)": [_windowed(company_filters, s) for s in V.FUNNEL_STAGES],
    }
)
left, right = st.columns(2)
left.altair_chart(charts.funnel(funnel.funnel_steps(role_totals)), width="stretch")
with right:
    ui.table(
        benchmark,
        "role_benchmark",
        "Rates: reached the stage within the window / prospects contacted at least that long ago (eligible), for "
        f"the role and for all {'' if scope.is_everything else 'your '}roles under the filters.",
    )
stage_of = {str(label(stage)): stage for stage in V.FUNNEL_STAGES}
people.behind(
    "funnel",
    {name: int(role_totals[stage]) for name, stage in stage_of.items()},
    lambda name: people_queries.counted_people(version, scope, role_filters, people_queries.Counted(stage_of[name])),
)

st.subheader("Outcomes and decline reasons")
a, b = st.columns(2)
outcomes = engagement.outcome_mix(version, scope, role_filters)
if not outcomes.empty:
    a.altair_chart(
        charts.stacked_shares(
            outcomes,
            "segment",
            "outcome",
            "prospects",
            "not_engaged",
            "share of prospects written to who did not become interested",
        ),
        width="stretch",
    )
reasons = engagement.decline_reasons(version, scope, role_filters)
if not reasons.empty:
    b.altair_chart(
        charts.stacked_shares(reasons, "segment", "decline_reason", "prospects", "declined", "share of declines"),
        width="stretch",
    )
outcome_counts = {
    f"Outcome: {label(o)}": (people_queries.Counted(outcome=o), n) for o, n in outcomes[["outcome", "prospects"]].values
}
reason_counts = {
    f"Declined citing: {label(r)}": (people_queries.Counted(decline_reason=r), n)
    for r, n in reasons[["decline_reason", "prospects"]].values
}
counted = {**outcome_counts, **reason_counts}
people.behind(
    "outcomes",
    {name: int(n) for name, (_, n) in counted.items()},
    lambda name: people_queries.counted_people(version, scope, role_filters, counted[name][0]),
)

st.subheader("Time to reply")
speed = pd.concat(
    [
        outreach.time_to_reply(version, scope, role_filters, "Role").assign(
            scope="this role", segment=options["role_labels"][role]
        ),
        outreach.time_to_reply(version, scope, company_filters, "First-touch style").assign(
            scope=f"{company} by first-touch style"
        ),
    ]
)
ui.table(speed, "time_to_reply", "Hours from first contact to the first reply, among prospects who replied.")
