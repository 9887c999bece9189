"""The simulated ATS written the way a team's ATS connector lands it (`funnel generate --ats`).

The simulation (simulate.py) produces the contract's ats/* frames; a shape turns them into
the tables Fivetran's Greenhouse or Lever connector lands, under their names, so the same
scenario can be run through every ATS shape and must give the same funnel (tested). It also
points the sourcing exports' role_id at the ATS's own role ids (Greenhouse job id, Lever posting
id) and writes the mapping files such a team would keep in the landing folder:
`mapping/ats.yml` (this demo's custom stage names) and the custom field holding the sourcing
tool's id (`custom_crm_id` -> crm_candidate_id).

Connector ids are opaque text to the product; they are derived from the contract ids with
vectorised string operations so millions of rows stay cheap (Greenhouse's numeric ids by prefix
digit, Lever's by prefix).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from contract import vocabulary as V
from synthetic import ATS_SHAPES
from synthetic import behaviour as B

SHAPES = ATS_SHAPES
SYNCED = "2026-11-20 01:00:00"
WITHDRAWN_TYPE, REJECTED_TYPE = "They rejected us", "We rejected them"
CRM_ID_COLUMN = "custom_crm_id"
# the demo's engineering and data jobs run a custom interview plan; mapping/ats.yml maps it
CUSTOM_PLAN_DEPARTMENTS = ("Engineering", "Data")
GREENHOUSE_PLANS = {
    "default": {
        "application_review": "Application Review",
        "recruiter_screen": "Preliminary Phone Screen",
        "interview": "Phone Interview",
        "final_interview": "Face to Face",
        "offer": "Offer",
    },
    "custom": {
        "application_review": "Application Review",
        "recruiter_screen": "Recruiter Call",
        "interview": "Technical Interview",
        "final_interview": "Onsite Loop",
        "offer": "Offer",
    },
}
LEVER_STAGES = {  # contract stage -> (stage id, stage text); lead stages first
    "lead_new": ("lead-new", "New lead"),
    "lead_reached_out": ("lead-reached-out", "Reached out"),
    "application_review": ("applicant-new", "New applicant"),
    "recruiter_screen": ("stage-recruiter-screen", "Recruiter screen"),
    "interview": ("stage-phone-interview", "Phone interview"),
    "final_interview": ("stage-onsite", "On-site interview"),
    "offer": ("offer", "Offer"),
}
LEVER_CUSTOM_INTERVIEW = ("stage-technical-interview", "Technical Interview")
MAPPING_FILES = {
    "greenhouse": {
        "mapping/ats.yml": (
            "# This demo's engineering and data jobs use a custom interview plan.\n"
            "greenhouse:\n  stages:\n    Recruiter Call: recruiter_screen\n"
            '    "*technical*": interview\n    "onsite*": final_interview\n'
        ),
        "mapping/greenhouse/candidate.yml": (
            "# The sourcing tool keeps its id in a Greenhouse custom field.\n"
            f"columns:\n  {CRM_ID_COLUMN}: crm_candidate_id\n"
        ),
    },
    "lever": {
        "mapping/ats.yml": (
            "# This demo's engineering and data postings add a technical interview stage.\n"
            'lever:\n  stages:\n    "*technical*": interview\n'
        ),
        "mapping/lever/opportunity.yml": (
            "# The sourcing tool keeps its id in a Lever custom field.\n"
            f"columns:\n  {CRM_ID_COLUMN}: crm_candidate_id\n"
        ),
    },
}
LEVER_NO_CONSENT_SHARE = 0.02  # people whose Lever record does not allow contact (a guardrail breach)
ALIASES = {"lever/users": "user"}  # landing folder -> the contract table it holds under another name
CANCELLED_CLOSE_REASON_ID = "71"  # a Greenhouse opening closed without a hire
CONTRACT_ROLE_COLUMNS = [
    "role_id",
    "title",
    "department",
    "location",
    "seniority",
    "recruiter_id",
    "opened_at",
    "closed_at",
    "openings",
]

Tables = dict[str, pd.DataFrame]


def _prefixed(ids: pd.Series, prefixes: dict[str, str], pattern: str) -> pd.Series:
    """Numeric-looking ids: the digits of a contract id behind a digit that encodes its suffix."""
    parts = ids.str.extract(pattern)
    return parts[1].fillna("").map(prefixes) + parts[0]


def greenhouse_candidate_id(ids: pd.Series) -> pd.Series:
    return _prefixed(ids, {"": "1", "i": "2"}, r"^A(\d+)(i?)$")


def greenhouse_application_id(ids: pd.Series) -> pd.Series:
    return _prefixed(ids, {"": "3", "p": "4", "i": "5"}, r"^AP(\d+)([pi]?)$")


def greenhouse_job_id(role_ids: pd.Series) -> pd.Series:
    return "4" + role_ids.str.slice(1).str.zfill(6)


def lever_posting_id(role_ids: pd.Series) -> pd.Series:
    return "posting-" + role_ids.str.lower()


def _stamp(values: pd.Series, days: float = 0) -> pd.Series:
    """Contract `...Z` stamps as connector timestamps (UTC, no zone), shifted by `days`."""
    return (pd.to_datetime(values.str.slice(0, 19)) + pd.Timedelta(days=days)).dt.strftime("%Y-%m-%d %H:%M:%S")


def _ends(events: pd.DataFrame) -> pd.DataFrame:
    """Per application: how it ended (hired, rejected, withdrawn; none = still active) and when."""
    ending = events[events["stage"].isin(("hired",) + V.ATS_END_STAGES)]
    return ending.set_index("application_id")[["stage", "entered_at", "reason"]]


def _share(ids: pd.Series, share: float) -> np.ndarray:
    """A fixed pseudo-random `share` of ids, drawn from the ids themselves: the simulation's random
    streams stay untouched, so every shape writes the same scenario."""
    return pd.util.hash_array(ids.to_numpy(dtype=object)) % 10_000 < share * 10_000


def _reasons() -> pd.DataFrame:
    """Every rejection and withdrawal reason the simulation uses, with the outcome it stands for."""
    rows = [(r, "rejected") for r in B.REJECTION_REASONS] + [(r, "withdrawn") for r in B.WITHDRAWAL_REASONS]
    frame = pd.DataFrame(rows, columns=["reason", "outcome"])
    return frame.assign(reason_id=[str(41 + i) for i in range(len(frame))])


def _seats(roles: pd.DataFrame, hires: pd.DataFrame) -> pd.DataFrame:
    """One row per opening of each role: the n-th opening is filled by the role's n-th hire (its
    application and time); the rest are closed with the role when it closed, or still open."""
    seats = roles.loc[roles.index.repeat(roles["openings"].to_numpy())]
    seats = seats.assign(seat=seats.groupby("role_id").cumcount() + 1).reset_index(drop=True)
    ranked = hires.assign(seat=hires.groupby("role_id").cumcount() + 1)
    return seats.merge(ranked[["role_id", "seat", "application_id", "hired_at"]], how="left", on=["role_id", "seat"])


class ContractShape:
    """The contract's own ats/* tables: written as simulated."""

    name = "contract"

    def __init__(self, recruiters: pd.DataFrame, roles: pd.DataFrame, lever_user_table: str = "user") -> None:
        if lever_user_table not in V.LEVER_USER_TABLES:
            raise ValueError(f"unknown Lever user table {lever_user_table!r}; known: {', '.join(V.LEVER_USER_TABLES)}")
        self.recruiters, self.roles, self.lever_user_table = recruiters, roles, lever_user_table

    def lookups(self) -> Tables:
        return {}

    def role_tables(self, roles: pd.DataFrame, hires: pd.DataFrame) -> Tables:
        """The requisitions as exported at one drop (`roles`: contract columns and the hires booked by
        then) and those hires (role_id, contract application_id, hired_at in epoch seconds)."""
        return {"ats/roles": roles[CONTRACT_ROLE_COLUMNS]}

    def chunk_tables(self, tables: Tables) -> Tables:
        return tables

    def write_mapping_files(self, out: Path) -> None:
        for relative, text in MAPPING_FILES.get(self.name, {}).items():
            path = out / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)


