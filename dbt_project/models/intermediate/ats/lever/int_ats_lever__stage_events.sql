{#- Lever onto the common ATS shape `stage_events`: one row per stage event of an application of
    int_ats_lever__applications: each move into a stage the ATS mapping maps to a contract stage
    (lead stages are not application steps); the archive (archived_at) as hired, rejected or
    withdrawn by its archive reason ("Hired", "Withdrew", anything else rejected by default). Event
    ids: `<opportunity>-1-<stage>-<time>` for steps, `<opportunity>-2-end` for the end. -#}
with applications as (
    select * from {{ ref('int_ats_lever__applications') }}
),

stages as (
    select *
    from {{ ref('int_ats_lever__stages') }}
    where mapped_stage is not null and mapped_stage <> 'lead'
),

steps as (
    select
        history.opportunity_id as application_id,
        stages.mapped_stage as stage,
        cast(null as string) as stage_reason,
        history.updated_at as entered_at,
        history.opportunity_id || '-1-' || history.stage_id || '-' || cast(history.updated_at as string) as event_id
    from {{ ref('stg_lever__opportunity_stage_history') }} as history
    inner join applications on applications.application_id = history.opportunity_id
    inner join stages on stages.stage_id = history.stage_id
),

reasons as (
    select
        archive_reason_id as name_key,
        reason,
        lower(trim(reason)) as match_name,
        lower(archive_reason_id) as match_id
    from {{ ref('stg_lever__archive_reason') }}
),

reasons_mapped as (
    {{ map_ats_names('reasons', 'lever', 'archive_reasons') }}
),

ends as (
    select
        opportunities.opportunity_id as application_id,
        coalesce(reasons_mapped.mapped_to, 'rejected') as stage,
        reasons_mapped.reason as stage_reason,
        opportunities.archived_at as entered_at,
        opportunities.opportunity_id || '-2-end' as event_id
    from {{ ref('stg_lever__opportunity') }} as opportunities
    inner join applications on applications.application_id = opportunities.opportunity_id
    left join reasons_mapped on reasons_mapped.name_key = opportunities.archived_reason_id
    where opportunities.archived_at is not null
),

final as (
    select
        event_id,
        application_id,
        stage,
        stage_reason,
        entered_at
    from steps
    union all
    select
        event_id,
        application_id,
        stage,
        stage_reason,
        entered_at
    from ends
)

select * from final
