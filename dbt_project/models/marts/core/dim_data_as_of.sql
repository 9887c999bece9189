{#- One row: the data's own "now" (int_data_as_of, contract §9.1), published for the dashboards
    and other readers so that nobody recomputes it. -#}
with as_of as (
    select * from {{ ref('int_data_as_of') }}
),

final as (
    select as_of as data_as_of
    from as_of
)

select * from final
