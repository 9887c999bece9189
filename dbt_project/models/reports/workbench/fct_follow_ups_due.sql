{#- Grain: one row per prospect whose follow-up is due: contacted for a role that still needs hires
    (dim_roles.needs_hires: open, counted, fewer hires than openings), no human reply (outcome
    no_response), fewer than follow_up_max_touches delivered touches, the last one at least
    follow_up_after_days and at most follow_up_within_days old (older: the first message is
    forgotten, a new first touch is due, not a follow-up); and, for the person across every role: no
    opt-out or decline, no delivered message for another role within recontact_gap_days(), no "not
    now" whose date lies ahead. Expected value: the windowed reply rate (30 days) of the prospect's
    match tier; per role, highest expected value first, then the most recently touched. -#}
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
    where needs_hires
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
),

reply_rates as (
    {{ match_tier_rates('replied', 30) }}
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

aged as (
    select
        funnel.prospect_id,
        funnel.candidate_id,
        funnel.role_id,
        funnel.channel,
        funnel.match_tier,
        funnel.delivered_messages,
        last_touches.last_touch_at,
        {{ dbt.datediff('cast(last_touches.last_touch_at as date)', 'as_of.as_of_date', 'day') }} as days_since,
        as_of.as_of,
        as_of.as_of_date
    from funnel
    inner join roles on roles.role_id = funnel.role_id
    inner join last_touches on last_touches.merged_prospect_id = funnel.prospect_id
    cross join as_of
),

due as (
    select aged.*
    from aged
    inner join people on people.candidate_id = aged.candidate_id
    where
        aged.days_since between {{ work_list_rule('follow_up_after_days') }} and {{ work_list_rule('follow_up_within_days') }}
        and not people.is_stopped
        and not {{ contacted_for_other_role_recently('people', 'aged.role_id', 'aged.as_of') }}
        and coalesce(people.latest_reconnect_after <= aged.as_of_date, true)
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
            due.days_since
        ) as reason,
        cast(null as string) as evidence,
        cast(due.last_touch_at as date) as since,
        due.days_since,
        coalesce(reply_rates.rate, 0) as expected_value,
        {{ expected_value_basis('Replies within 30 days', 'due.match_tier', 'reply_rates') }} as expected_value_basis,
        row_number() over (
            partition by due.role_id
            order by coalesce(reply_rates.rate, 0) desc, due.last_touch_at desc, due.prospect_id
        ) as priority
    from due
    left join reply_rates on reply_rates.match_tier = due.match_tier
    left join candidates on candidates.candidate_id = due.candidate_id
)

select * from final
