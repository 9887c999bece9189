with source as (
    select * from {{ source('intake', 'lever__stage') }}
),

final as (
    select
        id as stage_id,
        text as stage_name
    from source
    where {{ not_deleted() }}
)

select * from final
