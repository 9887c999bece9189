import streamlit as st

from dashboards import charts, data, ui
from dashboards.stats import with_rate

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

st.subheader("Erasure and retention")
erasures = data.erasure_log(version)
if erasures.empty:
    st.info("No erasure request or retention period has anonymized anyone yet.")
else:
    st.metric(
        "Prospects kept as anonymous rows",
        f"{int(erasures['prospects_anonymized'].sum()):,}",
        f"{int(erasures['request_keys'].sum()):,} request keys, {int(erasures['requests_matched'].sum()):,} matched",
        delta_color="off",
        delta_arrow="off",
    )
    ui.table(
        erasures,
        "erasure_log",
        "One row per run that applied erasure requests (by key type) or the retention period; counts only. "
        "Anonymous prospects stay in every count. Denominator of matched: request keys.",
    )
