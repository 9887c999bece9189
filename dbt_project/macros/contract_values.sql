{#- Generated from contract/vocabulary.py by `python -m contract.dbt`: do not edit. -#}
{% macro contract_values(enum_name) -%}
    {%- set enums = {
        "seniority": [
            "junior",
            "mid",
            "senior",
            "lead",
            "executive"
        ],
        "sourcing_channel": [
            "professional_network",
            "ats_rediscovery",
            "employee_referral",
            "community",
            "event",
            "job_board_database",
            "alumni_network",
            "other"
        ],
        "title_match": [
            "exact",
            "adjacent",
            "transferable"
        ],
        "profile_detail": [
            "sparse",
            "standard",
            "detailed"
        ],
        "message_channel": [
            "email",
            "inmail",
            "phone",
            "sms",
            "other"
        ],
        "message_status": [
            "delivered",
            "bounced",
            "failed"
        ],
        "response_type": [
            "interested",
            "not_now",
            "declined",
            "referral",
            "opt_out",
            "auto_reply"
        ],
        "decline_reason": [
            "not_looking",
            "compensation",
            "location",
            "role_scope",
            "seniority",
            "company",
            "other"
        ],
        "application_source": [
            "sourced",
            "applied",
            "referred",
            "agency",
            "internal"
        ],
        "ats_stage": [
            "application_review",
            "recruiter_screen",
            "interview",
            "final_interview",
            "offer",
            "hired",
            "rejected",
            "withdrawn"
        ],
        "funnel_stage": [
            "sourced",
            "contacted",
            "replied",
            "interested",
            "screened",
            "interviewed",
            "offered",
            "hired"
        ],
        "outcome": [
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
            "not_contacted"
        ],
        "match_tier": [
            "strong",
            "moderate",
            "stretch"
        ],
        "ats_stage_target": [
            "application_review",
            "recruiter_screen",
            "interview",
            "final_interview",
            "offer",
            "hired",
            "rejected",
            "withdrawn",
            "lead"
        ],
        "greenhouse_application_status": [
            "active",
            "rejected",
            "hired",
            "converted"
        ],
        "lever_origin": [
            "agency",
            "applied",
            "internal",
            "referred",
            "sourced",
            "university"
        ],
        "ats_progress_stage": [
            "application_review",
            "recruiter_screen",
            "interview",
            "final_interview",
            "offer",
            "hired"
        ],
        "not_engaged_outcome": [
            "no_response",
            "declined",
            "not_now",
            "opted_out",
            "referred_other",
            "undeliverable"
        ],
        "turned_us_down_outcome": [
            "declined",
            "not_now",
            "opted_out",
            "withdrew"
        ],
        "we_turned_down_outcome": [
            "rejected"
        ],
        "stop_response": [
            "opt_out",
            "declined"
        ],
        "company_decline_reason": [
            "company"
        ],
        "breach_guardrail": [
            "messages_after_opt_out",
            "contact_without_consent"
        ],
        "ats_source_system": [
            "contract",
            "greenhouse",
            "lever"
        ],
        "ats_connector": [
            "greenhouse",
            "lever"
        ]
    } -%}
    {{ return(enums[enum_name]) }}
{%- endmacro %}
