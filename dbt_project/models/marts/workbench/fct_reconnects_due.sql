{#- Grain: one row per person on the reconnect pipeline whose status is `overdue`: their latest
    "not now" (any role) asked for contact after a date that has passed, nobody has written to them
    since (any role) and they never opted out or declined (fct_reconnect_pipeline holds those rules;
    this list only words them). Listed under the role the "not now" was for. Longest overdue first. -#}
with pipeline as (
    select * from {{ ref('fct_reconnect_pipeline') }}
    where reconnect_status = 'overdue'
),

roles as (
    select * from {{ ref('dim_roles') }}
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
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
        case when not roles.is_open then 'This role has closed: reconnect for a similar open role' end as evidence,
        pipeline.reconnect_after as since,
        -pipeline.days_until_due as days_since,
        row_number() over (
            partition by pipeline.role_id order by pipeline.reconnect_after, pipeline.candidate_id
        ) as priority
    from pipeline
    left join roles on roles.role_id = pipeline.role_id
    left join candidates on candidates.candidate_id = pipeline.candidate_id
)

select * from final
