with source as (
    select * from {{ source('audit', 'unread_landing_entries') }}
),

final as (
    select path
    from source
)

select * from final
