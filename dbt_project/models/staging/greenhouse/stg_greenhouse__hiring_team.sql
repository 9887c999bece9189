with source as (
    select * from {{ source('intake', 'greenhouse__hiring_team') }}
),

final as (
    select
        job_id,
        user_id,
        lower(role) as hiring_role
    from source
    qualify {{ latest_drop_row(['job_id', 'user_id', 'lower(role)']) }}
)

select * from final
