"""Who sees what (README "Access"): the viewer behind a session, the scope every query binds, and the
pages a recruiter, a talent leader and an unknown visitor get (AppTest, signed in through Streamlit's
OIDC as AppTest seeds it). Who is who on the hand-made workbench fixture: Ana (rec1) owns RA and RB,
Ben (rec2) owns RC and RD (tests/fixtures/README.md); what a recruiter sees, and that another
recruiter's role stays out of reach, on the generated warehouse, where every role has prospects.
The real browser, sign-in included: test_browser_access.py."""

import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pytest
from streamlit import config
from streamlit.runtime.context import StreamlitHeaders
from streamlit.testing.v1 import AppTest

from dashboards import access
from dashboards.filters import Filters
from dashboards.queries import base, digest, funnel, network, outreach, quality, reference, weekly, workbench
from dashboards.queries import diagnosis as diagnosis_queries
from dashboards.text import escape_markdown
from insights import diagnosis
from settings import ENV_AUTH_MODE, ENV_WAREHOUSE, AccessSettings, load_settings
from tests.support import ROOT, rows

APP = str(ROOT / "dashboards" / "app.py")
ANA_ROLES = ("RA", "RB")
LEADERS = AccessSettings(mode="oidc", leaders=frozenset({"lead@acme.example"}), leader_groups=frozenset({"talent"}))
SIGN_IN_SECRETS = {  # what .streamlit/secrets.toml holds (no real secret: AppTest never calls the provider)
    "auth": {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "not-a-real-secret",
        "client_id": "funnel-dashboards",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
}


@pytest.fixture
def version(workbench_warehouse):
    return base.warehouse_version(workbench_warehouse)


def sourced(warehouse, roles: tuple[str, ...]) -> int:
    (row,) = rows(
        warehouse, "select count(*) as n from marts.fct_prospect_funnel where list_contains(?, role_id)", [list(roles)]
    )
    return row["n"]


# --- settings and identities ---------------------------------------------------------------------


def test_access_settings_come_from_the_environment():
    assert load_settings(environ={}).access == AccessSettings(mode="oidc")  # sign-in unless told otherwise
    settings = load_settings(
        environ={
            "FUNNEL_AUTH_MODE": "Header",
            "FUNNEL_LEADERS": " Lead@Acme.Example, other@acme.example ,",
            "FUNNEL_LEADER_GROUPS": "Talent-Leads",
            "FUNNEL_IDENTITY_HEADER": "X-Auth-Request-Email",
            "FUNNEL_GROUPS_HEADER": "X-Auth-Request-Groups",
        }
    ).access
    assert settings == AccessSettings(
        mode="header",
        leaders=frozenset({"lead@acme.example", "other@acme.example"}),
        leader_groups=frozenset({"talent-leads"}),
        identity_header="X-Auth-Request-Email",
        groups_header="X-Auth-Request-Groups",
    )
    with pytest.raises(ValueError, match="FUNNEL_AUTH_MODE must be one of oidc, header, local"):
        load_settings(environ={"FUNNEL_AUTH_MODE": "none"})


VERIFIED = {"email_verified": True}


def test_an_identity_from_the_sign_in_claims():
    identity = access.identity_from_claims(
        {"email": " Ana@ACME.example ", "groups": ["Talent", " eng "], "name": "Ana", **VERIFIED}
    )
    assert identity == access.Identity("ana@acme.example", frozenset({"talent", "eng"}), "Ana")
    assert access.identity_from_claims({"email": "ana@acme.example", "groups": "a,B", **VERIFIED}).groups == {"a", "b"}
    assert access.identity_from_claims({"email": "ana@acme.example", "email_verified": False}) is None
    assert access.identity_from_claims({"sub": "ana", **VERIFIED}) is None
    assert access.identity_from_claims({"email": "ana", **VERIFIED}) is None


def test_only_a_verified_address_signs_in_and_a_look_alike_of_one_never():
    kate = {"email": "kate@acme.example"}
    for unverified in ({}, {"email_verified": "false"}, {"email_verified": "true"}, {"email_verified": 1}):
        assert access.identity_from_claims({**kate, **unverified}) is None, unverified
    assert access.identity_from_claims({**kate, **VERIFIED}).email == "kate@acme.example"
    for look_alike in (
        "\u212aate@acme.example",  # the Kelvin sign, which lower-cases to k
        "\uff4b\uff41\uff54\uff45@acme.example",  # fullwidth letters
        "k\u0430te@acme.example",  # a Cyrillic a among Latin letters
        "kate@\u0430cme.example",
    ):
        assert access.identity_from_claims({"email": look_alike, **VERIFIED}) is None, look_alike
        headers = StreamlitHeaders([("X-Forwarded-Email", look_alike)])
        assert access.identity_from_headers(headers, AccessSettings(mode="header")) is None, look_alike
    # compared after NFKC and case folding, with the talent leaders' list too (nothing read for a leader)
    leaders = AccessSettings(mode="oidc", leaders=frozenset({"strasse@acme.example"}))
    straße = access.identity_from_claims({"email": "STRAßE@acme.example", **VERIFIED})
    assert access.viewer_for(straße, leaders, ("no warehouse", 0)).kind == access.LEADER


def test_an_identity_from_the_proxy_headers():
    settings = AccessSettings(mode="header", groups_header="X-Forwarded-Groups")
    headers = StreamlitHeaders([("x-forwarded-email", "Ana@Acme.Example"), ("X-Forwarded-Groups", "eng, Talent")])
    assert access.identity_from_headers(headers, settings) == access.Identity(
        "ana@acme.example", frozenset({"eng", "talent"})
    )
    # a groups header is trusted only when one is configured
    assert access.identity_from_headers(headers, AccessSettings(mode="header")).groups == frozenset()
    assert access.identity_from_headers(StreamlitHeaders([("Host", "x")]), settings) is None
    repeated = StreamlitHeaders([("X-Forwarded-Email", "eve@evil.example"), ("X-Forwarded-Email", "ana@acme.example")])
    assert access.identity_from_headers(repeated, settings) is None  # a proxy that appended to the client's header


# --- the viewer and the scope --------------------------------------------------------------------


def test_leaders_by_email_or_group_see_everything(version):
    by_email = access.viewer_for(access.Identity("lead@acme.example"), LEADERS, version)
    by_group = access.viewer_for(access.Identity("ana@acme.example", frozenset({"talent"})), LEADERS, version)
    assert by_email.kind == by_group.kind == access.LEADER
    assert by_email.scope == by_group.scope == base.EVERYTHING


def test_a_recruiter_sees_the_roles_they_own_and_anyone_else_nothing(version):
    ana = access.viewer_for(access.Identity("ana@acme.example"), LEADERS, version)
    assert (ana.kind, ana.scope, ana.name) == (access.RECRUITER, base.Scope(ANA_ROLES), "Ana Recruiter")
    unknown = access.viewer_for(access.Identity("eve@elsewhere.example"), LEADERS, version)
    assert (unknown.kind, unknown.scope) == (access.UNKNOWN, None)


def test_the_recruiter_match_ignores_case_and_spaces(workbench_warehouse, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(workbench_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "update marts.dim_recruiters set recruiter_email = ' Ana@ACME.Example ' where recruiter_id = 'rec1'"
        )
    viewer = access.viewer_for(access.Identity("ana@acme.example"), LEADERS, base.warehouse_version(warehouse))
    assert viewer.scope == base.Scope(ANA_ROLES)


def test_a_recruiter_who_owns_no_role_sees_nothing(workbench_warehouse, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(workbench_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into marts.dim_recruiters values ('rec3', 'Cleo New', 'cleo@acme.example', 'eng', 0, 0)")
    cleo = access.viewer_for(access.Identity("cleo@acme.example"), LEADERS, base.warehouse_version(warehouse))
    assert (cleo.kind, cleo.scope, cleo.owns_nothing) == (access.RECRUITER, base.Scope(()), True)
    assert funnel.stage_counts(base.warehouse_version(warehouse), cleo.scope, Filters()).at[0, "sourced"] == 0


def test_every_per_role_query_holds_only_the_scopes_roles(generated_warehouse, recruiter_and_other_role):
    recruiter, other = recruiter_and_other_role
    version, own, filters = base.warehouse_version(generated_warehouse), tuple(recruiter["roles"]), Filters()
    scope = base.Scope(own)
    assert funnel.stage_counts(version, scope, filters).at[0, "sourced"] == sourced(generated_warehouse, own)
    frames = {
        "by role": funnel.stage_counts(version, scope, filters, "Role"),
        "windowed by role": funnel.windowed_rates(version, scope, filters, "Role"),
        "reconnect": network.reconnect_pipeline(version, scope, filters),
        "work lists": workbench.work_lists(version, scope, (*own, other)),
        "requisitions": workbench.requisition_health(version, scope),
        "diagnosis counts": diagnosis_queries.diagnosis_counts(version, scope, filters),
        "findings": diagnosis_queries.findings(version, scope, filters),
    }
    for name, frame in frames.items():
        if name == "findings":  # the diagnosis of the scope's prospects: no role of anyone else is named
            assert not frame["sentence"].str.contains(other).any()
            continue
        column = "segment" if "segment" in frame.columns else "role_id"
        assert set(frame[column]) <= set(own), name
    assert set(frames["requisitions"]["role_id"]) == set(own)
    options = reference.filter_options(version, scope)
    assert (options["role"], options["recruiter"]) == (list(own), [recruiter["recruiter_id"]])
    assert options["roles_by_recruiter"] == {recruiter["recruiter_id"]: list(own)}
    # a filter naming another recruiter's role finds nothing of it; with every role it would
    crossed = Filters(role=(other,))
    assert funnel.stage_counts(version, scope, crossed).at[0, "sourced"] == 0
    assert funnel.stage_counts(version, base.EVERYTHING, crossed).at[0, "sourced"] == sourced(
        generated_warehouse, (other,)
    )
    assert (
        network.reconnect_pipeline(version, scope, crossed).empty and outreach.templates(version, scope, crossed).empty
    )


def test_company_wide_figures_are_refused_to_a_recruiters_scope(version):
    ana = base.Scope(ANA_ROLES)
    for question in (
        lambda scope: outreach.guardrails(version, scope),
        lambda scope: quality.quarantine(version, scope),
        lambda scope: quality.reconciliation(version, scope),
        lambda scope: weekly.weekly_activity(version, scope),
        lambda scope: weekly.hires_by_channel(version, scope),
        lambda scope: digest.work_list_counts(version, scope),
    ):
        assert isinstance(question(base.EVERYTHING), pd.DataFrame)
        with pytest.raises(base.OutOfScope):
            question(ana)


# --- the app as each viewer sees it (AppTest) ----------------------------------------------------


def signed_in(warehouse, monkeypatch, user: dict, link: dict | None = None, **env: str) -> AppTest:
    """The app in sign-in mode, for a session Streamlit's OIDC sign-in would give this user (with a verified
    e-mail unless `user` says otherwise)."""
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    monkeypatch.setenv(ENV_AUTH_MODE, "oidc")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = {name: dict(section) for name, section in SIGN_IN_SECRETS.items()}
    at.user = {**VERIFIED, **user}
    at.query_params.update(link or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shows_no_data(at: AppTest) -> None:
    assert not at.metric and not at.dataframe and not at.sidebar.multiselect


def role_ids_shown(at: AppTest) -> set[str]:
    return {value for df in at.dataframe if "role_id" in df.value.columns for value in df.value["role_id"]}


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


RECRUITER_PAGES = ("overview", "role_funnel", "channels", "engagement", "outreach", "network")


def test_a_recruiter_signed_in_sees_only_their_roles(generated_warehouse, recruiter_and_other_role, monkeypatch):
    recruiter, _ = recruiter_and_other_role
    own = tuple(recruiter["roles"])
    user = {"is_logged_in": True, "email": recruiter["recruiter_email"].upper()}
    at = signed_in(generated_warehouse, monkeypatch, user)
    assert metrics(at)["Sourced"] == f"{sourced(generated_warehouse, own):,}"
    assert any(
        c.value.startswith(f"Signed in as {recruiter['recruiter_name']} (recruiter: your {len(own)} roles")
        for c in at.sidebar.caption
    )
    assert at.sidebar.multiselect(key="filter_role").options == recruiter["role_labels"]
    assert at.sidebar.multiselect(key="filter_recruiter").options == [recruiter["recruiter_name"]]
    assert any(
        c.value.startswith("Guardrails (over-automation) cover the whole company: shown to talent leaders only")
        for c in at.caption
    )
    assert "The leader's weekly view" not in [h.value for h in at.header]
    for page in RECRUITER_PAGES:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert role_ids_shown(at) <= set(own), page
        if page == "role_funnel":
            assert at.selectbox(key="role_page_recruiter").options == [recruiter["recruiter_name"]]
            assert at.selectbox(key="role_page_role").options == recruiter["role_labels"]
            assert role_ids_shown(at) == set(own)  # the requisitions of every role they own
        if page == "engagement":  # the diagnosis, recomputed for their prospects, says so
            assert any(c.value.startswith("Scope: your roles (") for c in at.caption)
        if page == "network":
            (people,) = rows(
                generated_warehouse,
                "select count(*) as n from marts.fct_reconnect_pipeline where list_contains(?, role_id)",
                [list(own)],
            )
            assert sum(int(value.replace(",", "")) for value in metrics(at).values()) == people["n"]


def test_a_link_to_another_recruiters_role_shows_nothing_of_it(
    generated_warehouse, recruiter_and_other_role, monkeypatch
):
    recruiter, other = recruiter_and_other_role
    own, user = tuple(recruiter["roles"]), {"is_logged_in": True, "email": recruiter["recruiter_email"]}
    (owner,) = rows(generated_warehouse, "select recruiter_id from marts.dim_roles where role_id = ?", [other])
    at = signed_in(generated_warehouse, monkeypatch, user, link={"role": other, "recruiter": owner["recruiter_id"]})
    (notice,) = at.sidebar.warning
    assert "unknown role" in notice.value and "unknown recruiter" in notice.value and other not in notice.value
    assert at.sidebar.multiselect(key="filter_role").value == []
    assert metrics(at)["Sourced"] == f"{sourced(generated_warehouse, own):,}"  # their roles, not the other one
    narrowed = signed_in(generated_warehouse, monkeypatch, user, link={"role": own[0]})
    assert metrics(narrowed)["Sourced"] == f"{sourced(generated_warehouse, own[:1]):,}"


def test_a_talent_leader_by_group_sees_every_role_and_the_weekly_view(workbench_warehouse, monkeypatch):
    lead = {"is_logged_in": True, "email": "lead@acme.example", "groups": ["Talent-Leads"]}
    at = signed_in(workbench_warehouse, monkeypatch, lead, FUNNEL_LEADER_GROUPS="talent-leads")
    assert metrics(at)["Sourced"] == f"{sourced(workbench_warehouse, ('RA', 'RB', 'RC', 'RD')):,}"
    assert "The leader's weekly view" in [h.value for h in at.header]
    signed_in_as = f"Signed in as {escape_markdown('lead@acme.example')} (talent leader"  # shown as text
    assert any(c.value.startswith(signed_in_as) for c in at.sidebar.caption)
    at.switch_page("views/quality.py").run()
    assert not at.exception and "Every table reconciles" in at.success[0].value


def test_anyone_else_gets_no_access_and_no_data(workbench_warehouse, monkeypatch):
    at = signed_in(workbench_warehouse, monkeypatch, {"is_logged_in": True, "email": "eve@elsewhere.example"})
    eve = escape_markdown("eve@elsewhere.example")  # shown as text, not as a mailto link
    assert at.error[0].value.startswith(f"No access: {eve} is neither a talent leader nor a recruiter")
    assert at.button(key="sign_out").label == "Sign out"
    shows_no_data(at)


def test_a_visitor_who_has_not_signed_in_is_asked_to(workbench_warehouse, monkeypatch):
    at = signed_in(workbench_warehouse, monkeypatch, {"is_logged_in": False})
    assert [b.label for b in at.button] == ["Sign in"]
    shows_no_data(at)


def test_without_sign_in_configured_no_data_is_served(workbench_warehouse, monkeypatch):
    monkeypatch.setenv(ENV_WAREHOUSE, str(workbench_warehouse))
    monkeypatch.setenv(ENV_AUTH_MODE, "oidc")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = {"other": {"key": "value"}}  # secrets without an [auth] section
    at.run()
    assert at.error[0].value.startswith("Single sign-on is not configured, so no data is shown.")
    shows_no_data(at)


def test_a_recruiter_who_owns_no_role_is_told_so(workbench_warehouse, monkeypatch, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(workbench_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into marts.dim_recruiters values ('rec3', 'Cleo New', 'cleo@acme.example', 'eng', 0, 0)")
    at = signed_in(warehouse, monkeypatch, {"is_logged_in": True, "email": "cleo@acme.example"})
    assert at.info[0].value.startswith("Cleo New, you own no roles in this data yet")
    shows_no_data(at)


def test_single_user_mode_serves_data_only_on_a_loopback_address(workbench_warehouse, monkeypatch):
    monkeypatch.setenv(ENV_WAREHOUSE, str(workbench_warehouse))
    config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
    finally:
        config.set_option("server.address", "127.0.0.1")
    assert at.error[0].value.startswith("Single-user mode shows every role to whoever opens it")
    shows_no_data(at)
    local = AppTest.from_file(APP, default_timeout=60).run()
    assert metrics(local)["Sourced"] == f"{sourced(workbench_warehouse, ('RA', 'RB', 'RC', 'RD')):,}"


def test_funnel_dashboard_refuses_to_serve_without_sign_in_or_off_this_machine(workbench_warehouse, tmp_path):
    command = [sys.executable, "-m", "orchestration.cli", "dashboard", "--warehouse", str(workbench_warehouse)]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no ~/.streamlit/secrets.toml
    unconfigured = subprocess.run(command, capture_output=True, text=True, env={**env, ENV_AUTH_MODE: "oidc"})
    assert unconfigured.returncode == 2
    assert "not serving the dashboards: single sign-on is not configured" in unconfigured.stderr
    exposed = subprocess.run([*command, "--local", "--address", "0.0.0.0"], capture_output=True, text=True, env=env)
    assert exposed.returncode == 2 and "it serves on 127.0.0.1 only" in exposed.stderr


def test_a_recruiters_roles_are_compared_with_every_comparable_prospect_of_the_company(
    generated_warehouse, recruiter_and_other_role
):
    recruiter, other = recruiter_and_other_role
    version, own = base.warehouse_version(generated_warehouse), tuple(recruiter["roles"])
    (company,) = rows(
        generated_warehouse,
        """select sum(eligible) as everyone, sum(eligible) filter (where list_contains(?, role_id)) as own
           from marts.agg_diagnosis_counts where dimension = 'role_id' and metric = 'reply_rate'""",
        [list(own)],
    )
    tests, found = diagnosis_queries._diagnosis(version, base.Scope(own), Filters())
    roles = tests[(tests["dimension"] == "role_id") & (tests["metric"] == "reply_rate")]
    assert set(roles["subject"]) == set(own)  # their roles only, never the pooled group or anyone else's
    for role in roles.itertuples():  # against everyone else (strata with one side empty drop out), not their own
        assert company["own"] - role.subject_eligible < role.comparison_eligible
        assert role.comparison_eligible + role.subject_eligible > 0.95 * company["everyone"]
    assert "seniority" not in set(tests["dimension"])
    role_findings = found[found["dimension"] == "role_id"]
    assert role_findings["sentence"].str.contains("for other roles across the company").all()
    assert not found["sentence"].str.contains(other).any()
    assert not found["sentence"].str.contains(diagnosis.OTHER_ROLES, regex=False).any()
