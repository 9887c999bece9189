with source as (
    select * from {{ source('intake', 'greenhouse__user_email') }}
),

final as (
    select
        user_id,
        {{ normalize_email('email') }} as email_normalized
    from source
    qualify {{ latest_drop_row(['user_id', 'lower(email)']) }}
)

select * from final
