"""Every allowed value and ordered list of the contract (docs/contract.md §2, §6), written once.

The intake types enums with these values, the quality suites check them, the generator draws
from them, the dashboards label and order by them, and dbt reads them from the seeds generated
from this module (`funnel contract-seeds`; a test fails when the checked-in seeds differ).
"""

from __future__ import annotations

# --- enums of the input tables (§2), canonical lower-case form -------------------------------
SENIORITIES = ("junior", "mid", "senior", "lead", "executive")
SOURCING_CHANNELS = (
    "professional_network",
    "ats_rediscovery",
    "employee_referral",
    "community",
    "event",
    "job_board_database",
    "alumni_network",
    "other",
)
TITLE_MATCHES = ("exact", "adjacent", "transferable")
PROFILE_DETAILS = ("sparse", "standard", "detailed")
MESSAGE_CHANNELS = ("email", "inmail", "phone", "sms", "other")
MESSAGE_STATUSES = ("delivered", "bounced", "failed")
RESPONSE_TYPES = ("interested", "not_now", "declined", "referral", "opt_out", "auto_reply")
DECLINE_REASONS = ("not_looking", "compensation", "location", "role_scope", "seniority", "company", "other")
APPLICATION_SOURCES = ("sourced", "applied", "referred", "agency", "internal")
# ATS stages in the order a process moves through them (§6 "went furthest"); rejected and
# withdrawn end a process without progress
ATS_PROGRESS_STAGES = ("application_review", "recruiter_screen", "interview", "final_interview", "offer", "hired")
ATS_PIPELINE_STAGES = ATS_PROGRESS_STAGES[:-1]  # the stages a person in process can be at (before hired)
ATS_END_STAGES = ("rejected", "withdrawn")
ATS_STAGES = ATS_PROGRESS_STAGES + ATS_END_STAGES

# --- the funnel of one prospect (§6) ------------------------------------------------------------
FUNNEL_STAGE_DESCRIPTIONS = {
    "sourced": "Found and added to the sourcing tool for a role",
    "contacted": "At least one delivered message",
    "replied": "A human response after first contact or a linked application",
    "interested": "An interested response after first contact or a linked application",
    "screened": "A linked application reached the recruiter screen or beyond",
    "interviewed": "A linked application reached an interview or beyond",
    "offered": "A linked application reached an offer or beyond",
    "hired": "A linked application was hired",
}
FUNNEL_STAGES = tuple(FUNNEL_STAGE_DESCRIPTIONS)
OUTCOMES = (
    "hired",
    "rejected",
    "withdrew",
    "in_process",
    "interested",
    "not_now",
    "declined",
    "opted_out",
    "referred_other",
    "no_response",
    "undeliverable",
    "not_contacted",
)
MATCH_TIERS = ("strong", "moderate", "stretch")

# --- outcome groupings every page and mart uses ---------------------------------------------------
# written to (or tried) and did not become interested
NOT_ENGAGED_OUTCOMES = ("no_response", "declined", "not_now", "opted_out", "referred_other", "undeliverable")
# the person ended it ("they turned us down") / the company ended it ("we turned them down")
TURNED_US_DOWN_OUTCOMES = ("declined", "not_now", "opted_out", "withdrew")
WE_TURNED_DOWN_OUTCOMES = ("rejected",)

# a person's answer that stops outreach to them for every role (consent is the person's, not the prospect's)
STOP_RESPONSES = ("opt_out", "declined")
# over-automation guardrails that must be 0 (marts.agg_guardrails.is_breached when not)
BREACH_GUARDRAILS = ("messages_after_opt_out", "contact_without_consent")
# where a person who said "not now" stands (marts.fct_reconnect_pipeline), in the order a recruiter works them
RECONNECT_STATUSES = ("overdue", "due_this_week", "due_this_month", "later", "no_date", "recontacted", "do_not_contact")

# --- the diagnosis (§9.2) ---------------------------------------------------------------------------
DIAGNOSIS_EXPLANATIONS = ("targeting", "outreach", "opportunity", "employer_brand", "channel")
FINDING_DIRECTIONS = ("worse", "better")
# decline reasons that speak about the role itself (opportunity) and about the company (employer brand)
ROLE_DECLINE_REASONS = ("compensation", "location", "role_scope", "seniority")
COMPANY_DECLINE_REASONS = ("company",)
# --- ATS connectors (docs/bring-your-own-data.md; the connectors themselves: contract.connectors) ---
# the name of Lever's user table: `user`, or `users` for Fivetran connectors created since mid-2024
LEVER_USER_TABLES = ("user", "users")
GREENHOUSE_APPLICATION_STATUSES = ("active", "rejected", "hired", "converted")
LEVER_ORIGINS = ("agency", "applied", "internal", "referred", "sourced", "university")
# what a connector's stage name can be mapped to: a contract ATS stage, or `lead` (Lever's lead
# stages: outreach recorded in the ATS, not a step of an application)
LEAD_STAGE = "lead"
ATS_STAGE_TARGETS = ATS_STAGES + (LEAD_STAGE,)
# how an application that left the process ended, from a rejection or archive reason
ATS_END_OUTCOMES = ("hired",) + ATS_END_STAGES
# the kinds of names the ATS mapping file maps (key in the YAML -> kind in intake.ats_value_map)
ATS_MAPPING_TARGETS = {
    "stages": ATS_STAGE_TARGETS,
    "rejection_reasons": ATS_END_STAGES,
    "rejection_reason_types": ATS_END_STAGES,
    "archive_reasons": ATS_END_OUTCOMES,
    "source_types": APPLICATION_SOURCES,
    "origins": APPLICATION_SOURCES,
    "seniority": SENIORITIES,
}

# every enum, by the name dbt and the quality suites know it under
ENUMS: dict[str, tuple[str, ...]] = {
    "seniority": SENIORITIES,
    "sourcing_channel": SOURCING_CHANNELS,
    "title_match": TITLE_MATCHES,
    "profile_detail": PROFILE_DETAILS,
    "message_channel": MESSAGE_CHANNELS,
    "message_status": MESSAGE_STATUSES,
    "response_type": RESPONSE_TYPES,
    "decline_reason": DECLINE_REASONS,
    "application_source": APPLICATION_SOURCES,
    "ats_stage": ATS_STAGES,
    "funnel_stage": FUNNEL_STAGES,
    "outcome": OUTCOMES,
    "match_tier": MATCH_TIERS,
    "ats_stage_target": ATS_STAGE_TARGETS,
    "greenhouse_application_status": GREENHOUSE_APPLICATION_STATUSES,
    "lever_origin": LEVER_ORIGINS,
}

# every list dbt needs, by name: the enums plus ordered lists and outcome groupings
DBT_LISTS: dict[str, tuple[str, ...]] = {
    **ENUMS,
    "ats_progress_stage": ATS_PROGRESS_STAGES,
    "not_engaged_outcome": NOT_ENGAGED_OUTCOMES,
    "turned_us_down_outcome": TURNED_US_DOWN_OUTCOMES,
    "we_turned_down_outcome": WE_TURNED_DOWN_OUTCOMES,
    "stop_response": STOP_RESPONSES,
    "company_decline_reason": COMPANY_DECLINE_REASONS,
    "breach_guardrail": BREACH_GUARDRAILS,
}
