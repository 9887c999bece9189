with source as (
    select * from {{ source('intake', 'greenhouse__candidate') }}
),

final as (
    select
        id as candidate_id,
        crm_candidate_id,
        nullif(trim(concat_ws(' ', first_name, last_name)), '') as full_name,
        created_at
    from source
    where {{ not_deleted() }}
)

select * from final
