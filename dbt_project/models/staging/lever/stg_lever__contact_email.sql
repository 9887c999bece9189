with source as (
    select * from {{ source('intake', 'lever__contact_email') }}
),

final as (
    select
        contact_id,
        email,
        {{ normalize_email('email') }} as email_normalized
    from source
    qualify {{ latest_drop_row(['contact_id', 'lower(trim(email))']) }}
)

select * from final
