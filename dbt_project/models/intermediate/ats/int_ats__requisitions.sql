{#- Grain: one row per role (requisition). Its openings against its ATS hires (every source), and
    whether the requisition can be counted. A requisition is left out of every count (requisition
    triage, work lists) and listed on the Data-quality page (dq_requisitions) when it is
      duplicate   it repeats another requisition's title, department, seniority, location,
                  recruiter, opening date and openings (the one with the most prospects and
                  applications is kept, then the smallest id);
      malformed   it closes before it opens, opens after the data's as-of date, or has no opening
                  left to fill or filled (every opening cancelled).
    Hires are int_ats__hires'; filled_at: when the hire that filled the last opening happened (the
    openings-th hire). -#}
with roles as (
    select * from {{ ref('int_ats__roles') }}
),

applications as (
    select * from {{ ref('int_applications_summarized') }}
),

prospects as (
    select role_id, count(*) as prospects from {{ ref('stg_sourcing__prospects') }}
    group by role_id
),

as_of as (
    select cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

hires as (
    select * from {{ ref('int_ats__hires') }}
),

hire_counts as (
    select role_id, count(*) as hires from hires
    group by role_id
),

role_activity as (
    select
        roles.role_id,
        coalesce(prospects.prospects, 0) as prospects,
        count(applications.application_id) as applications,
        coalesce(hire_counts.hires, 0) as hires
    from roles
    left join prospects on prospects.role_id = roles.role_id
    left join hire_counts on hire_counts.role_id = roles.role_id
    left join applications on applications.role_id = roles.role_id
    group by roles.role_id, prospects.prospects, hire_counts.hires
),

twins as (
    select
        roles.role_id,
        first_value(roles.role_id) over (
            partition by
                lower(trim(roles.role_title)), roles.department, roles.seniority,
                coalesce(roles.role_location, ''), coalesce(roles.recruiter_id, ''), roles.opened_at, roles.openings
            order by role_activity.prospects + role_activity.applications desc, roles.role_id
        ) as kept_role_id
    from roles
    inner join role_activity on role_activity.role_id = roles.role_id
),

checked as (
    select
        roles.*,
        role_activity.prospects,
        role_activity.applications,
        role_activity.hires,
        case when twins.kept_role_id <> roles.role_id then twins.kept_role_id end as duplicate_of,
        case
            when twins.kept_role_id <> roles.role_id
                then printf(
                    'Duplicate of %s (same title, department, seniority, location, recruiter, opening date and openings)',
                    twins.kept_role_id
                )
            when roles.closed_at < roles.opened_at then 'Closes before it opens'
            when roles.opened_at > as_of.as_of_date then 'Opens after the as-of date of the data'
            when roles.openings < 1 then 'No opening left to fill or filled (every opening cancelled)'
        end as requisition_problem
    from roles
    inner join role_activity on role_activity.role_id = roles.role_id
    inner join twins on twins.role_id = roles.role_id
    cross join as_of
),

final as (
    select
        checked.role_id,
        checked.openings,
        checked.openings_source,
        checked.prospects,
        checked.applications,
        checked.hires,
        greatest(checked.openings - checked.hires, 0) as remaining_openings,
        checked.hires > checked.openings as is_over_filled,
        filled.hired_on as filled_at,
        case
            when checked.duplicate_of is not null then 'duplicate'
            when checked.requisition_problem is not null then 'malformed'
        end as problem_kind,
        checked.duplicate_of,
        checked.requisition_problem,
        checked.requisition_problem is null as is_counted,
        checked.requisition_problem is null
        and checked.closed_at is null
        and checked.openings > checked.hires as needs_hires
    from checked
    left join hires as filled
        on
            filled.role_id = checked.role_id
            and filled.hire_number = checked.openings
)

select * from final
