with source as (
    select * from {{ source('audit', 'reconciliation') }}
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
        balanced
    from source
)

select * from final
