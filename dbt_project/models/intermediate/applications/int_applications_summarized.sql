{#- Per ATS application: its linked CRM candidate, when it reached each funnel stage (a later
    stage implies the earlier ones, so a skipped stage takes the next one's time), how far it
    got and its latest event (ties: greatest event_id). -#}
with applications as (
    select * from {{ ref('int_ats__applications') }}
),

links as (
    select * from {{ ref('int_ats_candidates_linked') }}
),

events as (
    select * from {{ ref('int_ats__stage_events') }}
),

stage_times as (
    select
        application_id,
        max(stage_progress) as furthest_progress,
        min(entered_at) filter (where stage_progress >= {{ ats_progress_of('recruiter_screen') }}) as screened_at,
        min(entered_at) filter (where stage_progress >= {{ ats_progress_of('interview') }}) as interviewed_at,
        min(entered_at) filter (where stage_progress >= {{ ats_progress_of('final_interview') }}) as final_interview_at,
        min(entered_at) filter (where stage_progress >= {{ ats_progress_of('offer') }}) as offered_at,
        min(entered_at) filter (where stage_progress >= {{ ats_progress_of('hired') }}) as hired_at
    from events
    group by application_id
),

latest_event as (
    select
        application_id,
        stage as latest_stage,
        stage_reason as latest_stage_reason,
        entered_at as latest_stage_at
    from events
    qualify row_number() over (partition by application_id order by entered_at desc, event_id desc) = 1
),

final as (
    select
        applications.application_id,
        applications.ats_candidate_id,
        links.candidate_id,
        applications.role_id,
        applications.application_source,
        coalesce(stage_times.furthest_progress, 0) as furthest_progress,
        latest_event.latest_stage,
        latest_event.latest_stage_reason,
        applications.applied_at,
        stage_times.screened_at,
        stage_times.interviewed_at,
        stage_times.final_interview_at,
        stage_times.offered_at,
        stage_times.hired_at,
        latest_event.latest_stage_at
    from applications
    left join links on links.ats_candidate_id = applications.ats_candidate_id
    left join stage_times on stage_times.application_id = applications.application_id
    left join latest_event on latest_event.application_id = applications.application_id
)

select * from final
