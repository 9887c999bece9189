with source as (
    select * from {{ source('intake', 'greenhouse__application_history') }}
),

final as (
    select
        application_id,
        new_stage_id,
        new_status,
        updated_at
    from source
    qualify {{ latest_drop_row(['application_id', 'updated_at', "coalesce(new_stage_id, '')", "coalesce(new_status, '')"]) }}
)

select * from final
