{#- Grain: one row per prospect who answered "not now" (a counted response). When they asked to
    be contacted again, whether that is overdue or due soon relative to the data's as-of date,
    whether we wrote to them again after the "not now", and what they said then. Carries the
    dashboards' filter columns (role, department, seniority, recruiter, channel, first contact)
    so the reconnect list is filtered without scanning every prospect. -#}
with not_now as (
    select * from {{ ref('int_responses_merged') }}
    where counts_for_funnel and response_type = 'not_now'
    qualify row_number() over (partition by merged_prospect_id order by responded_at desc, response_id desc) = 1
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
    select as_of::date as as_of_date from {{ ref('int_data_as_of') }}
),

recontacts as (
    select not_now.merged_prospect_id, min(messages.sent_at) as recontacted_at
    from not_now
    inner join messages
        on messages.merged_prospect_id = not_now.merged_prospect_id
        and messages.sent_at > not_now.responded_at
    group by 1
),

answers as (
    select
        recontacts.merged_prospect_id,
        {{ arg_min('responses.response_type', ['responses.responded_at', 'responses.response_id']) }}
            as response_after_recontact
    from recontacts
    inner join responses
        on responses.merged_prospect_id = recontacts.merged_prospect_id
        and responses.responded_at >= recontacts.recontacted_at
    group by 1
),

final as (
    select
        funnel.prospect_id,
        funnel.candidate_id,
        funnel.role_id,
        roles.role_title,
        roles.department,
        roles.seniority,
        funnel.recruiter_id,
        funnel.channel,
        funnel.contacted_at,
        not_now.responded_at as not_now_at,
        not_now.reconnect_after,
        case
            when recontacts.recontacted_at is not null then 'recontacted'
            when not_now.reconnect_after is null then 'no_date'
            when not_now.reconnect_after < as_of.as_of_date then 'overdue'
            when not_now.reconnect_after < as_of.as_of_date + 7 then 'due_this_week'
            when not_now.reconnect_after < as_of.as_of_date + 30 then 'due_this_month'
            else 'later'
        end as reconnect_status,
        {{ days_between('as_of.as_of_date', 'not_now.reconnect_after') }} as days_until_due,
        recontacts.recontacted_at,
        answers.response_after_recontact,
        funnel.outcome as current_outcome
    from not_now
    inner join funnel on funnel.prospect_id = not_now.merged_prospect_id
    left join roles on roles.role_id = funnel.role_id
    cross join as_of
    left join recontacts on recontacts.merged_prospect_id = not_now.merged_prospect_id
    left join answers on answers.merged_prospect_id = not_now.merged_prospect_id
)

select * from final
