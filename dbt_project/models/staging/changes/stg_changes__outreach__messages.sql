{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'outreach__messages') }}
),

final as (
    select
        message_id,
        prospect_id,
        sequence_id,
        template_id,
        step,
        channel,
        sent_at,
        status,
        personalized,
        _change
    from source
)

select * from final
