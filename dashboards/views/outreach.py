import streamlit as st

from dashboards import charts, data, ui

version, filters = ui.context()
st.title("Outreach")
ui.filters_note(filters)

st.subheader("What each follow-up adds")
touches = data.replies_by_touch(version, filters)
a, b = st.columns(2)
a.altair_chart(
    charts.rate_bars(
        touches.assign(touch=touches["touch"].astype(str)),
        "touch",
        "added_rate",
        "replies",
        "contacted",
        "replies at this touch / contacted",
        sort_by_rate=False,
    ),
    width="stretch",
)
b.altair_chart(
    charts.rate_bars(
        touches.assign(touch=touches["touch"].astype(str)),
        "touch",
        "cumulative_rate",
        "cumulative_replies",
        "contacted",
        "replied within n touches / contacted",
        sort_by_rate=False,
    ),
    width="stretch",
)

st.subheader("Sequences and templates")
templates = data.templates(version)
ui.table(
    templates,
    "templates",
    "reply_rate = delivered messages answered by a human response / delivered; compared with the other templates "
    "of the same sequence and step (z test, Bonferroni). Not narrowed by the sidebar filters.",
)

st.subheader("Time to reply")
ui.table(
    data.time_to_reply(version, filters, "Sequence"),
    "time_to_reply_by_sequence",
    "Hours from first contact to the first reply, among prospects who replied.",
)

st.subheader("When first touches get answered (UTC)")
sends = data.send_time(version, filters)
st.altair_chart(
    charts.heatmap(
        sends,
        "hour_utc",
        "weekday",
        "reply_rate",
        "replied",
        "contacted",
        "replied / contacted",
        y_sort=["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ),
    width="stretch",
)

st.subheader("Guardrails by sequence")
ui.table(
    data.guardrails(version, "sequence"),
    "guardrails_by_sequence",
    "value = numerator / denominator (denominator_label). Messages after opt-out should be 0.",
)
