{#- Grain: one row per month of first contact. Volume against quality, the trend a team that
    writes to more people for the same hires shows: prospects contacted; interest rate (interested
    / contacted); delivered messages per interested person; share of contacted prospects targeted
    at the stretch tier (match score < 60) and share whose first touch was generic (not
    personalized). is_mature: the month ended at least 30 days (the interest window of contract
    §9.1) before the data's as-of time; later months are still collecting answers. -#}
with prospects as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_contacted = 1
),

as_of as (
    select * from {{ ref('int_data_as_of') }}
),

monthly as (
    select
        cast(date_trunc('month', contacted_at) as date) as cohort_month,
        count(*) as contacted,
        sum(is_interested) as interested,
        sum(delivered_messages) as delivered_messages,
        count(*) filter (where match_tier = 'stretch') as stretch_tier,
        count(*) filter (where first_touch_style = 'generic') as generic_first_touch
    from prospects
    group by cast(date_trunc('month', contacted_at) as date)
),

final as (
    select
        monthly.cohort_month,
        monthly.contacted,
        monthly.interested,
        monthly.delivered_messages,
        monthly.stretch_tier,
        monthly.generic_first_touch,
        {{ rate_columns('monthly.interested', 'monthly.contacted', 'interest') }},
        round({{ safe_ratio('monthly.delivered_messages', 'monthly.interested') }}, 2) as messages_per_interested,
        {{ rate_columns('monthly.stretch_tier', 'monthly.contacted', 'stretch_share') }},
        {{ rate_columns('monthly.generic_first_touch', 'monthly.contacted', 'generic_share') }},
        monthly.cohort_month + interval 1 month + interval 30 day <= as_of.as_of as is_mature,
        monthly.contacted < {{ small_sample_threshold() }} as is_small_sample
    from monthly
    cross join as_of
)

select * from final
