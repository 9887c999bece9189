{#- Grain: one row per touch (1 = first message, 6 = sixth or later). What each follow-up adds and
    what it costs, among the people it reaches: still_silent = prospects who got this touch without
    having replied before it; replied = of them, those whose first reply came after this touch
    (reply_rate = replied / still_silent); opted_out = those whose reply after this touch was an
    opt-out that ended it (outcome opted_out; opt_out_rate = opted_out / still_silent). Only
    prospects first contacted at least 30 days before the data's as-of time (the reply window of
    contract §9.1), so recent touches have had time to be answered. The Outreach page's follow-up
    chart and the Overview read this mart. -#}
{%- set window_days = 30 %}

with prospects as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_contacted = 1
),

as_of as (
    select * from {{ ref('int_data_as_of') }}
),

eligible as (
    select prospects.*
    from prospects
    cross join as_of
    where prospects.contacted_at + interval {{ window_days }} day <= as_of.as_of
),

touches as (
    select * from (values (1), (2), (3), (4), (5), (6)) as touches (touch)
),

counts as (
    select
        touches.touch,
        count(*) filter (
            where eligible.delivered_messages >= touches.touch
              and coalesce(eligible.touches_to_reply, 99) >= touches.touch
        ) as still_silent,
        count(*) filter (
            where eligible.touches_to_reply is not null and least(eligible.touches_to_reply, 6) = touches.touch
        ) as replied,
        count(*) filter (
            where eligible.touches_to_reply is not null and least(eligible.touches_to_reply, 6) = touches.touch
              and eligible.outcome = 'opted_out'
        ) as opted_out
    from touches
    cross join eligible
    group by touches.touch
),

final as (
    select
        touch,
        {{ window_days }} as window_days,
        still_silent,
        replied,
        opted_out,
        {{ rate_columns('replied', 'still_silent', 'reply') }},
        {{ rate_columns('opted_out', 'still_silent', 'opt_out') }},
        still_silent < {{ small_sample_threshold() }} as is_small_sample
    from counts
)

select * from final
