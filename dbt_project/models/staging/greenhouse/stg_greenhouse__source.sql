with source as (
    select * from {{ source('intake', 'greenhouse__source') }}
),

final as (
    select
        id as source_id,
        name as source_name,
        source_type_name
    from source
    where {{ not_deleted() }}
)

select * from final
