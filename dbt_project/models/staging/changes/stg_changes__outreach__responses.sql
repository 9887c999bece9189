{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'outreach__responses') }}
),

final as (
    select
        response_id,
        prospect_id,
        message_id,
        responded_at,
        response_type,
        decline_reason,
        reconnect_after,
        _change
    from source
)

select * from final
