{#- Lever onto the common ATS shape `stage_moves`: one row per move of an opportunity into a stage
    (opportunity_stage_history), counted per stage name on the Data-quality page. -#}
with final as (
    select
        stage_id,
        opportunity_id as application_id
    from {{ ref('stg_lever__opportunity_stage_history') }}
)

select * from final
