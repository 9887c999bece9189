{#- Grain: one row per prospect whose follow-up is due: contacted for an open role, no human
    reply (outcome no_response), fewer than follow_up_max_touches delivered touches, the last one
    older than follow_up_after_days; and, for the person across every role: no opt-out or decline,
    no delivered message for another role within recontact_gap_days(), no "not now" whose date
    lies ahead. Most recently due first: a follow-up a week after the last touch lands while the
    first message is remembered; one months later is closer to a new first touch. -#}
with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
    where outcome = 'no_response' and delivered_messages < {{ work_list_rule('follow_up_max_touches') }}
),

messages as (
    select * from {{ ref('int_messages_merged') }}
    where is_delivered
),

people as (
    select * from {{ ref('int_candidate_contact_state') }}
),

roles as (
    select * from {{ ref('dim_roles') }}
    where is_open
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
),

as_of as (
    select as_of, cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

last_touches as (
    select
        messages.merged_prospect_id,
        max(messages.sent_at) as last_touch_at
    from messages
    inner join funnel on funnel.prospect_id = messages.merged_prospect_id
    group by messages.merged_prospect_id
),

due as (
    select
        funnel.prospect_id,
        funnel.candidate_id,
        funnel.role_id,
        funnel.channel,
        funnel.delivered_messages,
        last_touches.last_touch_at,
        as_of.as_of_date
    from funnel
    inner join roles on roles.role_id = funnel.role_id
    inner join last_touches on last_touches.merged_prospect_id = funnel.prospect_id
    inner join people on people.candidate_id = funnel.candidate_id
    cross join as_of
    where
        last_touches.last_touch_at < as_of.as_of - interval {{ work_list_rule('follow_up_after_days') }} day
        and not people.is_stopped
        and not {{ contacted_for_other_role_recently('people', 'funnel.role_id') }}
        and coalesce(people.latest_reconnect_after <= as_of.as_of_date, true)
),

final as (
    select
        'follow_up_due' as work_list,
        due.candidate_id,
        due.role_id,
        due.prospect_id,
        candidates.full_name,
        due.channel,
        printf(
            'No reply to %d delivered touch%s; the last was %d days ago',
            due.delivered_messages,
            case when due.delivered_messages = 1 then '' else 'es' end,
            {{ dbt.datediff('cast(due.last_touch_at as date)', 'due.as_of_date', 'day') }}
        ) as reason,
        cast(null as string) as evidence,
        cast(due.last_touch_at as date) as since,
        {{ dbt.datediff('cast(due.last_touch_at as date)', 'due.as_of_date', 'day') }} as days_since,
        row_number() over (partition by due.role_id order by due.last_touch_at desc, due.prospect_id) as priority
    from due
    left join candidates on candidates.candidate_id = due.candidate_id
)

select * from final