class GreenhouseShape(ContractShape):
    """Greenhouse as Fivetran's connector lands it (fivetran/dbt_greenhouse_source's tables)."""

    name = "greenhouse"

    def _plan(self, roles: pd.DataFrame) -> np.ndarray:
        return np.where(roles["department"].isin(CUSTOM_PLAN_DEPARTMENTS), "custom", "default")

    def _users(self) -> pd.DataFrame:
        return self.recruiters.assign(user_id=[str(901 + i) for i in range(len(self.recruiters))])

    def _departments(self) -> pd.DataFrame:
        return pd.DataFrame({"name": list(B.DEPARTMENTS)}).assign(id=lambda f: [str(51 + i) for i in range(len(f))])

    def lookups(self) -> Tables:
        users, reasons = self._users(), _reasons()
        return {
            "greenhouse/department": self._departments().assign(_fivetran_deleted=False, _fivetran_synced=SYNCED),
            "greenhouse/user_email": pd.DataFrame({"email": users["email"], "user_id": users["user_id"]}),
            "greenhouse/source": pd.DataFrame(
                {
                    "id": ["31", "32"],
                    "_fivetran_deleted": False,
                    "name": ["LinkedIn (Prospecting)", "Company website"],
                    "source_type_name": ["Prospecting", "Jobs boards"],
                }
            ),
            "greenhouse/rejection_reason": pd.DataFrame(
                {
                    "id": reasons["reason_id"],
                    "_fivetran_deleted": False,
                    "reason": reasons["reason"],
                    "rejection_reason_type_name": np.where(
                        reasons["outcome"] == "withdrawn", WITHDRAWN_TYPE, REJECTED_TYPE
                    ),
                }
            ),
        }

    def _job_setup(self, roles: pd.DataFrame) -> Tables:
        """A job's interview plan, department and hiring team, landed with the job's first export."""
        jobs = greenhouse_job_id(roles["role_id"])
        stages = pd.DataFrame(
            [
                (job + str(k), job, GREENHOUSE_PLANS[plan][stage])
                for job, plan in zip(jobs, self._plan(roles))
                for k, stage in enumerate(V.ATS_PROGRESS_STAGES[:-1], start=1)
            ],
            columns=["id", "job_id", "name"],
        )
        departments = self._departments().set_index("name")["id"]
        return {
            "greenhouse/job_stage": stages.assign(_fivetran_deleted=False, _fivetran_synced=SYNCED),
            "greenhouse/job_department": pd.DataFrame(
                {"department_id": roles["department"].map(departments), "job_id": jobs}
            ),
            "greenhouse/hiring_team": pd.DataFrame(
                {
                    "job_id": jobs,
                    "role": "recruiters",
                    "user_id": roles["recruiter_id"].map(self._users().set_index("recruiter_id")["user_id"]),
                }
            ),
        }

    def role_tables(self, roles: pd.DataFrame, hires: pd.DataFrame) -> Tables:
        closed = roles["closed_at"].notna()
        return {
            **self._job_setup(roles[roles["first_export"]]),
            "greenhouse/job_opening": self._openings(roles, hires),
            "greenhouse/job": pd.DataFrame(
                {
                    "id": greenhouse_job_id(roles["role_id"]),
                    "_fivetran_deleted": False,
                    "_fivetran_synced": SYNCED,
                    "closed_at": np.where(closed, roles["closed_at"].astype(object) + " 00:00:00", None),
                    "created_at": roles["opened_at"] + " 00:00:00",
                    "name": roles["title"],
                    "requisition_id": roles["role_id"],
                    "status": np.where(closed, "closed", "open"),
                }
            ),
        }

    def _openings(self, roles: pd.DataFrame, hires: pd.DataFrame) -> pd.DataFrame:
        """Fivetran's `job_opening`: one row per opening, closed by its hire's application, or
        without one (close reason) when the job closed before it was filled."""
        seats = _seats(roles, hires)
        filled = seats["application_id"].notna().to_numpy()
        closed = filled | seats["closed_at"].notna().to_numpy()
        hired_at = pd.to_datetime(seats["hired_at"].fillna(0), unit="s").dt.strftime("%Y-%m-%d %H:%M:%S")
        return pd.DataFrame(
            {
                "id": "6" + seats["role_id"].str.slice(1).str.zfill(6) + seats["seat"].astype(str).str.zfill(2),
                "job_id": greenhouse_job_id(seats["role_id"]),
                "opening_id": seats["role_id"] + "-" + seats["seat"].astype(str),
                "status": np.where(closed, "closed", "open"),
                "opened_at": seats["opened_at"] + " 00:00:00",
                "closed_at": np.where(
                    filled, hired_at, np.where(closed, seats["closed_at"].astype(object) + " 00:00:00", None)
                ),
                "application_id": np.where(
                    filled, greenhouse_application_id(seats["application_id"].fillna("AP0")), None
                ),
                "close_reason_id": np.where(closed & ~filled, CANCELLED_CLOSE_REASON_ID, None),
                "_fivetran_synced": SYNCED,
            }
        )

    def chunk_tables(self, tables: Tables) -> Tables:
        out = {k: v for k, v in tables.items() if not k.startswith("ats/")}
        out["sourcing/prospects"] = tables["sourcing/prospects"].assign(
            role_id=lambda f: greenhouse_job_id(f["role_id"])
        )
        candidates, applications, events = (tables[f"ats/{n}"] for n in ("candidates", "applications", "stage_events"))
        out.update(self._candidates(candidates))
        out.update(self._applications(applications, events))
        return out

    def _candidates(self, candidates: pd.DataFrame) -> Tables:
        ids = greenhouse_candidate_id(candidates["ats_candidate_id"])
        names = candidates["full_name"].str.split(" ", n=1, expand=True)
        emails = candidates["email"].notna()
        urls = candidates["linkedin_url"].notna()
        return {
            "greenhouse/candidate": pd.DataFrame(
                {
                    "id": ids,
                    "_fivetran_deleted": False,
                    "_fivetran_synced": SYNCED,
                    "first_name": names[0],
                    "last_name": names[1],
                    CRM_ID_COLUMN: candidates["crm_candidate_id"],
                }
            ),
            "greenhouse/email_address": pd.DataFrame(
                {"candidate_id": ids[emails], "index": 0, "type": "personal", "value": candidates["email"][emails]}
            ),
            "greenhouse/social_media_address": pd.DataFrame(
                {"candidate_id": ids[urls], "index": 0, "value": candidates["linkedin_url"][urls]}
            ),
        }

    def _applications(self, applications: pd.DataFrame, events: pd.DataFrame) -> Tables:
        ends = _ends(events).reindex(applications["application_id"])
        reasons = _reasons().set_index(["reason", "outcome"])["reason_id"]
        ended = ends["stage"].notna().to_numpy()
        left = ends["stage"].isin(V.ATS_END_STAGES).to_numpy()
        reason_ids = pd.Series(list(zip(ends["reason"], ends["stage"])), index=ends.index).map(reasons)
        app_ids = greenhouse_application_id(applications["application_id"])
        jobs = greenhouse_job_id(applications["role_id"])
        application = pd.DataFrame(
            {
                "id": app_ids.to_numpy(),
                "_fivetran_deleted": False,
                "_fivetran_synced": SYNCED,
                "applied_at": _stamp(applications["applied_at"]).to_numpy(),
                "candidate_id": greenhouse_candidate_id(applications["ats_candidate_id"]).to_numpy(),
                "prospect": False,
                "rejected_at": np.where(left, _stamp(ends["entered_at"]), None),
                "rejected_reason_id": np.where(left, reason_ids, None),
                "source_id": np.where(applications["source"] == "sourced", "31", "32"),
                "status": np.where(ended & ~left, "hired", np.where(left, "rejected", "active")),
            }
        )
        job_of_app = pd.Series(jobs.to_numpy(), index=applications["application_id"].to_numpy())
        steps = events[events["stage"].isin(V.ATS_PROGRESS_STAGES[:-1])]
        stage_no = steps["stage"].map({s: str(k) for k, s in enumerate(V.ATS_PROGRESS_STAGES[:-1], start=1)})
        statuses = events[~events["stage"].isin(V.ATS_PROGRESS_STAGES[:-1])]
        history = pd.concat(
            [
                pd.DataFrame(
                    {
                        "application_id": greenhouse_application_id(steps["application_id"]),
                        "updated_at": _stamp(steps["entered_at"]),
                        "new_stage_id": steps["application_id"].map(job_of_app) + stage_no,
                        "new_status": None,
                    }
                ),
                pd.DataFrame(
                    {
                        "application_id": greenhouse_application_id(statuses["application_id"]),
                        "updated_at": _stamp(statuses["entered_at"]),
                        "new_stage_id": None,
                        "new_status": np.where(statuses["stage"] == "hired", "hired", "rejected"),
                    }
                ),
            ],
            ignore_index=True,
        )
        return {
            "greenhouse/application": application,
            "greenhouse/job_application": pd.DataFrame({"application_id": app_ids.to_numpy(), "job_id": jobs}),
            "greenhouse/application_history": history.assign(_fivetran_synced=SYNCED),
        }


