import streamlit as st

from dashboards import data, ui

version, _ = ui.context()
st.title("Data quality")

recon = data.reconciliation(version)
balanced = bool(recon["balanced"].all())
(st.success if balanced else st.error)(
    "Every table reconciles: rows read = staged + quarantined + superseded." if balanced
    else "A table does not reconcile: rows were lost or counted twice.")
ui.table(recon, "reconciliation")

st.subheader("Quarantined rows by reason and file")
quarantine = data.quarantine(version)
st.metric("Rows quarantined", f"{int(quarantine.loc[quarantine['kind'] == 'row', 'quarantined_rows'].sum()):,}",
          f"{int((quarantine['kind'] == 'file').sum())} whole files", delta_color="off", delta_arrow="off")
ui.table(quarantine, "quarantine", "Raw values stay in the warehouse (they can hold personal data) and are not shown here.")

st.subheader("Freshness per source")
ui.table(data.freshness(version), "freshness", "latest_landed_at: modification time of the newest file of each table (UTC).")
