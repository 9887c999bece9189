{#- Grain: one row per (segment_type, segment_value, decline_reason). Prospects whose outcome is
    `declined`, by the reason they gave; share = declined with this reason / declined. -#}
with segment_values as (
    select * from {{ ref('int_prospect_segment_values') }}
),

segments as (
    select * from {{ ref('fct_prospect_segments') }}
    where outcome = 'declined'
),

counts as (
    select
        segment_values.segment_type,
        segment_values.segment_value,
        coalesce(segments.decline_reason, 'unspecified') as decline_reason,
        count(*) as prospects
    from segment_values
    inner join segments on segments.prospect_id = segment_values.prospect_id
    group by all
),

final as (
    select
        segment_type,
        segment_value,
        decline_reason,
        prospects,
        sum(prospects) over (partition by segment_type, segment_value) as declined,
        {{ rate_columns('prospects', 'sum(prospects) over (partition by segment_type, segment_value)', 'share') }}
    from counts
)

select * from final
