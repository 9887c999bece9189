{#- One row per role (requisition) of every ATS shape: the contract's ats/roles, Greenhouse jobs
    and Lever postings (role_id = the job or posting id, which the sourcing exports name). A
    connector role's recruiter is the team recruiter whose e-mail is that of the job's Greenhouse
    recruiter (hiring team) or the posting's Lever owner; its seniority comes from its title
    through the ATS mapping. Openings: the contract's `openings`; a Greenhouse job's openings that are
    open or were filled (job_opening; one closed without a hire, e.g. cancelled, is not wanted any
    more); a Lever posting's requisitions' headcount_total (an evergreen requisition, headcount
    infinite: one more than it hired). A connector role without those rows is assumed to want one
    hire (openings_source says which). -#}
with contract_roles as (
    select * from {{ ref('stg_ats__roles') }}
),

recruiter_emails as (
    select
        recruiter_id,
        {{ normalize_email('recruiter_email') }} as email_normalized
    from {{ ref('stg_team__recruiters') }}
),

greenhouse_jobs as (
    select * from {{ ref('stg_greenhouse__job') }}
),

greenhouse_departments as (
    select
        job_department.job_id,
        department.department_name
    from {{ ref('stg_greenhouse__job_department') }} as job_department
    inner join {{ ref('stg_greenhouse__department') }} as department
        on department.department_id = job_department.department_id
    qualify row_number() over (partition by job_department.job_id order by department.department_name) = 1
),

greenhouse_recruiters as (
    select
        hiring_team.job_id,
        recruiter_emails.recruiter_id
    from {{ ref('stg_greenhouse__hiring_team') }} as hiring_team
    inner join {{ ref('stg_greenhouse__user_email') }} as user_email on user_email.user_id = hiring_team.user_id
    inner join recruiter_emails on recruiter_emails.email_normalized = user_email.email_normalized
    where hiring_team.hiring_role in ('recruiter', 'recruiters')
    qualify row_number() over (partition by hiring_team.job_id order by recruiter_emails.recruiter_id) = 1
),

greenhouse_titles as (
    select
        job_id as name_key,
        lower(trim(job_title)) as match_name,
        cast(null as string) as match_id
    from greenhouse_jobs
),

greenhouse_seniority as (
    {{ map_ats_names('greenhouse_titles', 'greenhouse', 'seniority') }}
),

greenhouse_openings as (
    select
        job_id,
        count(*) filter (where opening_status = 'open' or hired_application_id is not null) as openings
    from {{ ref('stg_greenhouse__job_opening') }}
    group by job_id
),

lever_postings as (
    select * from {{ ref('stg_lever__posting') }}
),

lever_recruiters as (
    select
        lever_postings.posting_id,
        recruiter_emails.recruiter_id
    from lever_postings
    inner join {{ ref('stg_lever__user') }} as users on users.user_id = lever_postings.owner_id
    inner join recruiter_emails on recruiter_emails.email_normalized = users.email_normalized
    qualify row_number() over (partition by lever_postings.posting_id order by recruiter_emails.recruiter_id) = 1
),

lever_headcounts as (
    select
        links.posting_id,
        sum(
            case
                when requisitions.is_headcount_infinite then coalesce(requisitions.headcount_hired, 0) + 1
                else requisitions.headcount_total
            end
        ) as openings
    from {{ ref('stg_lever__requisition_posting') }} as links
    inner join {{ ref('stg_lever__requisition') }} as requisitions
        on requisitions.requisition_id = links.requisition_id
    group by links.posting_id
),

lever_titles as (
    select
        posting_id as name_key,
        lower(trim(posting_title)) as match_name,
        cast(null as string) as match_id
    from lever_postings
),

lever_seniority as (
    {{ map_ats_names('lever_titles', 'lever', 'seniority') }}
),

final as (
    select
        role_id,
        'contract' as source_system,
        recruiter_id,
        role_title,
        department,
        role_location,
        seniority,
        openings,
        'ats_roles' as openings_source,
        opened_at,
        closed_at
    from contract_roles
    union all
    select
        jobs.job_id as role_id,
        'greenhouse' as source_system,
        recruiters.recruiter_id,
        jobs.job_title as role_title,
        departments.department_name as department,
        cast(null as string) as role_location,
        seniority.mapped_to as seniority,
        cast(coalesce(openings.openings, 1) as integer) as openings,
        case when openings.job_id is null then 'assumed_one' else 'greenhouse_job_opening' end as openings_source,
        cast(jobs.created_at as date) as opened_at,
        case when jobs.job_status = 'closed' then cast(jobs.closed_at as date) end as closed_at
    from greenhouse_jobs as jobs
    left join greenhouse_departments as departments on departments.job_id = jobs.job_id
    left join greenhouse_recruiters as recruiters on recruiters.job_id = jobs.job_id
    left join greenhouse_seniority as seniority on seniority.name_key = jobs.job_id
    left join greenhouse_openings as openings on openings.job_id = jobs.job_id
    union all
    select
        postings.posting_id as role_id,
        'lever' as source_system,
        recruiters.recruiter_id,
        postings.posting_title as role_title,
        postings.department,
        postings.posting_location as role_location,
        seniority.mapped_to as seniority,
        cast(coalesce(headcounts.openings, 1) as integer) as openings,
        case when headcounts.openings is null then 'assumed_one' else 'lever_requisition' end as openings_source,
        cast(postings.created_at as date) as opened_at,
        case when postings.posting_state = 'closed' then cast(postings.updated_at as date) end as closed_at
    from lever_postings as postings
    left join lever_recruiters as recruiters on recruiters.posting_id = postings.posting_id
    left join lever_seniority as seniority on seniority.name_key = postings.posting_id
    left join lever_headcounts as headcounts on headcounts.posting_id = postings.posting_id
)

select * from final
