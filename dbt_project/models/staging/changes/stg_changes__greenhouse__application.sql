{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__application') }}
),

final as (
    select
        id,
        candidate_id,
        applied_at,
        prospect,
        status,
        source_id,
        rejected_at,
        rejected_reason_id,
        last_activity_at,
        is_deleted,
        _fivetran_deleted,
        _change
    from source
)

select * from final
