{#- Grain: one row per hired ATS application (every source): the role it was hired for, when, and
    which hire of the role it was (hire_number, in order of hire time). The one home of a role's
    hires: int_ats__requisitions counts them (hires, filled_at) and fct_requisition_people lists
    them, so the count a page shows and the people behind it agree by construction. -#}
with applications as (
    select * from {{ ref('int_applications_summarized') }}
),

final as (
    select
        application_id,
        ats_candidate_id,
        candidate_id,
        role_id,
        hired_at,
        cast(hired_at as date) as hired_on,
        row_number() over (partition by role_id order by hired_at, application_id) as hire_number
    from applications
    where hired_at is not null
)

select * from final
