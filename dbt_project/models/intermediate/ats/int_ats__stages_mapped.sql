{#- One row per connector stage (a Greenhouse job stage, a Lever pipeline stage): the contract
    stage it counts as, `lead` (Lever's lead stages: outreach recorded in the ATS), or NULL when no
    entry of the ATS mapping matches (reported in marts.dq_ats_stage_mapping). -#}
with greenhouse_stages as (
    select
        job_stage_id as name_key,
        stage_name,
        lower(trim(stage_name)) as match_name,
        cast(null as string) as match_id
    from {{ ref('stg_greenhouse__job_stage') }}
),

lever_stages as (
    select
        stage_id as name_key,
        stage_name,
        lower(trim(stage_name)) as match_name,
        lower(stage_id) as match_id
    from {{ ref('stg_lever__stage') }}
),

greenhouse_mapped as (
    {{ map_ats_names('greenhouse_stages', 'greenhouse', 'stages') }}
),

lever_mapped as (
    {{ map_ats_names('lever_stages', 'lever', 'stages') }}
),

final as (
    select
        'greenhouse' as source_system,
        name_key as stage_id,
        stage_name,
        mapped_to as mapped_stage,
        mapped_by,
        mapped_in
    from greenhouse_mapped
    union all
    select
        'lever' as source_system,
        name_key as stage_id,
        stage_name,
        mapped_to as mapped_stage,
        mapped_by,
        mapped_in
    from lever_mapped
)

select * from final
