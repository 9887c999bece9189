{#- One row per stage event of an application in int_ats__applications, every ATS shape:
    - contract: ats/stage_events as exported;
    - Greenhouse: each move into a job stage (application_history.new_stage_id) whose name the
      ATS mapping maps to a contract stage; `hired` when the application's status is hired (at
      its history's hired time); `rejected` or `withdrawn` when its status is rejected (at
      rejected_at), withdrawn when the rejection reason (or its type, e.g. "They rejected us")
      maps to withdrawn;
    - Lever: each move into a stage the mapping maps to a contract stage (lead stages are not
      application steps); the archive (archived_at) as hired, rejected or withdrawn by its
      archive reason ("Hired", "Withdrew", anything else rejected by default).
    Events of stages no mapping entry matches are left out here and counted in
    marts.dq_ats_stage_mapping. Connector event ids: `<application>-1-<stage>-<time>` for steps,
    `<application>-2-end` for the end, so an end at the same time as a step counts as latest. -#}
with contract_events as (
    select * from {{ ref('stg_ats__stage_events') }}
),

applications as (
    select * from {{ ref('int_ats__applications') }}
),

stages as (
    select *
    from {{ ref('int_ats__stages_mapped') }}
    where mapped_stage is not null and mapped_stage <> 'lead'
),

greenhouse_history as (
    select history.*
    from {{ ref('stg_greenhouse__application_history') }} as history
    inner join applications
        on applications.source_system = 'greenhouse' and applications.application_id = history.application_id
),

greenhouse_steps as (
    select
        history.application_id,
        stages.mapped_stage as stage,
        cast(null as string) as stage_reason,
        history.updated_at as entered_at,
        history.application_id || '-1-' || history.new_stage_id || '-' || cast(history.updated_at as string)
            as event_id
    from greenhouse_history as history
    inner join stages on stages.source_system = 'greenhouse' and stages.stage_id = history.new_stage_id
),

greenhouse_status_times as (
    select
        application_id,
        max(updated_at) filter (where new_status = 'hired') as hired_at,
        max(updated_at) filter (where new_status = 'rejected') as rejected_at
    from greenhouse_history
    group by application_id
),

greenhouse_reasons as (
    select
        rejection_reason_id as name_key,
        reason,
        lower(trim(reason)) as match_name,
        cast(null as string) as match_id
    from {{ ref('stg_greenhouse__rejection_reason') }}
),

greenhouse_reason_types as (
    select
        rejection_reason_id as name_key,
        lower(trim(reason_type)) as match_name,
        cast(null as string) as match_id
    from {{ ref('stg_greenhouse__rejection_reason') }}
),

greenhouse_by_reason as (
    {{ map_ats_names('greenhouse_reasons', 'greenhouse', 'rejection_reasons') }}
),

greenhouse_by_type as (
    {{ map_ats_names('greenhouse_reason_types', 'greenhouse', 'rejection_reason_types') }}
),

greenhouse_ends as (
    select
        gh.application_id,
        case
            when gh.application_status = 'hired' then 'hired'
            else coalesce(by_reason.mapped_to, by_type.mapped_to, 'rejected')
        end as stage,
        case when gh.application_status = 'rejected' then by_reason.reason end as stage_reason,
        case
            when gh.application_status = 'hired'
                then coalesce(status_times.hired_at, gh.last_activity_at, applications.applied_at)
            else coalesce(gh.rejected_at, status_times.rejected_at, gh.last_activity_at, applications.applied_at)
        end as entered_at,
        gh.application_id || '-2-end' as event_id
    from {{ ref('stg_greenhouse__application') }} as gh
    inner join applications
        on applications.source_system = 'greenhouse' and applications.application_id = gh.application_id
    left join greenhouse_status_times as status_times on status_times.application_id = gh.application_id
    left join greenhouse_by_reason as by_reason on by_reason.name_key = gh.rejected_reason_id
    left join greenhouse_by_type as by_type on by_type.name_key = gh.rejected_reason_id
    where gh.application_status in ('hired', 'rejected')
),

lever_steps as (
    select
        history.opportunity_id as application_id,
        stages.mapped_stage as stage,
        cast(null as string) as stage_reason,
        history.updated_at as entered_at,
        history.opportunity_id || '-1-' || history.stage_id || '-' || cast(history.updated_at as string) as event_id
    from {{ ref('stg_lever__opportunity_stage_history') }} as history
    inner join applications
        on applications.source_system = 'lever' and applications.application_id = history.opportunity_id
    inner join stages on stages.source_system = 'lever' and stages.stage_id = history.stage_id
),

lever_reasons as (
    select
        archive_reason_id as name_key,
        reason,
        lower(trim(reason)) as match_name,
        lower(archive_reason_id) as match_id
    from {{ ref('stg_lever__archive_reason') }}
),

lever_reasons_mapped as (
    {{ map_ats_names('lever_reasons', 'lever', 'archive_reasons') }}
),

lever_ends as (
    select
        opportunities.opportunity_id as application_id,
        coalesce(reasons.mapped_to, 'rejected') as stage,
        reasons.reason as stage_reason,
        opportunities.archived_at as entered_at,
        opportunities.opportunity_id || '-2-end' as event_id
    from {{ ref('stg_lever__opportunity') }} as opportunities
    inner join applications
        on applications.source_system = 'lever' and applications.application_id = opportunities.opportunity_id
    left join lever_reasons_mapped as reasons on reasons.name_key = opportunities.archived_reason_id
    where opportunities.archived_at is not null
),

connector_events as (
    select 'greenhouse' as source_system, * from greenhouse_steps
    union all
    select 'greenhouse' as source_system, * from greenhouse_ends
    union all
    select 'lever' as source_system, * from lever_steps
    union all
    select 'lever' as source_system, * from lever_ends
),

final as (
    select
        event_id,
        'contract' as source_system,
        application_id,
        stage,
        stage_progress,
        stage_reason,
        entered_at
    from contract_events
    union all
    select
        event_id,
        source_system,
        application_id,
        stage,
        {{ ats_stage_progress('stage') }} as stage_progress,
        stage_reason,
        entered_at
    from connector_events
)

select * from final
