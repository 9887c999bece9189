{#- Lever onto the common ATS shape `stages`: one row per pipeline stage, with the contract stage the
    ATS mapping gives its name or id: `lead` for Lever's lead stages (outreach recorded in the ATS),
    NULL when no entry matches. -#}
with stages as (
    select
        stage_id as name_key,
        stage_name,
        lower(trim(stage_name)) as match_name,
        lower(stage_id) as match_id
    from {{ ref('stg_lever__stage') }}
),

mapped as (
    {{ map_ats_names('stages', 'lever', 'stages') }}
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
