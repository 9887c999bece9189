{#- Grain: one row per person on the reconnect pipeline whose status is `overdue` for at most
    reconnect_within_days days: their latest "not now" (any role) asked for contact after a date
    that passed at most that long ago, nobody has written to them since (any role) and they never
    opted out or declined (fct_reconnect_pipeline holds those rules; this list only words them).
    Listed under the role the "not now" was for. Expected value: the windowed hire rate (120 days)
    of that prospect's match tier; per role, highest first, then the longest overdue. -#}
with pipeline as (
    select * from {{ ref('fct_reconnect_pipeline') }}
    where reconnect_status = 'overdue' and -days_until_due <= {{ work_list_rule('reconnect_within_days') }}
),

funnel as (
    select prospect_id, match_tier from {{ ref('fct_prospect_funnel') }}
),

roles as (
    select * from {{ ref('dim_roles') }}
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
),

hire_rates as (
    {{ match_tier_rates('hired', 120) }}
),

final as (
    select
        'reconnect_due' as work_list,
        pipeline.candidate_id,
        pipeline.role_id,
        pipeline.prospect_id,
        candidates.full_name,
        pipeline.channel,
        printf(
            'Said not now on %s and asked to hear from us after %s; not contacted since',
            {{ format_timestamp('cast(pipeline.not_now_at as date)', '%Y-%m-%d') }},
            {{ format_timestamp('pipeline.reconnect_after', '%Y-%m-%d') }}
        ) as reason,
        case when not roles.needs_hires then 'This role needs no more hires: reconnect for a similar open role' end as evidence,
        pipeline.reconnect_after as since,
        -pipeline.days_until_due as days_since,
        coalesce(hire_rates.rate, 0) as expected_value,
        {{ expected_value_basis('Hires within 120 days', 'funnel.match_tier', 'hire_rates') }} as expected_value_basis,
        row_number() over (
            partition by pipeline.role_id
            order by coalesce(hire_rates.rate, 0) desc, pipeline.reconnect_after, pipeline.candidate_id
        ) as priority
    from pipeline
    left join funnel on funnel.prospect_id = pipeline.prospect_id
    left join hire_rates on hire_rates.match_tier = funnel.match_tier
    left join roles on roles.role_id = pipeline.role_id
    left join candidates on candidates.candidate_id = pipeline.candidate_id
)

select * from final
