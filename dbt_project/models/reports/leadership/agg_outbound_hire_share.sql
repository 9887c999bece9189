{#- Grain: one row per month of hire. Every ATS hire (all sources: applied, referred, agency,
    sourced ...) against the hires outbound brought (prospects hired, contract §6: a linked
    application after first contact), and outbound's share of them with its 95 % interval. -#}
with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
    where hired_at is not null
),

applications as (
    select * from {{ ref('int_applications_summarized') }}
    where hired_at is not null
),

ats as (
    select
        cast(date_trunc('month', hired_at) as date) as hire_month,
        count(*) as ats_hires
    from applications
    group by cast(date_trunc('month', hired_at) as date)
),

outbound as (
    select
        cast(date_trunc('month', hired_at) as date) as hire_month,
        count(*) as outbound_hires
    from funnel
    group by cast(date_trunc('month', hired_at) as date)
),

final as (
    select
        ats.hire_month,
        ats.ats_hires,
        coalesce(outbound.outbound_hires, 0) as outbound_hires,
        {{ rate_columns('coalesce(outbound.outbound_hires, 0)', 'ats.ats_hires', 'outbound') }},
        ats.ats_hires < {{ small_sample_threshold() }} as is_small_sample
    from ats
    left join outbound on outbound.hire_month = ats.hire_month
)

select * from final