class LeverShape(ContractShape):
    """Lever as Fivetran's connector lands it (fivetran/dbt_lever_source's tables): a contact is
    the person, an opportunity one candidacy (one per contract application). Sourced ones start
    as leads (lead-new, lead-reached-out) before they enter the pipeline at applied_at."""

    name = "lever"

    def lookups(self) -> Tables:
        users = self.recruiters.assign(id="user-" + self.recruiters["recruiter_id"])
        stages = pd.DataFrame(list(LEVER_STAGES.values()) + [LEVER_CUSTOM_INTERVIEW], columns=["id", "text"])
        reasons = _reasons()
        return {
            f"lever/{self.lever_user_table}": pd.DataFrame(
                {"id": users["id"], "_fivetran_deleted": False, "email": users["email"], "name": users["name"]}
            ),
            "lever/stage": stages.assign(_fivetran_deleted=False, _fivetran_synced=SYNCED),
            "lever/archive_reason": pd.DataFrame(
                {
                    "id": ["reason-hired", *("reason-" + reasons["reason_id"])],
                    "_fivetran_deleted": False,
                    "text": [
                        "Hired",
                        *np.where(reasons["outcome"] == "withdrawn", "Withdrew - ", "") + reasons["reason"],
                    ],
                }
            ),
        }

    def role_tables(self, roles: pd.DataFrame, hires: pd.DataFrame) -> Tables:
        closed = roles["closed_at"].notna()
        requisitions = "requisition-" + roles["role_id"].str.lower()
        return {
            # Fivetran's raw `requisition` columns (its dbt_lever_source staging renames owner_id and
            # hiring_manager_id to *_user_id); the simulation has no hiring managers
            "lever/requisition": pd.DataFrame(
                {
                    "id": requisitions,
                    "_fivetran_deleted": False,
                    "_fivetran_synced": SYNCED,
                    "requisition_code": roles["role_id"],
                    "name": roles["title"],
                    "status": np.where(closed, "closed", "open"),
                    "headcount_total": roles["openings"],
                    "headcount_hired": roles["hires"],
                    "headcount_infinite": False,
                    "owner_id": "user-" + roles["recruiter_id"],
                    "hiring_manager_id": None,
                    "created_at": roles["opened_at"] + " 00:00:00",
                }
            ),
            "lever/requisition_posting": pd.DataFrame(
                {
                    "requisition_id": requisitions,
                    "posting_id": lever_posting_id(roles["role_id"]),
                    "_fivetran_synced": SYNCED,
                }
            ),
            "lever/posting": pd.DataFrame(
                {
                    "id": lever_posting_id(roles["role_id"]),
                    "_fivetran_deleted": False,
                    "_fivetran_synced": SYNCED,
                    "categories_department": roles["department"],
                    "categories_location": roles["location"],
                    "created_at": roles["opened_at"] + " 00:00:00",
                    "owner_id": "user-" + roles["recruiter_id"],
                    "requisition_code": roles["role_id"],
                    "state": np.where(closed, "closed", "published"),
                    "text": roles["title"],
                    "updated_at": np.where(
                        closed, roles["closed_at"].astype(object) + " 00:00:00", roles["opened_at"] + " 00:00:00"
                    ),
                }
            ),
        }

    def chunk_tables(self, tables: Tables) -> Tables:
        out = {k: v for k, v in tables.items() if not k.startswith("ats/")}
        out["sourcing/prospects"] = tables["sourcing/prospects"].assign(
            role_id=lambda f: lever_posting_id(f["role_id"])
        )
        candidates, applications, events = (tables[f"ats/{n}"] for n in ("candidates", "applications", "stage_events"))
        contacts = "contact-" + candidates["ats_candidate_id"]
        emails, urls = candidates["email"].notna(), candidates["linkedin_url"].notna()
        out["lever/contact_email"] = pd.DataFrame(
            {"contact_id": contacts[emails], "email": candidates["email"][emails]}
        )
        out["lever/contact_link"] = pd.DataFrame(
            {"contact_id": contacts[urls], "link": candidates["linkedin_url"][urls]}
        )
        out.update(self._opportunities(candidates, applications, events))
        return out

    def _opportunities(self, candidates: pd.DataFrame, applications: pd.DataFrame, events: pd.DataFrame) -> Tables:
        people = candidates.set_index("ats_candidate_id")
        opportunity = "opportunity-" + applications["application_id"]
        sourced = (applications["source"] == "sourced").to_numpy()
        ends = _ends(events).reindex(applications["application_id"])
        reason_ids = pd.Series(list(zip(ends["reason"], ends["stage"])), index=ends.index).map(
            _reasons().set_index(["reason", "outcome"])["reason_id"]
        )
        archived_reason = np.where(
            ends["stage"] == "hired", "reason-hired", np.where(ends["stage"].notna(), "reason-" + reason_ids, None)
        )
        steps = events[events["stage"].isin(V.ATS_PROGRESS_STAGES[:-1])]
        engineering = self.roles.set_index("role_id")["department"].isin(CUSTOM_PLAN_DEPARTMENTS)
        role_of_app = applications.set_index("application_id")["role_id"]
        stage_ids = steps["stage"].map({s: LEVER_STAGES[s][0] for s in V.ATS_PROGRESS_STAGES[:-1]})
        custom = (steps["stage"] == "interview") & steps["application_id"].map(role_of_app).map(engineering)
        stage_ids = stage_ids.where(~custom, LEVER_CUSTOM_INTERVIEW[0])
        leads = applications[sourced]
        # a lead that applied but took no step before it ended (its role closed first) still moved
        # into the pipeline when it applied; without that move Lever shows a lead archived as a lead
        unmoved = leads[~leads["application_id"].isin(steps["application_id"])]
        history = pd.concat(
            [
                pd.DataFrame(
                    {
                        "opportunity_id": "opportunity-" + leads["application_id"],
                        "stage_id": stage,
                        "updated_at": _stamp(leads["applied_at"], days=days),
                    }
                )
                for stage, days in ((LEVER_STAGES["lead_new"][0], -3), (LEVER_STAGES["lead_reached_out"][0], -2))
            ]
            + [
                pd.DataFrame(
                    {
                        "opportunity_id": "opportunity-" + unmoved["application_id"],
                        "stage_id": LEVER_STAGES["application_review"][0],
                        "updated_at": _stamp(unmoved["applied_at"]),
                    }
                )
            ]
            + [
                pd.DataFrame(
                    {
                        "opportunity_id": "opportunity-" + steps["application_id"],
                        "stage_id": stage_ids,
                        "updated_at": _stamp(steps["entered_at"]),
                    }
                )
            ],
            ignore_index=True,
        )
        last_stage = history.sort_values("updated_at").groupby("opportunity_id")["stage_id"].last()
        person = applications["ats_candidate_id"]
        return {
            "lever/opportunity": pd.DataFrame(
                {
                    "id": opportunity.to_numpy(),
                    "_fivetran_synced": SYNCED,
                    "archived_at": np.where(ends["stage"].notna(), _stamp(ends["entered_at"]), None),
                    "archived_reason_id": archived_reason,
                    "contact": ("contact-" + person).to_numpy(),
                    "created_at": _stamp(applications["applied_at"], days=-3)
                    .where(sourced, _stamp(applications["applied_at"]))
                    .to_numpy(),
                    "data_protection_contact_allowed": ~_share(person, LEVER_NO_CONSENT_SHARE),
                    "name": person.map(people["full_name"]).to_numpy(),
                    "origin": np.where(sourced, "sourced", "applied"),
                    "stage_id": opportunity.map(last_stage).to_numpy(),
                    "updated_at": opportunity.map(history.groupby("opportunity_id")["updated_at"].max())
                    .where(ends["stage"].isna().to_numpy(), _stamp(ends["entered_at"]).to_numpy())
                    .to_numpy(),
                    CRM_ID_COLUMN: person.map(people["crm_candidate_id"]).to_numpy(),
                }
            ),
            "lever/application": pd.DataFrame(
                {
                    "id": ("application-" + applications["application_id"]).to_numpy(),
                    "opportunity_id": opportunity.to_numpy(),
                    "posting_id": lever_posting_id(applications["role_id"]).to_numpy(),
                    "created_at": _stamp(applications["applied_at"]).to_numpy(),
                    "type": np.where(sourced, "user", "posting"),
                }
            ),
            "lever/opportunity_stage_history": history.assign(_fivetran_synced=SYNCED),
        }


SHAPE_CLASSES: dict[str, Callable[..., ContractShape]] = {
    "contract": ContractShape,
    "greenhouse": GreenhouseShape,
    "lever": LeverShape,
}


def ats_shape(
    name: str, recruiters: pd.DataFrame, roles: pd.DataFrame, lever_user_table: str = "user"
) -> ContractShape:
    if name not in SHAPE_CLASSES:
        raise ValueError(f"unknown ATS shape {name!r}; known: {', '.join(SHAPES)}")
    return SHAPE_CLASSES[name](recruiters, roles, lever_user_table)
