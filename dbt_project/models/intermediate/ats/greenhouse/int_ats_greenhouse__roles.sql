{#- Greenhouse onto the common ATS shape `roles`: one row per job (role_id = the job id, which the
    sourcing exports name). Its recruiter is the team recruiter whose e-mail is that of the job's
    hiring-team recruiter; its seniority comes from its title through the ATS mapping; its openings
    are its job openings that are open or were filled (one closed without a hire, e.g. cancelled, is
    not wanted any more), 1 when it has no job_opening rows (openings_source says which). -#}
with jobs as (
    select * from {{ ref('stg_greenhouse__job') }}
),

recruiter_emails as (
    select
        recruiter_id,
        {{ normalize_email('recruiter_email') }} as email_normalized
    from {{ ref('stg_team__recruiters') }}
),

departments as (
    select
        job_department.job_id,
        department.department_name
    from {{ ref('stg_greenhouse__job_department') }} as job_department
    inner join {{ ref('stg_greenhouse__department') }} as department
        on department.department_id = job_department.department_id
    qualify row_number() over (partition by job_department.job_id order by department.department_name) = 1
),

recruiters as (
    select
        hiring_team.job_id,
        recruiter_emails.recruiter_id
    from {{ ref('stg_greenhouse__hiring_team') }} as hiring_team
    inner join {{ ref('stg_greenhouse__user_email') }} as user_email on user_email.user_id = hiring_team.user_id
    inner join recruiter_emails on recruiter_emails.email_normalized = user_email.email_normalized
    where hiring_team.hiring_role in ('recruiter', 'recruiters')
    qualify row_number() over (partition by hiring_team.job_id order by recruiter_emails.recruiter_id) = 1
),

titles as (
    select
        job_id as name_key,
        lower(trim(job_title)) as match_name,
        cast(null as string) as match_id
    from jobs
),

seniority as (
    {{ map_ats_names('titles', 'greenhouse', 'seniority') }}
),

openings as (
    select
        job_id,
        count(*) filter (where opening_status = 'open' or hired_application_id is not null) as openings
    from {{ ref('stg_greenhouse__job_opening') }}
    group by job_id
),

final as (
    select
        jobs.job_id as role_id,
        recruiters.recruiter_id,
        jobs.job_title as role_title,
        departments.department_name as department,
        cast(null as string) as role_location,
        seniority.mapped_to as seniority,
        cast(coalesce(openings.openings, 1) as integer) as openings,
        case when openings.job_id is null then 'assumed_one' else 'greenhouse_job_opening' end as openings_source,
        cast(jobs.created_at as date) as opened_at,
        case when jobs.job_status = 'closed' then cast(jobs.closed_at as date) end as closed_at
    from jobs
    left join departments on departments.job_id = jobs.job_id
    left join recruiters on recruiters.job_id = jobs.job_id
    left join seniority on seniority.name_key = jobs.job_id
    left join openings on openings.job_id = jobs.job_id
)

select * from final
