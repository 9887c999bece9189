{#- Grain: one row per (segment_type, segment_value, furthest_stage). Along the funnel, who
    ended it: the candidate ("they turned us down": declined, not_now, opted_out, withdrew) or
    the company ("we turned them down": rejected), out of the prospects whose furthest stage it is. -#}
with segment_outcomes as (
    select * from {{ ref('rpt_segment_outcomes') }}
),

counts as (
    select
        segment_type,
        segment_value,
        furthest_stage,
        sum(prospects)::bigint as prospects,
        coalesce(sum(prospects) filter (where outcome in ('declined', 'not_now', 'opted_out', 'withdrew')), 0)::bigint
            as turned_down_by_candidate,
        coalesce(sum(prospects) filter (where outcome = 'rejected'), 0)::bigint as turned_down_by_company
    from segment_outcomes
    group by all
),

final as (
    select
        *,
        {{ rate_columns('turned_down_by_candidate', 'prospects', 'candidate') }},
        {{ rate_columns('turned_down_by_company', 'prospects', 'company') }}
    from counts
)

select * from final
