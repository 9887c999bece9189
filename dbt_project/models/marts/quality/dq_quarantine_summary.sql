{#- Grain: one row per (table, source file, kind, reason). How many rows (or whole files) the
    intake rejected and why. Raw values are not carried here: they can hold personal data (and
    reasons never quote a value, contract §3). -#}
with quarantine as (
    select * from {{ ref('stg_audit__quarantine') }}
),

final as (
    select
        table_name,
        source_file,
        kind,
        reason,
        count(*) as quarantined_rows,
        min(row_number) as first_row_number,
        max(landed_at) as landed_at
    from quarantine
    group by all
)

select * from final
