with source as (
    select * from {{ source('intake', 'greenhouse__rejection_reason') }}
),

final as (
    select
        id as rejection_reason_id,
        reason,
        rejection_reason_type_name as reason_type
    from source
    where {{ not_deleted() }}
)

select * from final
