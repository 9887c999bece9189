{#- Grain: one row per folder or file of the landing folder that no table reads (a connector table
    the product does not know, a misspelt folder): never skipped silently. -#}
with unread as (
    select path from {{ source('audit', 'unread_landing_entries') }}
),

final as (
    select
        path,
        right(path, 1) = '/' as is_folder
    from unread
)

select * from final
