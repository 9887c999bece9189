{#- Lever onto the common ATS shape `applications`: one row per opportunity with a posting (not
    deleted) that left the lead stages: applied_at is when it first entered a stage that is not a
    lead stage (its application's creation when the history has none); an opportunity still in, or
    archived from, the lead stages is outreach, not an application. Application id = the
    opportunity id, candidate = its contact; source from the origin through the ATS mapping. -#}
with stages as (
    select
        stage_id,
        coalesce(mapped_stage, '') = 'lead' as is_lead
    from {{ ref('int_ats_lever__stages') }}
),

first_steps as (
    select
        history.opportunity_id,
        min(history.updated_at) as first_step_at
    from {{ ref('stg_lever__opportunity_stage_history') }} as history
    left join stages on stages.stage_id = history.stage_id
    where not coalesce(stages.is_lead, false)
    group by history.opportunity_id
),

postings as (
    select
        lever_applications.opportunity_id,
        lever_applications.posting_id,
        lever_applications.created_at
    from {{ ref('stg_lever__application') }} as lever_applications
    inner join {{ ref('stg_lever__posting') }} as postings on postings.posting_id = lever_applications.posting_id
    qualify row_number() over (
        partition by lever_applications.opportunity_id
        order by lever_applications.created_at, lever_applications.lever_application_id
    ) = 1
),

opportunities as (
    select
        opportunities.opportunity_id,
        opportunities.contact_id,
        postings.posting_id,
        coalesce(
            first_steps.first_step_at,
            case
                when not coalesce(current_stage.is_lead, false)
                    then coalesce(postings.created_at, opportunities.created_at)
            end
        ) as applied_at,
        lower(trim(opportunities.origin)) as match_name,
        cast(null as string) as match_id,
        opportunities.opportunity_id as name_key
    from {{ ref('stg_lever__opportunity') }} as opportunities
    inner join postings on postings.opportunity_id = opportunities.opportunity_id
    left join first_steps on first_steps.opportunity_id = opportunities.opportunity_id
    left join stages as current_stage on current_stage.stage_id = opportunities.stage_id
),

origins_mapped as (
    {{ map_ats_names('opportunities', 'lever', 'origins') }}
),

final as (
    select
        opportunity_id as application_id,
        contact_id as ats_candidate_id,
        posting_id as role_id,
        coalesce(mapped_to, 'applied') as application_source,
        applied_at
    from origins_mapped
    where applied_at is not null
)

select * from final
