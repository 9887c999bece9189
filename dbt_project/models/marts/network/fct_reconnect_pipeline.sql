{#- Grain: one row per person (CRM candidate) whose latest counted "not now", for any role,
    asked for later contact. When they asked to be contacted again, whether that is overdue or due
    soon relative to the data's as-of date, whether anyone wrote to them again after the "not now"
    (for any role: contact is the person's, not the prospect's), what they said then, and whether
    they have since opted out or declined for any role (then they are not to be contacted). The
    role, recruiter and filter columns are those of the prospect that got the latest "not now". -#}
with not_now_responses as (
    select * from {{ ref('int_responses_merged') }}
    where counts_for_funnel and response_type = 'not_now'
),

latest_not_now as (
    select * from not_now_responses
    qualify row_number() over (partition by candidate_id order by responded_at desc, response_id desc) = 1
),

not_now_prospects as (
    select candidate_id, count(distinct merged_prospect_id) as prospects_not_now
    from not_now_responses
    group by candidate_id
),

funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
),

messages as (
    select * from {{ ref('int_messages_merged') }}
    where is_delivered
),

responses as (
    select * from {{ ref('int_responses_merged') }}
    where counts_for_funnel
),

roles as (
    select * from {{ ref('dim_roles') }}
),

as_of as (
    select cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

person_stops as (
    select candidate_id, first_stop_at as stopped_at
    from {{ ref('int_candidate_contact_state') }}
    where is_stopped
),

recontacts as (
    select
        latest_not_now.candidate_id,
        messages.merged_prospect_id as recontacted_prospect_id,
        messages.sent_at as recontacted_at
    from latest_not_now
    inner join messages
        on
            messages.candidate_id = latest_not_now.candidate_id
            and messages.sent_at > latest_not_now.responded_at
    qualify row_number() over (partition by latest_not_now.candidate_id order by messages.sent_at, messages.message_id) = 1
),

answers as (
    select
        recontacts.candidate_id,
        responses.response_type as response_after_recontact
    from recontacts
    inner join responses
        on
            responses.candidate_id = recontacts.candidate_id
            and responses.responded_at >= recontacts.recontacted_at
    qualify row_number() over (
        partition by recontacts.candidate_id order by responses.responded_at, responses.response_id
    ) = 1
),

final as (
    select
        latest_not_now.candidate_id,
        funnel.prospect_id,
        funnel.role_id,
        roles.role_title,
        roles.department,
        roles.seniority,
        funnel.recruiter_id,
        funnel.channel,
        funnel.sourced_at,
        funnel.contacted_at,
        latest_not_now.responded_at as not_now_at,
        latest_not_now.reconnect_after,
        not_now_prospects.prospects_not_now,
        person_stops.stopped_at,
        case
            when recontacts.recontacted_at is not null then 'recontacted'
            when person_stops.stopped_at is not null then 'do_not_contact'
            when latest_not_now.reconnect_after is null then 'no_date'
            when latest_not_now.reconnect_after < as_of.as_of_date then 'overdue'
            when latest_not_now.reconnect_after < {{ dbt.dateadd('day', 7, 'as_of.as_of_date') }} then 'due_this_week'
            when latest_not_now.reconnect_after < {{ dbt.dateadd('day', 30, 'as_of.as_of_date') }} then 'due_this_month'
            else 'later'
        end as reconnect_status,
        {{ dbt.datediff('as_of.as_of_date', 'latest_not_now.reconnect_after', 'day') }} as days_until_due,
        recontacts.recontacted_at,
        recontacted.role_id as recontacted_role_id,
        answers.response_after_recontact,
        funnel.outcome as current_outcome
    from latest_not_now
    inner join funnel on funnel.prospect_id = latest_not_now.merged_prospect_id
    inner join not_now_prospects on not_now_prospects.candidate_id = latest_not_now.candidate_id
    left join roles on roles.role_id = funnel.role_id
    cross join as_of
    left join person_stops on person_stops.candidate_id = latest_not_now.candidate_id
    left join recontacts on recontacts.candidate_id = latest_not_now.candidate_id
    left join funnel as recontacted on recontacted.prospect_id = recontacts.recontacted_prospect_id
    left join answers on answers.candidate_id = latest_not_now.candidate_id
)

select * from final
