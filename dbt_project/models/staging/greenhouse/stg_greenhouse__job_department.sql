with source as (
    select * from {{ source('intake', 'greenhouse__job_department') }}
),

final as (
    select
        job_id,
        department_id
    from source
    qualify {{ latest_drop_row(['job_id', 'department_id']) }}
)

select * from final
