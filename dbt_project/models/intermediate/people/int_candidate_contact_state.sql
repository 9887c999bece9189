{#- Grain: one row per person (CRM candidate) with a prospect or a linked ATS application. What
    the person said and was sent across every role: the facts the person-level rules read (an
    opt-out or decline for one role covers every role; nobody is written to for a second role
    within recontact_gap_days() of the first; a "not now" pauses contact for every role until its
    date). Every column depends on the person's own rows only, none on the data's as-of time
    (the 30-day rule reads last_contacted_at and other_role_last_contacted_at against the as-of
    where it is applied, macro contacted_for_other_role_recently), so the table is incremental:
    a run recomputes the candidates it changed (macros/incremental.sql). -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with prospects as (
    select * from {{ ref('int_prospects_merged') }}
    where is_merged_survivor and {{ changed_candidates_only('candidate_id') }}
),

messages as (
    select * from {{ ref('int_messages_merged') }}
    where is_delivered and {{ changed_candidates_only('candidate_id') }}
),

responses as (
    select
        responses.response_id,
        responses.candidate_id,
        prospects.role_id,
        responses.response_type,
        responses.reconnect_after,
        responses.responded_at
    from {{ ref('int_responses_merged') }} as responses
    inner join prospects on prospects.merged_prospect_id = responses.merged_prospect_id
    where responses.counts_for_funnel and {{ changed_candidates_only('responses.candidate_id') }}
),

applications as (
    select * from {{ ref('int_applications_summarized') }}
    where candidate_id is not null and {{ changed_candidates_only('candidate_id') }}
),

people as (
    select candidate_id from prospects
    union
    select candidate_id from applications
),

delivered_per_prospect as (
    {#- one pass over the messages: per prospect first, then per person (a person has few prospects) -#}
    select
        merged_prospect_id,
        count(*) as delivered_messages,
        min(sent_at) as first_contacted_at,
        max(sent_at) as last_contacted_at
    from messages
    group by merged_prospect_id
),

prospect_contacts as (
    select
        prospects.candidate_id,
        prospects.role_id,
        prospects.merged_prospect_id,
        delivered_per_prospect.delivered_messages,
        delivered_per_prospect.first_contacted_at,
        delivered_per_prospect.last_contacted_at
    from delivered_per_prospect
    inner join prospects on prospects.merged_prospect_id = delivered_per_prospect.merged_prospect_id
),

contacts as (
    select
        prospect_contacts.candidate_id,
        sum(prospect_contacts.delivered_messages) as delivered_messages,
        count(distinct prospect_contacts.role_id) as roles_contacted,
        min(prospect_contacts.first_contacted_at) as first_contacted_at,
        max(prospect_contacts.last_contacted_at) as last_contacted_at
    from prospect_contacts
    group by prospect_contacts.candidate_id
),

latest_contact as (
    select
        candidate_id,
        role_id as last_contacted_role_id
    from prospect_contacts
    qualify row_number() over (
        partition by candidate_id order by last_contacted_at desc, merged_prospect_id desc
    ) = 1
),

other_roles as (
    {#- the latest delivered message for a role other than the latest contact's: with the latest
        contact itself, it says how many roles were written to since any moment (one or several) -#}
    select
        prospect_contacts.candidate_id,
        max(prospect_contacts.last_contacted_at) as other_role_last_contacted_at
    from prospect_contacts
    inner join latest_contact on latest_contact.candidate_id = prospect_contacts.candidate_id
    where prospect_contacts.role_id <> latest_contact.last_contacted_role_id
    group by prospect_contacts.candidate_id
),

stops as (
    select
        candidate_id,
        min(responded_at) filter (where response_type = 'opt_out') as first_opt_out_at,
        min(responded_at) filter (where response_type = 'declined') as first_decline_at,
        min(responded_at) filter (where {{ in_contract_list('response_type', 'stop_response') }}) as first_stop_at
    from responses
    group by candidate_id
),

latest_response as (
    select
        candidate_id,
        role_id as latest_response_role_id,
        response_type as latest_response_type,
        case when response_type = 'not_now' then reconnect_after end as latest_reconnect_after,
        responded_at as latest_response_at
    from responses
    qualify row_number() over (partition by candidate_id order by responded_at desc, response_id desc) = 1
),

after_stop as (
    select
        messages.candidate_id,
        count(*) as messages_after_stop
    from messages
    inner join stops
        on
            stops.candidate_id = messages.candidate_id
            and messages.sent_at > stops.first_stop_at
    where stops.first_stop_at is not null
    group by messages.candidate_id
),

ats as (
    select
        candidate_id,
        count(*) as ats_applications,
        count(*) filter (
            where coalesce(latest_stage, 'application_review') not in ('hired', 'rejected', 'withdrawn')
        ) as open_applications,
        min(hired_at) as first_hired_at
    from applications
    group by candidate_id
),

final as (
    select
        people.candidate_id,
        latest_contact.last_contacted_role_id,
        latest_response.latest_response_role_id,
        latest_response.latest_response_type,
        stops.first_opt_out_at is not null as is_opted_out,
        stops.first_decline_at is not null as has_declined,
        stops.first_stop_at is not null as is_stopped,
        ats.first_hired_at is not null as is_hired,
        coalesce(contacts.roles_contacted, 0) as roles_contacted,
        coalesce(contacts.delivered_messages, 0) as delivered_messages,
        coalesce(after_stop.messages_after_stop, 0) as messages_after_stop,
        coalesce(ats.ats_applications, 0) as ats_applications,
        coalesce(ats.open_applications, 0) as open_applications,
        latest_response.latest_reconnect_after,
        contacts.first_contacted_at,
        contacts.last_contacted_at,
        other_roles.other_role_last_contacted_at,
        stops.first_opt_out_at,
        stops.first_decline_at,
        stops.first_stop_at,
        latest_response.latest_response_at,
        ats.first_hired_at
    from people
    left join contacts on contacts.candidate_id = people.candidate_id
    left join latest_contact on latest_contact.candidate_id = people.candidate_id
    left join other_roles on other_roles.candidate_id = people.candidate_id
    left join stops on stops.candidate_id = people.candidate_id
    left join latest_response on latest_response.candidate_id = people.candidate_id
    left join after_stop on after_stop.candidate_id = people.candidate_id
    left join ats on ats.candidate_id = people.candidate_id
)

select * from final
