{#- Grain: one row per ATS application behind a count of the requisition triage, for counted
    requisitions (dim_roles.is_counted), by the person's name (CRM when linked, else the ATS's;
    never contact data):
      hired        a hire of the role (int_ats__hires: the rows the triage's hires count), with its day;
      in_process   a person in process for an open role (fct_requisition_pipeline: the rows the
                   triage's in_flight, in_<stage> and ageing count), with the current stage, the
                   days in it and stage ageing.
    The Role page opens every triage count to its rows here. -#}
with roles as (
    select * from {{ ref('dim_roles') }}
    where is_counted
),

hires as (
    select * from {{ ref('int_ats__hires') }}
),

pipeline as (
    select * from {{ ref('fct_requisition_pipeline') }}
),

crm_candidates as (
    select * from {{ ref('dim_candidates') }}
),

ats_candidates as (
    select * from {{ ref('int_ats__candidates') }}
),

counted as (
    select
        hires.role_id,
        'hired' as counted_as,
        hires.application_id,
        hires.ats_candidate_id,
        hires.candidate_id,
        hires.hired_on,
        cast(null as string) as stage,
        cast(null as integer) as stage_order,
        cast(null as date) as stage_entered_on,
        cast(null as integer) as days_in_stage,
        cast(null as double) as usual_days_in_stage,
        false as is_ageing,
        cast(null as string) as ageing_reason
    from hires
    inner join roles on roles.role_id = hires.role_id
    union all
    select
        role_id,
        'in_process' as counted_as,
        application_id,
        ats_candidate_id,
        candidate_id,
        cast(null as date) as hired_on,
        stage,
        stage_order,
        stage_entered_on,
        days_in_stage,
        usual_days_in_stage,
        is_ageing,
        ageing_reason
    from pipeline
),

final as (
    select
        counted.role_id,
        roles.role_title,
        roles.recruiter_id,
        roles.recruiter_name,
        counted.counted_as,
        counted.application_id,
        counted.candidate_id,
        coalesce(crm_candidates.full_name, ats_candidates.full_name) as full_name,
        counted.hired_on,
        counted.stage,
        counted.stage_order,
        counted.stage_entered_on,
        counted.days_in_stage,
        counted.usual_days_in_stage,
        counted.is_ageing,
        counted.ageing_reason
    from counted
    inner join roles on roles.role_id = counted.role_id
    left join crm_candidates on crm_candidates.candidate_id = counted.candidate_id
    left join ats_candidates on ats_candidates.ats_candidate_id = counted.ats_candidate_id
)

select * from final
