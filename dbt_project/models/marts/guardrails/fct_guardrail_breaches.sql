{#- Grain: one row per (prospect, breach). Outreach that should not happen or should be looked
    at. Consent is a person's, not a prospect's: an opt-out or a decline by a person, for any
    role, covers every role, so a message delivered to that person for any role after it is a
    breach (counted on the prospect the message was written for). Also: the same person contacted
    for more than one role within 30 days, four or more delivered touches with no answer, and
    messages delivered to a person whose ATS record does not allow contact or whose permission had
    expired (Lever's data-protection fields, through identity resolution). Every breach is the
    person's own (their prospects, messages, stops and ATS records), none depends on the data's
    as-of time, so the table is incremental: a run recomputes the candidates it changed
    (macros/incremental.sql). -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
    where {{ changed_candidates_only('candidate_id') }}
),

messages as (
    select * from {{ ref('int_messages_merged') }}
    where is_delivered and {{ changed_candidates_only('candidate_id') }}
),

person_stops as (
    select candidate_id, first_stop_at as stopped_at
    from {{ ref('int_candidate_contact_state') }}
    where is_stopped and {{ changed_candidates_only('candidate_id') }}
),

messages_after_stop as (
    select
        messages.merged_prospect_id as prospect_id,
        count(*) as occurrences
    from messages
    inner join person_stops
        on
            person_stops.candidate_id = messages.candidate_id
            and messages.sent_at > person_stops.stopped_at
    group by messages.merged_prospect_id
),

after_stop as (
    select
        funnel.prospect_id,
        funnel.candidate_id,
        funnel.recruiter_id,
        'messages_after_opt_out' as breach,
        messages_after_stop.occurrences,
        funnel.contacted_at as first_contacted_at
    from messages_after_stop
    inner join funnel on funnel.prospect_id = messages_after_stop.prospect_id
),

contacts as (
    select prospect_id, candidate_id, recruiter_id, contacted_at
    from funnel
    where contacted_at is not null
),

multi_role as (
    select
        contacts.prospect_id,
        contacts.candidate_id,
        contacts.recruiter_id,
        'multi_role_within_30_days' as breach,
        count(*) as occurrences,
        contacts.contacted_at as first_contacted_at
    from contacts
    inner join contacts as others
        on
            others.candidate_id = contacts.candidate_id
            and others.prospect_id <> contacts.prospect_id
            and abs({{ dbt.datediff('others.contacted_at', 'contacts.contacted_at', 'second') }}) <= 30 * 86400
    group by contacts.prospect_id, contacts.candidate_id, contacts.recruiter_id, contacts.contacted_at
),

unanswered as (
    select
        prospect_id,
        candidate_id,
        recruiter_id,
        'four_plus_unanswered_touches' as breach,
        delivered_messages as occurrences,
        contacted_at as first_contacted_at
    from funnel
    where outcome = 'no_response' and delivered_messages >= 4
),

without_consent as (
    select
        messages.merged_prospect_id as prospect_id,
        funnel.candidate_id,
        funnel.recruiter_id,
        'contact_without_consent' as breach,
        count(distinct messages.message_id) as occurrences,
        funnel.contacted_at as first_contacted_at
    from messages
    inner join {{ ref('int_ats_candidates_linked') }} as links on links.candidate_id = messages.candidate_id
    inner join {{ ref('int_ats__contact_consent') }} as consent on consent.ats_candidate_id = links.ats_candidate_id
    inner join funnel on funnel.prospect_id = messages.merged_prospect_id
    where consent.contact_allowed = false or messages.sent_at > consent.contact_expires_at
    group by messages.merged_prospect_id, funnel.candidate_id, funnel.recruiter_id, funnel.contacted_at
),

final as (
    select * from after_stop
    union all
    select * from multi_role
    union all
    select * from unanswered
    union all
    select * from without_consent
)

select * from final
