{#- Grain: one row per comparison of rpt_diagnosis_comparisons. Both rates, their difference
    with a 95 % interval, the pooled two-proportion z test, and its p-value corrected for the
    number of comparisons tested (Bonferroni: p x m, capped at 1). A comparison is a finding when
    the corrected p-value is below 0.05 and the difference points the bad way. -#}
with comparisons as (
    select * from {{ ref('rpt_diagnosis_comparisons') }}
),

tested as (
    select
        *,
        x1::double / n1 as rate_subject,
        x2::double / n2 as rate_rest,
        {{ difference_half_width('x1', 'n1', 'x2', 'n2') }} as half_width,
        {{ two_proportion_z('x1', 'n1', 'x2', 'n2') }} as z
    from comparisons
),

final as (
    select
        explanation,
        dimension,
        scope,
        subject,
        subject_label,
        metric,
        bad_direction,
        x1,
        n1,
        x2,
        n2,
        round(rate_subject, 6) as rate_subject,
        round(rate_rest, 6) as rate_rest,
        round(rate_subject - rate_rest, 6) as difference,
        round(rate_subject - rate_rest - half_width, 6) as difference_ci_low,
        round(rate_subject - rate_rest + half_width, 6) as difference_ci_high,
        round(z, 4) as z,
        {{ two_sided_p('z') }} as p_value,
        count(*) over () as comparisons_tested,
        least(1.0, {{ two_sided_p('z') }} * count(*) over ()) as p_adjusted,
        coalesce(
            least(1.0, {{ two_sided_p('z') }} * count(*) over ()) < 0.05
            and ((bad_direction = 'lower' and z < 0) or (bad_direction = 'higher' and z > 0)),
            false
        ) as is_finding
    from tested
)

select * from final
