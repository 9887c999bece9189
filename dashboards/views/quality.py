import streamlit as st

from dashboards import charts, data, ui
from insights.rates import with_rate

version, _ = ui.context()
st.title("Data quality")

recon = data.reconciliation(version)
balanced = bool(recon["balanced"].all())
(st.success if balanced else st.error)(
    "Every table reconciles: rows read = staged + quarantined + superseded."
    if balanced
    else "A table does not reconcile: rows were lost or counted twice."
)
ui.table(recon, "reconciliation")

st.subheader("Quarantined rows by reason and file")
quarantine = data.quarantine(version)
st.metric(
    "Rows quarantined",
    f"{int(quarantine.loc[quarantine['kind'] == 'row', 'quarantined_rows'].sum()):,}",
    f"{int((quarantine['kind'] == 'file').sum())} whole files",
    delta_color="off",
    delta_arrow="off",
)
ui.table(
    quarantine, "quarantine", "Raw values stay in the warehouse (they can hold personal data) and are not shown here."
)

st.subheader("Runs and check results over time")
history = data.history_version()
if history is None:
    st.info("No run recorded yet.")
else:
    runs = data.run_history(history)
    ui.table(
        runs, "run_history", "Every pipeline run, failed ones included; failed_blocking = ERROR checks that failed."
    )
    checks = data.check_history(history)
    checks["kind"] = (
        checks["is_gx"].map({True: "Great Expectations", False: "dbt tests and reconciliation"})
        + " ("
        + checks["severity"]
        + ")"
    )
    checks = with_rate(checks, "passed", "checks", "pass_")
    st.altair_chart(
        charts.trend(
            checks.rename(columns={"finished_at": "run"}).assign(run=lambda f: f["run"].dt.strftime("%m-%d %H:%M")),
            "run",
            "pass_rate",
            "passed",
            "checks",
            "passed / checks",
            period_title="run finished (UTC)",
        ).encode(color="kind:N"),
        width="stretch",
    )

st.subheader("Freshness per source")
ui.table(
    data.freshness(version), "freshness", "latest_landed_at: modification time of the newest file of each table (UTC)."
)
