{#- One row per ATS candidate: which identity rule linked it to a CRM candidate, or why none
    did (contract §4). No personal data: ids and the linking outcome only. -#}
with links as (
    select * from {{ ref('int_ats_candidates_linked') }}
),

applications as (
    select
        ats_candidate_id,
        count(*) as applications
    from {{ ref('int_ats__applications') }}
    group by ats_candidate_id
),

final as (
    select
        links.ats_candidate_id,
        links.source_system,
        links.candidate_id,
        links.link_status,
        links.link_rule,
        links.unlinked_reason,
        coalesce(applications.applications, 0) as applications
    from links
    left join applications on applications.ats_candidate_id = links.ats_candidate_id
)

select * from final
