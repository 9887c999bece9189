{#- Grain: one row per (dimension, scope, subject, role_id, match_tier, first_touch_style, metric,
    window_days): the diagnosis' count tables, fct_diagnosis_observations summed over every
    prospect. The `diagnosis` Dagster asset tests them with the `insights` package and writes
    fct_diagnosis_findings; the dashboards sum the same observations under their filters. -#}
with observations as (
    select * from {{ ref('fct_diagnosis_observations') }}
),

final as (
    select
        dimension,
        scope,
        subject,
        role_id,
        match_tier,
        first_touch_style,
        metric,
        window_days,
        cast(sum(eligible) as bigint) as eligible,
        cast(sum(converted) as bigint) as converted
    from observations
    group by dimension, scope, subject, role_id, match_tier, first_touch_style, metric, window_days
)

select * from final
