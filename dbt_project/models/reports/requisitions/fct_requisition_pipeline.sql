{#- Grain: one row per ATS application in process (not hired, latest event not rejected or
    withdrawn) for an open, counted requisition: its current stage, how long it has sat in it, and
    stage ageing: in it longer than the stage_ageing_percentile-th percentile of the company's
    completed stays in that stage (a stay ends at the application's next event). The requisition triage (agg_requisition_health, the triage asset) counts the people
    in process from here; fct_requisition_people lists them by name. -#}
with applications as (
    select * from {{ ref('int_applications_summarized') }}
),

events as (
    select * from {{ ref('int_ats__stage_events') }}
),

roles as (
    select * from {{ ref('dim_roles') }}
    where is_open and is_counted
),

as_of as (
    select as_of from {{ ref('int_data_as_of') }}
),

stays as (
    select
        stage,
        {{ dbt.datediff('entered_at', 'left_at', 'second') }} / 86400e0 as days
    from (
        select
            stage,
            stage_progress,
            entered_at,
            lead(entered_at) over (partition by application_id order by entered_at, event_id) as left_at
        from events
    ) as ordered
    where
        stage_progress between {{ ats_progress_of('application_review') }} and {{ ats_progress_of('offer') }}
        and left_at is not null
),

usual_stays as (
    select
        stage,
        count(*) as completed_stays,
        percentile_cont({{ work_list_rule('stage_ageing_percentile') }} / 100e0) within group (order by days)
            as usual_days
    from stays
    group by stage
),

in_process as (
    select
        applications.application_id,
        applications.ats_candidate_id,
        applications.candidate_id,
        applications.role_id,
        coalesce(applications.latest_stage, 'application_review') as stage,
        coalesce(applications.latest_stage_at, applications.applied_at) as stage_entered_at,
        {{ dbt.datediff('coalesce(applications.latest_stage_at, applications.applied_at)', 'as_of.as_of', 'second') }}
        / 86400e0 as days_in_stage
    from applications
    cross join as_of
    where
        applications.hired_at is null
        and coalesce(applications.latest_stage, 'application_review') not in ('rejected', 'withdrawn', 'hired')
),

final as (
    select
        in_process.role_id,
        roles.role_title,
        roles.recruiter_id,
        roles.recruiter_name,
        in_process.application_id,
        in_process.ats_candidate_id,
        in_process.candidate_id,
        in_process.stage,
        {{ ats_stage_progress('in_process.stage') }} as stage_order,
        cast(in_process.stage_entered_at as date) as stage_entered_on,
        cast(floor(greatest(in_process.days_in_stage, 0)) as integer) as days_in_stage,
        {{ round_double('usual_stays.usual_days', 1) }} as usual_days_in_stage,
        coalesce(in_process.days_in_stage > usual_stays.usual_days, false) as is_ageing,
        case
            when in_process.days_in_stage > usual_stays.usual_days
                then printf(
                    'In %s for %d days; %d %% of stays there end within %d days',
                    replace(in_process.stage, '_', ' '),
                    cast(floor(in_process.days_in_stage) as integer),
                    {{ work_list_rule('stage_ageing_percentile') }},
                    cast(round(usual_stays.usual_days) as integer)
                )
        end as ageing_reason
    from in_process
    inner join roles on roles.role_id = in_process.role_id
    left join usual_stays on usual_stays.stage = in_process.stage
)

select * from final
