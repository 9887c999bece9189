{#- Grain: one row per (segment_type, segment_value, outcome). Among prospects who were written
    to and did not become interested, why not: no_response, declined, not_now, opted_out,
    referred_other, undeliverable. share = prospects / not_engaged of the segment. -#}
with segment_values as (
    select * from {{ ref('int_prospect_segment_values') }}
),

segments as (
    select * from {{ ref('fct_prospect_segments') }}
    where outcome in ('no_response', 'declined', 'not_now', 'opted_out', 'referred_other', 'undeliverable')
),

counts as (
    select
        segment_values.segment_type,
        segment_values.segment_value,
        segments.outcome,
        count(*) as prospects
    from segment_values
    inner join segments on segments.prospect_id = segment_values.prospect_id
    group by all
),

final as (
    select
        segment_type,
        segment_value,
        outcome,
        prospects,
        sum(prospects) over (partition by segment_type, segment_value) as not_engaged,
        {{ rate_columns('prospects', 'sum(prospects) over (partition by segment_type, segment_value)', 'share') }}
    from counts
)

select * from final
