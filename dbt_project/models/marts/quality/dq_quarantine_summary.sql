{#- Grain: one row per (table, source file, kind, reason). How many rows (or whole files) the
    intake rejected and why. Raw values are not carried here: they can hold personal data. -#}
with quarantine as (
    select * from {{ source('audit', 'quarantine') }}
),

final as (
    select
        table_name,
        source_file,
        kind,
        {{ regexp_replace_all('reason', "'''[^'']*'''", "'''…'''") }} as reason,
        count(*) as quarantined_rows,
        min(row_number) as first_row_number,
        max(landed_at) as landed_at
    from quarantine
    group by all
)

select * from final
