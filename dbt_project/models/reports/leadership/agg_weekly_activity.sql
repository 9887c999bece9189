{#- Grain: one row per week (Monday to Sunday, UTC): what happened that week, each event counted
    in the week it happened: first contacts, delivered messages, replies, interest, opt-outs,
    outbound hires (prospects hired) and every ATS hire. is_complete: the week ended before the
    data's as-of time (the weekly digest compares the latest complete week with the four before). -#}
with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
),

messages as (
    select * from {{ ref('int_messages_merged') }}
    where is_delivered
),

responses as (
    select * from {{ ref('int_responses_merged') }}
    where counts_for_funnel and response_type = 'opt_out'
),

applications as (
    select * from {{ ref('int_applications_summarized') }}
    where hired_at is not null
),

as_of as (
    select * from {{ ref('int_data_as_of') }}
),

events as (
    select contacted_at as happened_at, 'contacted' as event from funnel where contacted_at is not null
    union all
    select replied_at, 'replied' from funnel where replied_at is not null
    union all
    select interested_at, 'interested' from funnel where interested_at is not null
    union all
    select hired_at, 'hired' from funnel where hired_at is not null
    union all
    select sent_at, 'delivered_message' from messages
    union all
    select responded_at, 'opted_out' from responses
    union all
    select hired_at, 'ats_hire' from applications
),

weekly as (
    select
        cast(date_trunc('week', happened_at) as date) as week_start,
        count(*) filter (where event = 'contacted') as contacted,
        count(*) filter (where event = 'delivered_message') as delivered_messages,
        count(*) filter (where event = 'replied') as replied,
        count(*) filter (where event = 'interested') as interested,
        count(*) filter (where event = 'opted_out') as opted_out,
        count(*) filter (where event = 'hired') as hired,
        count(*) filter (where event = 'ats_hire') as ats_hires
    from events
    group by cast(date_trunc('week', happened_at) as date)
),

final as (
    select
        weekly.week_start,
        weekly.contacted,
        weekly.delivered_messages,
        weekly.replied,
        weekly.interested,
        weekly.opted_out,
        weekly.hired,
        weekly.ats_hires,
        weekly.week_start + interval 7 day <= as_of.as_of as is_complete
    from weekly
    cross join as_of
)

select * from final
