{#- Grain: one row per (segment_type, segment_value, furthest_stage). Along the funnel, who
    ended it: the candidate ("they turned us down": declined, not_now, opted_out, withdrew) or
    the company ("we turned them down": rejected), out of the prospects whose furthest stage it is. -#}
with segment_values as (
    select * from {{ ref('int_prospect_segment_values') }}
),

counts as (
    select
        segment_type,
        segment_value,
        furthest_stage,
        count(*) as prospects,
        count(*) filter (where outcome in ('declined', 'not_now', 'opted_out', 'withdrew'))
            as turned_down_by_candidate,
        count(*) filter (where outcome = 'rejected') as turned_down_by_company
    from segment_values
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
