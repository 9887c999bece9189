with source as (
    select * from {{ source('intake', 'lever__archive_reason') }}
),

final as (
    select
        id as archive_reason_id,
        text as reason
    from source
    where {{ not_deleted() }}
)

select * from final
