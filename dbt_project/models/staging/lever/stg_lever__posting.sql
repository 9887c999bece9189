with source as (
    select * from {{ source('intake', 'lever__posting') }}
),

final as (
    select
        id as posting_id,
        owner_id,
        text as posting_title,
        coalesce(categories_department, categories_team) as department,
        categories_location as posting_location,
        state as posting_state,
        created_at,
        updated_at
    from source
    where {{ not_deleted() }}
)

select * from final
