{#- Grain: one row per landing table: rows read = staged + quarantined + superseded, from the
    intake's reconciliation, with files read and unreadable. -#}
with reconciliation as (
    select * from {{ ref('stg_audit__reconciliation') }}
),

final as (
    select
        table_name,
        files_read,
        files_unreadable,
        rows_read,
        rows_staged,
        rows_quarantined,
        rows_superseded,
        rows_read - rows_staged - rows_quarantined - rows_superseded as rows_unaccounted,
        balanced
    from reconciliation
)

select * from final
