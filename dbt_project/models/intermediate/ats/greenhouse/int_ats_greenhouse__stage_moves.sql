{#- Greenhouse onto the common ATS shape `stage_moves`: one row per move of an application into a
    job stage (application_history.new_stage_id), counted per stage name on the Data-quality page. -#}
with final as (
    select
        new_stage_id as stage_id,
        application_id
    from {{ ref('stg_greenhouse__application_history') }}
    where new_stage_id is not null
)

select * from final
