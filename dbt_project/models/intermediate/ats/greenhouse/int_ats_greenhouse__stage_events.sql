{#- Greenhouse onto the common ATS shape `stage_events`: one row per stage event of an application
    of int_ats_greenhouse__applications: each move into a job stage (application_history.new_stage_id)
    whose name the ATS mapping maps to a contract stage; `hired` when the application's status is hired
    (at its history's hired time); `rejected` or `withdrawn` when its status is rejected (at
    rejected_at), withdrawn when the rejection reason (or its type, e.g. "They rejected us") maps to
    withdrawn. Event ids: `<application>-1-<stage>-<time>` for steps, `<application>-2-end` for the
    end, so an end at the same time as a step counts as latest. -#}
with applications as (
    select * from {{ ref('int_ats_greenhouse__applications') }}
),

stages as (
    select *
    from {{ ref('int_ats_greenhouse__stages') }}
    where mapped_stage is not null and mapped_stage <> 'lead'
),

history as (
    select history.*
    from {{ ref('stg_greenhouse__application_history') }} as history
    inner join applications on applications.application_id = history.application_id
),

steps as (
    select
        history.application_id,
        stages.mapped_stage as stage,
        cast(null as string) as stage_reason,
        history.updated_at as entered_at,
        history.application_id || '-1-' || history.new_stage_id || '-' || cast(history.updated_at as string)
            as event_id
    from history
    inner join stages on stages.stage_id = history.new_stage_id
),

status_times as (
    select
        application_id,
        max(updated_at) filter (where new_status = 'hired') as hired_at,
        max(updated_at) filter (where new_status = 'rejected') as rejected_at
    from history
    group by application_id
),

reasons as (
    select
        rejection_reason_id as name_key,
        reason,
        lower(trim(reason)) as match_name,
        cast(null as string) as match_id
    from {{ ref('stg_greenhouse__rejection_reason') }}
),

reason_types as (
    select
        rejection_reason_id as name_key,
        lower(trim(reason_type)) as match_name,
        cast(null as string) as match_id
    from {{ ref('stg_greenhouse__rejection_reason') }}
),

by_reason as (
    {{ map_ats_names('reasons', 'greenhouse', 'rejection_reasons') }}
),

by_type as (
    {{ map_ats_names('reason_types', 'greenhouse', 'rejection_reason_types') }}
),

ends as (
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
    inner join applications on applications.application_id = gh.application_id
    left join status_times on status_times.application_id = gh.application_id
    left join by_reason on by_reason.name_key = gh.rejected_reason_id
    left join by_type on by_type.name_key = gh.rejected_reason_id
    where gh.application_status in ('hired', 'rejected')
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
