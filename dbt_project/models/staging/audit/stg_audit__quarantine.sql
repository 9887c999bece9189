{#- The intake's rejected rows and files, without their raw values: those can hold personal data
    and no model needs them (the Data-quality page shows reasons, which never quote a value). -#}
with source as (
    select * from {{ source('audit', 'quarantine') }}
),

final as (
    select
        table_name,
        kind,
        source_file,
        row_number,
        reason,
        landed_at
    from source
)

select * from final
