with source as (
    select * from {{ source('intake', 'greenhouse__department') }}
),

final as (
    select
        id as department_id,
        name as department_name
    from source
    where {{ not_deleted() }}
)

select * from final
