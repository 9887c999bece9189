with source as (
    select * from {{ source('intake', 'lever__application') }}
),

final as (
    select
        id as lever_application_id,
        opportunity_id,
        posting_id,
        created_at
    from source
)

select * from final
