import streamlit as st

from contract import windows as W
from dashboards import charts, ui
from dashboards.queries import funnel, outreach
from dashboards.sections import weekly

version, scope, filters = ui.context()
st.title("Outreach")
ui.filters_note(filters)
reply_days = W.REPLY_WINDOW[1]

st.subheader("What each follow-up does")
touches = outreach.follow_up_steps(version, scope, filters).assign(touch=lambda f: f["touch"].astype(str))
a, b = st.columns(2)
a.altair_chart(
    charts.rate_bars(
        touches,
        "touch",
        "reply_rate",
        "replied",
        "still_silent",
        "replied / still silent at this touch",
        sort_by_rate=False,
    ),
    width="stretch",
)
b.altair_chart(
    charts.rate_bars(
        touches,
        "touch",
        "opt_out_rate",
        "opted_out",
        "still_silent",
        "opted out in answer / still silent at this touch",
        sort_by_rate=False,
    ),
    width="stretch",
)
st.caption(
    f"Per touch (k-th delivered message; 6 = sixth or later), among prospects who had not answered before it: how "
    f"many replied to it and how many of those opted out. Prospects contacted at least {reply_days} days before the "
    "data's as-of time, so every sequence had time to run."
)

if scope.is_everything:
    weekly.sequences(version, scope)

st.subheader("First-touch templates")
ui.table(
    outreach.templates(version, scope, filters),
    "templates",
    f"Reply rate: replied within {reply_days} days / prospects first written with this template at least "
    f"{reply_days} days ago (eligible). Follows the sidebar filters. Which template is significantly weaker than "
    "the others of its sequence, within the same roles, is in the diagnosis (Why people don't engage).",
)

st.subheader("Time to reply")
st.altair_chart(
    charts.survival(
        funnel.survival_curves(version, scope, filters, "replied", "First outreach channel"),
        "segment",
        "replied",
        max_day=60,
    ),
    width="stretch",
)
st.caption(
    "Kaplan-Meier, by the channel of the first message: the share who replied within d days of first contact; "
    "people who have not replied yet count as waiting up to the data's as-of time (censored)."
)
ui.table(
    outreach.time_to_reply(version, scope, filters, "Sequence").rename(columns={"segment": "sequence"}),
    "time_to_reply_by_sequence",
    "Hours from first contact to the first reply, among prospects who replied.",
)

st.subheader(f"When first touches get answered within {reply_days} days (UTC)")
sends = outreach.send_time(version, scope, filters)
st.altair_chart(
    charts.heatmap(
        sends,
        "hour_utc",
        "weekday",
        "reply_rate",
        "replied",
        "eligible",
        f"replied within {reply_days} days / eligible",
        y_sort=["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ),
    width="stretch",
)
st.caption(
    f"Each cell: the share of first touches sent that hour that were answered within {reply_days} days; its n "
    "(first touches at least that old) is in the tooltip, and cells from fewer than 30 are faded."
)

st.subheader("Guardrails by sequence")
if ui.company_wide(scope, "Guardrails"):
    ui.table(
        ui.guardrail_rows(outreach.guardrails(version, scope, "sequence")),
        "guardrails_by_sequence",
        "Each guardrail is a count over the denominator named beside it, per sequence of the first touch; "
        "breaches (messages after an opt-out or decline, contact without consent: both should be 0) first. "
        "Whole company: not narrowed by the sidebar filters.",
    )
