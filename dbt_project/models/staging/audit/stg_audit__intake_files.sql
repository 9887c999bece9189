with source as (
    select * from {{ source('audit', 'intake_files') }}
),

final as (
    select
        table_name,
        source_file,
        drop_seq,
        file_format,
        status,
        rows_read,
        missing_columns,
        error,
        landed_at,
        file_bytes
    from source
)

select * from final
