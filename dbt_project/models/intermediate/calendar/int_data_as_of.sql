{#- One row: the latest moment the data describes (the newest funnel timestamp). Maturity,
    due dates and trends are measured against it, not against the wall clock, so a rebuild of
    old data gives the same answers. -#}
with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
),

final as (
    select
        greatest(
            max(sourced_at), max(contacted_at), max(replied_at), max(interested_at),
            max(screened_at), max(interviewed_at), max(offered_at), max(hired_at)
        ) as as_of
    from funnel
)

select * from final
