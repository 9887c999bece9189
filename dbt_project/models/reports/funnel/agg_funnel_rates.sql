{#- Grain: one row per (segment_type, segment_value, metric). Every funnel rate the product
    shows, long: each stage over the previous stage (step conversion) and each stage after
    contact over contacted, with numerator, denominator, 95 % Wilson interval and a small-sample
    flag (denominator under 30). `metric` names the ratio, e.g. 'replied / contacted'. -#}
with counts as (
    select * from {{ ref('agg_funnel_by_segment') }}
),

stages as (
    select * from {{ ref('funnel_stages') }}
),

stage_counts as (
    select segment_type, segment_value, stage, prospects
    from counts
    unpivot (prospects for stage in (sourced, contacted, replied, interested, screened, interviewed, offered, hired))
),

ordered as (
    select stage_counts.*, stages.stage_order
    from stage_counts
    inner join stages on stages.stage = stage_counts.stage
),

pairs as (
    select
        numerators.segment_type,
        numerators.segment_value,
        case when denominators.stage_order = numerators.stage_order - 1 then 'step' else 'from_contacted' end
            as rate_kind,
        numerators.stage as numerator_stage,
        denominators.stage as denominator_stage,
        numerators.stage_order,
        numerators.prospects as numerator,
        denominators.prospects as denominator
    from ordered as numerators
    inner join ordered as denominators
        on denominators.segment_type = numerators.segment_type
        and denominators.segment_value = numerators.segment_value
        and (
            denominators.stage_order = numerators.stage_order - 1
            or (denominators.stage = 'contacted' and numerators.stage_order > 3)
        )
),

final as (
    select
        segment_type,
        segment_value,
        numerator_stage || ' / ' || denominator_stage as metric,
        rate_kind,
        numerator_stage,
        denominator_stage,
        stage_order,
        numerator,
        denominator,
        {{ rate_columns('numerator', 'denominator') }},
        denominator < {{ small_sample_threshold() }} as is_small_sample
    from pairs
)

select * from final
