{#- Greenhouse onto the common ATS shape `candidates`: one row per candidate that is not deleted. -#}
with final as (
    select
        candidate_id as ats_candidate_id,
        crm_candidate_id,
        full_name
    from {{ ref('stg_greenhouse__candidate') }}
)

select * from final
