{#- Grain: one row per (segment_type, segment_value, furthest_stage). Along the funnel, who
    ended it: the candidate ("they turned us down": declined, not_now, opted_out, withdrew) or
    the company ("we turned them down": rejected), out of the prospects whose furthest stage it is. -#}
with segment_values as (
    select * from {{ ref('int_prospect_segment_values') }}
),

segments as (
    select * from {{ ref('fct_prospect_segments') }}
),

funnel as (
    select prospect_id, furthest_stage from {{ ref('fct_prospect_funnel') }}
),

counts as (
    select
        segment_values.segment_type,
        segment_values.segment_value,
        funnel.furthest_stage,
        count(*) as prospects,
        count(*) filter (where segments.outcome in ('declined', 'not_now', 'opted_out', 'withdrew'))
            as turned_down_by_candidate,
        count(*) filter (where segments.outcome = 'rejected') as turned_down_by_company
    from segment_values
    inner join segments on segments.prospect_id = segment_values.prospect_id
    inner join funnel on funnel.prospect_id = segment_values.prospect_id
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
