{#- Grain: one row per touch number (1 = first message, 6 = sixth or later). What each follow-up
    adds: replies that came after exactly this many delivered messages; added_rate = those /
    contacted; cumulative_rate = replies after at most this many touches / contacted; and
    conditional_rate = replies at this touch / prospects who got this touch without having
    replied before. -#}
with prospects as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_contacted = 1
),

touches as (
    select cast(touch as bigint) as touch
    from (values (1), (2), (3), (4), (5), (6)) as touches (touch)
),

counts as (
    select
        touches.touch,
        count(*) filter (where least(prospects.touches_to_reply, 6) = touches.touch
                         and prospects.touches_to_reply is not null) as replies,
        count(*) filter (where prospects.delivered_messages >= touches.touch
                         and coalesce(prospects.touches_to_reply, 99) >= touches.touch) as reached_without_reply,
        count(*) as contacted
    from touches
    cross join prospects
    group by touches.touch
),

final as (
    select
        touch,
        replies,
        contacted,
        reached_without_reply,
        sum(replies) over (order by touch) as cumulative_replies,
        {{ rate_columns('replies', 'contacted', 'added') }},
        {{ rate_columns('sum(replies) over (order by touch)', 'contacted', 'cumulative') }},
        {{ rate_columns('replies', 'reached_without_reply', 'conditional') }},
        reached_without_reply < {{ small_sample_threshold() }} as is_small_sample
    from counts
)

select * from final
