import streamlit as st

from dashboards import charts, data, ui

version, filters = ui.context()
st.title("Channels & targeting")
ui.filters_note(filters)

channels = data.stage_counts(version, filters, "Channel")
a, b = st.columns(2)
a.altair_chart(
    charts.rate_bars(channels, "segment", "reply_rate", "replied", "contacted", "replied / contacted"), width="stretch"
)
b.altair_chart(
    charts.rate_bars(channels, "segment", "hire_rate", "hired", "contacted", "hired / contacted"), width="stretch"
)

targeting = st.selectbox(
    "Targeting dimension", ["Match tier", "Title match", "Profile detail", "Rediscovery"], key="targeting"
)
by_target = data.stage_counts(version, filters, targeting)
st.altair_chart(
    charts.rate_bars(
        by_target, "segment", "reply_rate", "replied", "contacted", "replied / contacted", sort_by_rate=False
    ),
    width="stretch",
)

st.subheader(f"Channel x {targeting.lower()}: reply rate")
grid = data.channel_grid(version, filters, targeting)
st.altair_chart(
    charts.heatmap(grid, "target", "channel", "reply_rate", "replied", "contacted", "replied / contacted"),
    width="stretch",
)

st.subheader("Funnel by channel")
ui.table(
    channels[["segment", *data.STAGES, "reply_rate", "interest_rate", "hire_rate", "is_small_sample"]],
    "funnel_by_channel",
    "Rates are stage / contacted.",
)
