import streamlit as st

from contract import vocabulary as V
from contract import windows as W
from dashboards import charts, ui
from dashboards.queries import channels as channels_queries
from dashboards.queries import funnel
from dashboards.sections import weekly

version, scope, filters = ui.context()
st.title("Channels & targeting")
ui.filters_note(filters)
st.subheader("Reply and hire rates by channel")
reply_days, hire_days = W.REPLY_WINDOW[1], W.HIRE_WINDOW[1]

replies = funnel.windowed_rates(version, scope, filters, "Channel", W.REPLY_WINDOW)
hires = funnel.windowed_rates(version, scope, filters, "Channel", W.HIRE_WINDOW)
a, b = st.columns(2)
a.altair_chart(
    charts.rate_bars(
        replies, "segment", "rate", "converted", "eligible", f"replied within {reply_days} days / eligible"
    ),
    width="stretch",
)
b.altair_chart(
    charts.rate_bars(hires, "segment", "rate", "converted", "eligible", f"hired within {hire_days} days / eligible"),
    width="stretch",
)
st.caption(
    "Windowed rates: only prospects contacted at least as long ago as the window count (eligible), so channels "
    "used more recently are not penalised. A channel's rate also reflects the roles it is used for: the diagnosis "
    "(Why people don't engage) compares channels within the same roles."
)

st.subheader("Time to reply and to hire, by channel")
left, right = st.columns(2)
left.altair_chart(
    charts.survival(
        funnel.survival_curves(version, scope, filters, "replied", "Channel"), "segment", "replied", max_day=60
    ),
    width="stretch",
)
right.altair_chart(
    charts.survival(
        funnel.survival_curves(version, scope, filters, "hired", "Channel"), "segment", "hired", max_day=240
    ),
    width="stretch",
)
st.caption(
    "Kaplan-Meier: the share of prospects who replied (left) or were hired (right) within d days of first contact. "
    "People who have not replied or been hired yet count as still waiting up to the data's as-of time (censored), "
    "so recently contacted prospects inform the early days without pulling the curve down."
)

targeting = st.selectbox(
    "Targeting dimension", ["Match tier", "Title match", "Profile detail", "Rediscovery"], key="targeting"
)
by_target = funnel.windowed_rates(version, scope, filters, targeting, W.REPLY_WINDOW)
st.altair_chart(
    charts.rate_bars(
        by_target,
        "segment",
        "rate",
        "converted",
        "eligible",
        f"replied within {reply_days} days / eligible",
        sort_by_rate=False,
    ),
    width="stretch",
)

st.subheader(f"Channel x {targeting.lower()}: reply rate within {reply_days} days")
grid = channels_queries.channel_grid(version, scope, filters, targeting)
st.altair_chart(
    charts.heatmap(grid, "target", "channel", "reply_rate", "replied", "eligible", f"replied within {reply_days} days"),
    width="stretch",
)

st.subheader("Funnel by channel")
channels = funnel.stage_counts(version, scope, filters, "Channel")
reply_rate, hire_rate = f"Reply rate within {reply_days} days", f"Hire rate within {hire_days} days"
reply_eligible, hire_eligible = f"Contacted {reply_days}+ days ago", f"Contacted {hire_days}+ days ago"
table = (
    channels[["segment", *V.FUNNEL_STAGES]]
    .merge(
        replies[["segment", "eligible", "rate"]].rename(columns={"eligible": reply_eligible, "rate": reply_rate}),
        on="segment",
        how="left",
    )
    .merge(
        hires[["segment", "eligible", "rate"]].rename(columns={"eligible": hire_eligible, "rate": hire_rate}),
        on="segment",
        how="left",
    )
    .rename(columns={"segment": "channel"})
)[["channel", reply_rate, reply_eligible, hire_rate, hire_eligible, *V.FUNNEL_STAGES]]
ui.table(
    table,
    "funnel_by_channel",
    f"Counts: prospects who ever reached each stage. {reply_rate}: replied within {reply_days} days / prospects "
    f"contacted at least {reply_days} days ago; {hire_rate.lower()} likewise.",
)

if scope.is_everything:
    weekly.volume_quality(version, scope)
