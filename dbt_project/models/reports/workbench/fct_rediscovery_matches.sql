{#- Grain: one row per (role that still needs hires, person): people worth approaching for a role
    they are not yet a prospect or applicant for, ranked, with the evidence. Only people whose earlier
    role is of the same job family (title_family(): the title without its seniority word) and at most
    rediscovery_seniority_levels seniority levels away. Two kinds of evidence:
      finalists   reached the final interview or an offer for that earlier role, then withdrew or
                  were turned down; expected value: the windowed stage-to-hire rate of the stage
                  they reached (agg_stage_to_hire);
      decliners   declined the earlier role for a reason this role does not have: location, when
                  this role is remote and that one was not; seniority or role scope, when this role
                  is of another seniority; expected value: the windowed hire rate (120 days) of
                  every contacted prospect.
    Compensation, company, not-looking and other declines say nothing a different role changes.
    Left out: people who opted out (any role), were hired or are in process in the ATS, or got a
    message for another role within recontact_gap_days(). Per role, the highest expected value
    first, then the most recent; at most rediscovery_per_role people. -#}
-- sqlfluff:exclude_rules:LT05,ST06,RF04,AM04,AL03,LT02
-- (LT02 too: sqlfluff misplaces the lines of a jinja loop whose items end in a templated comma)
with roles as (
    select * from {{ ref('dim_roles') }}
),

open_roles as (
    select * from roles
    where needs_hires
),

stage_rates as (
    select * from {{ ref('agg_stage_to_hire') }}
),

contact_hire_rate as (
    select rate, eligible from {{ ref('agg_windowed_rates') }}
    where segment_type = 'all' and cohort_month is null and stage = 'hired' and window_days = 120
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
        stage_rates.hire_rate as expected_value,
        printf(
            'Hired within %d days of reaching the %s: %.1f %% of %d applications',
            stage_rates.window_days,
            replace(stage_rates.stage, '_', ' '),
            {{ printf_fixed('stage_rates.hire_rate * 100', 1) }},
            stage_rates.eligible
        ) as expected_value_basis,
        printf(
            'Reached the %s for %s (%s) and %s',
            case
                when applications.furthest_progress >= {{ ats_progress_of('offer') }} then 'offer'
                else 'final interview'
            end,
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
        on {{ title_family('open_roles.role_title') }} = {{ title_family('past.role_title') }}
        and abs({{ seniority_level('open_roles.seniority') }} - {{ seniority_level('past.seniority') }})
        <= {{ work_list_rule('rediscovery_seniority_levels') }}
        and open_roles.role_id <> past.role_id
    left join stage_rates
        on stage_rates.stage = case
            when applications.furthest_progress >= {{ ats_progress_of('offer') }} then 'offer'
            else 'final_interview'
        end
    where applications.furthest_progress >= {{ ats_progress_of('final_interview') }}
      and applications.latest_stage in ('withdrawn', 'rejected')
),

decliners as (
    select
        open_roles.role_id,
        funnel.candidate_id,
        contact_hire_rate.rate as expected_value,
        printf(
            'Hires within 120 days among all contacted prospects: %.1f %% of %d contacted',
            {{ printf_fixed('contact_hire_rate.rate * 100', 1) }},
            contact_hire_rate.eligible
        ) as expected_value_basis,
        printf(
            'Declined %s (%s) over %s; this role is %s',
            past.role_title,
            past.role_id,
            replace(funnel.decline_reason, '_', ' '),
            case funnel.decline_reason
                when 'location' then 'remote'
                else open_roles.seniority
            end
        ) as reason,
        cast(null as string) as evidence,
        cast(responses.first_stop_at as date) as since
    from funnel
    inner join responses on responses.merged_prospect_id = funnel.prospect_id
    inner join roles as past on past.role_id = funnel.role_id
    inner join open_roles
        on {{ title_family('open_roles.role_title') }} = {{ title_family('past.role_title') }}
        and abs({{ seniority_level('open_roles.seniority') }} - {{ seniority_level('past.seniority') }})
        <= {{ work_list_rule('rediscovery_seniority_levels') }}
        and open_roles.role_id <> past.role_id
    left join contact_hire_rate on true
    where funnel.outcome = 'declined'
      and (
          (
              funnel.decline_reason = 'location'
              and lower(trim(open_roles.role_location)) = 'remote'
              and coalesce(lower(trim(past.role_location)), '') <> 'remote'
          )
          or (
              funnel.decline_reason in ('seniority', 'role_scope')
              and open_roles.seniority <> past.seniority
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
        order by coalesce(matches.expected_value, 0) desc, matches.since desc
    ) = 1
),

ranked as (
    select
        *,
        row_number() over (
            partition by role_id order by coalesce(expected_value, 0) desc, since desc, candidate_id
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
        coalesce(ranked.expected_value, 0) as expected_value,
        ranked.expected_value_basis,
        ranked.priority
    from ranked
    cross join as_of
    left join candidates on candidates.candidate_id = ranked.candidate_id
    where ranked.priority <= {{ work_list_rule('rediscovery_per_role') }}
)

select * from final
