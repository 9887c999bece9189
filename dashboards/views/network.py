import streamlit as st

from dashboards import charts, data, ui

version, filters = ui.context()
st.title("Talent network")
ui.filters_note(filters)

pipeline = data.reconnect_pipeline(version, filters)
order = ["overdue", "due_this_week", "due_this_month", "later", "no_date", "recontacted"]
counts = pipeline["reconnect_status"].value_counts().reindex(order, fill_value=0)
cols = st.columns(len(order))
for column, status in zip(cols, order):
    column.metric(
        status.replace("_", " "),
        f"{counts[status]:,}",
        f"of {len(pipeline):,} who said not now",
        delta_color="off",
        delta_arrow="off",
    )

st.subheader("Who to contact again")
due = pipeline[pipeline["reconnect_status"].isin(["overdue", "due_this_week", "due_this_month"])]
ui.table(due, "reconnect_due", "Prospects who said 'not now', by the date they asked to be contacted again.")

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
ui.table(answers, "recontact_answers", "Denominator: prospects written to again after saying 'not now'.")

st.subheader("Rediscovered candidates against net new")
rediscovery = data.stage_counts(version, filters, "Rediscovery")
a, b = st.columns(2)
a.altair_chart(
    charts.rate_bars(rediscovery, "segment", "reply_rate", "replied", "contacted", "replied / contacted"),
    width="stretch",
)
b.altair_chart(
    charts.rate_bars(rediscovery, "segment", "hire_rate", "hired", "contacted", "hired / contacted"), width="stretch"
)
