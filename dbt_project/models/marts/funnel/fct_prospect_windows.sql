{#- One row per contacted prospect: whether it has had each conversion window (contract §9.1)
    and whether it converted within it, with the attributes pages filter and segment by. The one
    definition of a windowed rate: agg_windowed_rates, the diagnosis and the dashboards sum these
    columns. A view, because eligibility moves with data_as_of at every run while the prospects'
    own rows (fct_prospect_segments, incremental) do not (a table on Spark, which rebuilds
    everything at every run: macros/spark_exchange.sql). -#}
-- sqlfluff:exclude_rules:LT05,ST06,RF04,AM04,AL03,LT02
-- (LT02 too: sqlfluff misplaces the lines of a jinja loop whose items end in a templated comma)
{{ config(materialized=view_on_duckdb_table_on_spark()) }}

with prospects as (
    select * from {{ ref('fct_prospect_segments') }}
    where contacted_at is not null
),

as_of as (
    select as_of as data_as_of from {{ ref('int_data_as_of') }}
),

timed as (
    select
        prospects.*,
        as_of.data_as_of,
        {{ dbt.datediff('prospects.contacted_at', 'as_of.data_as_of', 'second') }} / 86400e0 as days_observed
    from prospects
    cross join as_of
),

final as (
    select
        prospect_id,
        candidate_id,
        role_id,
        department,
        seniority,
        recruiter_id,
        channel,
        first_outreach_channel,
        match_tier,
        title_match,
        profile_detail,
        rediscovery,
        first_sequence_id,
        first_template_id,
        first_touch_style,
        outcome,
        decline_reason,
        delivered_messages,
        touches_to_reply,
        sourced_at,
        contacted_at,
        replied_at,
        cast(date_trunc('month', contacted_at) as date) as cohort_month,
        data_as_of,
        days_observed,
        {%- for stage in ['replied', 'interested', 'hired'] %}
        ceil({{ dbt.datediff('contacted_at', stage ~ '_at', 'second') }} / 86400e0) as days_to_{{ stage }},
        {%- endfor %}
        {%- for days in window_lengths() %}
        case when {{ dbt.dateadd('day', days, 'contacted_at') }} <= data_as_of then 1 else 0 end
            as is_eligible_{{ days }}d,
        {%- endfor %}
        {%- for stage, days in rate_windows() %}
        case
            when {{ dbt.dateadd('day', days, 'contacted_at') }} <= data_as_of
                and {{ stage }}_at <= {{ dbt.dateadd('day', days, 'contacted_at') }} then 1
            else 0
        end as {{ stage }}_within_{{ days }}d{{ ',' if not loop.last }}
        {%- endfor %}
    from timed
)

select * from final
