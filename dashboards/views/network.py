import streamlit as st

from contract import vocabulary as V
from contract import windows as W
from contract.labels import definition, label
from dashboards import charts, ui
from dashboards.formatting import percent
from dashboards.queries import funnel, network

version, scope, filters = ui.context()
st.title("Talent network")
ui.filters_note(filters)

pipeline = network.reconnect_pipeline(version, scope, filters)
counts = pipeline["reconnect_status"].value_counts().reindex(V.RECONNECT_STATUSES, fill_value=0)
st.caption(
    f"{len(pipeline):,} people said 'not now' (one row per person: their latest 'not now', for any role). Where "
    "each stands now, as a share of them:"
)
for row in (V.RECONNECT_STATUSES[:4], V.RECONNECT_STATUSES[4:]):
    for column, status in zip(st.columns(4), row):
        column.metric(
            label(status),
            f"{counts[status]:,}",
            f"{percent(counts[status] / len(pipeline)) if len(pipeline) else '—'} of {len(pipeline):,}",
            delta_color="off",
            delta_arrow="off",
            help=definition(status),
        )
st.caption("Recontacted = written to again for any role since; do not contact = opted out or declined for any role.")

st.subheader("Who to contact again")
due = pipeline[pipeline["reconnect_status"].isin(["overdue", "due_this_week", "due_this_month"])]
ui.table(due, "reconnect_due", "People who said 'not now', by the date they asked to be contacted again.")

st.subheader("What happened when we wrote again")
again = pipeline[pipeline["reconnect_status"] == "recontacted"]
answers = (
    again["response_after_recontact"]
    .fillna("no answer yet")
    .value_counts()
    .rename_axis("answer")
    .reset_index(name="prospects")
)
answers["recontacted"] = len(again)
ui.table(answers, "recontact_answers", "Denominator: people written to again after saying 'not now'.")

st.subheader("Rediscovered candidates against net new")
reply_days, hire_days = W.REPLY_WINDOW[1], W.HIRE_WINDOW[1]
a, b = st.columns(2)
a.altair_chart(
    charts.rate_bars(
        funnel.windowed_rates(version, scope, filters, "Rediscovery", W.REPLY_WINDOW),
        "segment",
        "rate",
        "converted",
        "eligible",
        f"replied within {reply_days} days / eligible",
    ),
    width="stretch",
)
b.altair_chart(
    charts.rate_bars(
        funnel.windowed_rates(version, scope, filters, "Rediscovery", W.HIRE_WINDOW),
        "segment",
        "rate",
        "converted",
        "eligible",
        f"hired within {hire_days} days / eligible",
    ),
    width="stretch",
)
