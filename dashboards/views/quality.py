import streamlit as st

from dashboards import charts, ui
from dashboards.queries import history as history_queries
from dashboards.queries import quality, reference
from insights.rates import with_rate

version, scope, _ = ui.context()
st.title("Data quality")


def as_folders(frame):
    """Intake tables by the landing folder they are read from (`ats/applications`, not `ats__applications`)."""
    return frame.assign(table_name=frame["table_name"].str.replace("__", "/", regex=False))


recon = quality.reconciliation(version, scope)
balanced = bool(recon["balanced"].all())
(st.success if balanced else st.error)(
    "Every table reconciles: rows read = staged + quarantined + superseded."
    if balanced
    else "A table does not reconcile: rows were lost or counted twice."
)
ui.table(as_folders(recon), "reconciliation")

st.subheader("Quarantined rows by reason and file")
quarantine = quality.quarantine(version, scope)
st.metric(
    "Rows quarantined",
    f"{int(quarantine.loc[quarantine['kind'] == 'row', 'quarantined_rows'].sum()):,}",
    f"{int((quarantine['kind'] == 'file').sum())} whole files",
    delta_color="off",
    delta_arrow="off",
)
ui.table(
    as_folders(quarantine),
    "quarantine",
    "Raw values stay in the warehouse (they can hold personal data) and are not shown here.",
)

st.subheader("Landing folders nothing reads")
unread = quality.unread_landing_entries(version, scope)
if unread.empty:
    st.success("Every folder of the landing folder is a table folder the product reads.")
else:
    st.warning(f"{len(unread)} folders or files of the landing folder are not read by any table.")
    ui.table(unread, "unread_landing_entries", "Paths relative to the landing folder; a folder ends with /.")

st.subheader("Roles without a recruiter")
orphans = quality.roles_without_recruiter(version, scope)
if orphans.empty:
    st.success("Every role has a recruiter.")
else:
    st.warning(
        f"{int(orphans['roles_without_recruiter'].iloc[0])} of {int(orphans['roles'].iloc[0])} roles have no "
        "recruiter: no recruiter who signs in sees them (their owner is not in team/recruiters)."
    )
    ui.table(orphans.drop(columns=["roles_without_recruiter", "roles"]), "roles_without_recruiter")

st.subheader("ATS stage mapping")
stages = quality.ats_stage_mapping(version, scope)
if stages.empty:
    st.info("No Greenhouse or Lever stages in this warehouse (the ATS data follows the contract's ats/* tables).")
else:
    unmapped = stages[stages["is_unmapped"]]
    if unmapped.empty:
        st.success("Every Greenhouse / Lever stage name maps to a contract stage (or is a lead stage).")
    else:
        st.warning(
            f"{len(unmapped)} stage names are not mapped: their {int(unmapped['stage_events'].sum()):,} events "
            f"(of {int(stages['stage_events'].sum()):,} stage events) are left out of the funnel. "
            "Map them in mapping/ats.yml in the landing folder."
        )
    ui.table(
        stages.drop(columns="is_unmapped"),
        "ats_stage_mapping",
        "Stage events, applications: history events and applications that entered a stage of this name.",
    )

st.subheader("Requisitions left out of the counts")
problems = quality.requisition_problems(version, scope)
if problems.empty:
    st.success("Every requisition is counted: none duplicates another or is malformed.")
else:
    many = len(problems) != 1
    st.warning(
        f"{len(problems):,} requisition{'s are' if many else ' is'} left out of requisition triage and the work lists "
        "(duplicates of another requisition, or malformed); their prospects and applications stay in the funnel."
    )
    ui.table(problems, "requisition_problems", "duplicate_of: the requisition kept in its place.")

st.subheader("Runs and check results over time")
history = history_queries.history_version()
if history is None:
    st.info("No run recorded yet.")
else:
    runs = history_queries.run_history(history, scope)
    ui.table(
        runs,
        "run_history",
        "Every pipeline run, failed ones included; failed blocking = checks of severity ERROR that failed.",
    )
    overridden = runs[runs["operator_overrides"].notna()]
    if not overridden.empty:
        st.warning(
            f"{len(overridden)} of the last {len(runs)} runs were let through by the operator "
            "(--accept-quarantine: a drop mostly quarantined; --confirm-retention: retention beyond its share)."
        )
    checks = history_queries.check_history(history, scope)
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
    as_folders(reference.freshness(version)),
    "freshness",
    "Latest landed at: modification time of the newest file of each table (UTC).",
)

st.subheader("Erasure and retention")
erasures = quality.erasure_log(version, scope)
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
