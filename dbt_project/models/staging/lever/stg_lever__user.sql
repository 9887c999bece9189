with source as (
    select * from {{ source('intake', 'lever__user') }}
),

final as (
    select
        id as user_id,
        {{ normalize_email('email') }} as email_normalized
    from source
    where {{ not_deleted() }}
)

select * from final
