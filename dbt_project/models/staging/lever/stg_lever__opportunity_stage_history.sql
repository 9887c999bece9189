with source as (
    select * from {{ source('intake', 'lever__opportunity_stage_history') }}
),

final as (
    select
        opportunity_id,
        stage_id,
        updated_at
    from source
    qualify {{ latest_drop_row(['opportunity_id', 'stage_id', 'updated_at']) }}
)

select * from final
