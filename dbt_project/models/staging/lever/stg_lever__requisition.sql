with source as (
    select * from {{ source('intake', 'lever__requisition') }}
),

final as (
    select
        id as requisition_id,
        requisition_code,
        name as requisition_name,
        lower(trim(status)) as requisition_status,
        headcount_total,
        headcount_hired,
        coalesce(headcount_infinite, false) as is_headcount_infinite,
        owner_id as owner_user_id,
        hiring_manager_id as hiring_manager_user_id,
        created_at
    from source
    where {{ not_deleted() }}
)

select * from final
