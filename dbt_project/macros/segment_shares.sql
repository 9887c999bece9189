{#- For prospects matching `condition`: per (segment_type, segment_value) and value of `part`,
    prospects, the segment's total (named `total_name`) and share = prospects / total with its
    95 % Wilson interval. Shared by agg_non_engagement and agg_decline_reasons. -#}
{% macro segment_shares(condition, part, part_name, total_name) %}
with segment_outcomes as (
    select * from {{ ref('rpt_segment_outcomes') }}
    where {{ condition }}
),

counts as (
    select
        segment_type,
        segment_value,
        {{ part }} as {{ part_name }},
        sum(prospects)::bigint as prospects
    from segment_outcomes
    group by all
),

final as (
    select
        segment_type,
        segment_value,
        {{ part_name }},
        prospects,
        sum(prospects) over (partition by segment_type, segment_value) as {{ total_name }},
        {{ rate_columns('prospects', 'sum(prospects) over (partition by segment_type, segment_value)', 'share') }}
    from counts
)

select * from final
{% endmacro %}
