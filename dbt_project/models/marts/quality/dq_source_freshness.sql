{#- Grain: one row per landing table: files and rows of its latest drop, when the latest drop
    landed (file modification time, UTC) and how many days before the newest drop of any table. -#}
with files as (
    select * from {{ ref('stg_audit__intake_files') }}
),

per_table as (
    select
        table_name,
        count(*) as files,
        count(*) filter (where status <> 'loaded') as files_with_problems,
        max(landed_at) as latest_landed_at,
        {{ arg_max('source_file', ['landed_at', 'source_file']) }} as latest_file,
        {{ arg_max('rows_read', ['landed_at', 'source_file']) }} as latest_file_rows
    from files
    group by table_name
),

final as (
    select
        *,
        {{ round_double(dbt.datediff('latest_landed_at', '(max(latest_landed_at) over ())', 'second') ~ ' / 86400e0', 2) }}
            as days_behind_newest_drop
    from per_table
)

select * from final
