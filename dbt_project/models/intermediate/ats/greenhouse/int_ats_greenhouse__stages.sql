{#- Greenhouse onto the common ATS shape `stages` (contract/connector.py): one row per job stage,
    with the contract stage the ATS mapping gives its name (NULL when no entry matches). -#}
with job_stages as (
    select
        job_stage_id as name_key,
        stage_name,
        lower(trim(stage_name)) as match_name,
        cast(null as string) as match_id
    from {{ ref('stg_greenhouse__job_stage') }}
),

mapped as (
    {{ map_ats_names('job_stages', 'greenhouse', 'stages') }}
),

final as (
    select
        name_key as stage_id,
        stage_name,
        mapped_to as mapped_stage,
        mapped_by,
        mapped_in
    from mapped
)

select * from final
