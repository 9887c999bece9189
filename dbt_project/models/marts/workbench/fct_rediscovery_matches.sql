{#- Grain: one row per (open role, person): people worth approaching for an open role they are not
    yet a prospect or applicant for, ranked, with the evidence. Two kinds of evidence:
      finalists   reached the final interview or an offer for another role of the same department
                  and seniority, then withdrew or were turned down (rank 1: offer, 2: final interview);
      decliners   declined another role of the same department for a reason this role does not
                  have (rank 3): location, when this role is remote and that one was not (same
                  seniority); seniority, when this role is one level above or below; role scope,
                  when this role has another title at the same seniority.
    Compensation, company, not-looking and other declines say nothing a different role changes.
    Left out: people who opted out (any role), were hired or are in process in the ATS, or got a
    message for another role within recontact_gap_days(). Per role, the best evidence first, then
    the most recent; at most rediscovery_per_role people. -#}
-- sqlfluff:exclude_rules:LT05,ST06,RF04,AM04,AL03,LT02
-- (LT02 too: sqlfluff misplaces the lines of a jinja loop whose items end in a templated comma)
with roles as (
    select * from {{ ref('dim_roles') }}
),

open_roles as (
    select * from roles
    where is_open
),

applications as (
    select * from {{ ref('int_applications_summarized') }}
    where candidate_id is not null
),

funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
),

responses as (
    select * from {{ ref('int_prospect_responses') }}
),

people as (
    select * from {{ ref('int_candidate_contact_state') }}
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
),

as_of as (
    select cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

finalists as (
    select
        open_roles.role_id,
        applications.candidate_id,
        case when applications.furthest_progress >= 5 then 1 else 2 end as evidence_rank,
        printf(
            'Reached the %s for %s (%s) and %s',
            case when applications.furthest_progress >= 5 then 'offer' else 'final interview' end,
            past.role_title,
            past.role_id,
            case when applications.latest_stage = 'withdrawn' then 'withdrew' else 'was turned down' end
        ) as reason,
        case
            when applications.latest_stage_reason is not null
                then printf(
                    '%s reason: %s',
                    case when applications.latest_stage = 'withdrawn' then 'Withdrawal' else 'Rejection' end,
                    replace(applications.latest_stage_reason, '_', ' ')
                )
        end as evidence,
        cast(applications.latest_stage_at as date) as since
    from applications
    inner join roles as past on past.role_id = applications.role_id
    inner join open_roles
        on open_roles.department = past.department
        and open_roles.seniority = past.seniority
        and open_roles.role_id <> past.role_id
    where applications.furthest_progress >= 4
      and applications.latest_stage in ('withdrawn', 'rejected')
),

decliners as (
    select
        open_roles.role_id,
        funnel.candidate_id,
        3 as evidence_rank,
        printf(
            'Declined %s (%s) over %s; this role is %s',
            past.role_title,
            past.role_id,
            replace(funnel.decline_reason, '_', ' '),
            case funnel.decline_reason
                when 'location' then 'remote'
                when 'seniority' then open_roles.seniority
                else open_roles.role_title
            end
        ) as reason,
        cast(null as string) as evidence,
        cast(responses.first_stop_at as date) as since
    from funnel
    inner join responses on responses.merged_prospect_id = funnel.prospect_id
    inner join roles as past on past.role_id = funnel.role_id
    inner join open_roles
        on open_roles.department = past.department
        and open_roles.role_id <> past.role_id
    where funnel.outcome = 'declined'
      and (
          (
              funnel.decline_reason = 'location'
              and lower(trim(open_roles.role_location)) = 'remote'
              and coalesce(lower(trim(past.role_location)), '') <> 'remote'
              and open_roles.seniority = past.seniority
          )
          or (
              funnel.decline_reason = 'seniority'
              and abs({{ seniority_level('open_roles.seniority') }} - {{ seniority_level('past.seniority') }}) = 1
          )
          or (
              funnel.decline_reason = 'role_scope'
              and open_roles.seniority = past.seniority
              and open_roles.role_title <> past.role_title
          )
      )
),

matches as (
    select * from finalists
    union all
    select * from decliners
),

already_there as (
    select candidate_id, role_id from funnel
    union
    select candidate_id, role_id from applications
),

eligible as (
    select matches.*
    from matches
    left join people on people.candidate_id = matches.candidate_id
    left join already_there
        on already_there.candidate_id = matches.candidate_id
        and already_there.role_id = matches.role_id
    where already_there.candidate_id is null
      and not coalesce(people.is_opted_out, false)
      and not coalesce(people.is_hired, false)
      and coalesce(people.open_applications, 0) = 0
      and not {{ contacted_for_other_role_recently('people', 'matches.role_id') }}
    qualify row_number() over (
        partition by matches.role_id, matches.candidate_id
        order by matches.evidence_rank, matches.since desc
    ) = 1
),

ranked as (
    select
        *,
        row_number() over (
            partition by role_id order by evidence_rank, since desc, candidate_id
        ) as priority
    from eligible
),

final as (
    select
        'rediscovery' as work_list,
        ranked.candidate_id,
        ranked.role_id,
        cast(null as string) as prospect_id,
        candidates.full_name,
        cast(null as string) as channel,
        ranked.reason,
        ranked.evidence,
        ranked.since,
        {{ dbt.datediff('ranked.since', 'as_of.as_of_date', 'day') }} as days_since,
        ranked.priority
    from ranked
    cross join as_of
    left join candidates on candidates.candidate_id = ranked.candidate_id
    where ranked.priority <= {{ work_list_rule('rediscovery_per_role') }}
)

select * from final
