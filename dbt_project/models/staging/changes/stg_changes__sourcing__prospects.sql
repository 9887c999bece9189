{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'sourcing__prospects') }}
),

final as (
    select
        prospect_id,
        candidate_id,
        role_id,
        sourced_at,
        sourced_by,
        channel,
        title_match,
        match_score,
        selection_reason,
        _change
    from source
)

select * from final
