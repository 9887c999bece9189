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

evidence as (
    select * from {{ ref('fct_rediscovery_evidence') }}
),

evidence_people as (
    select distinct candidate_id from evidence
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
),

as_of as (
    select as_of, cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

finalists as (
    select
        open_roles.role_id,
        evidence.candidate_id,
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
            replace(evidence.stage_reached, '_', ' '),
            past.role_title,
            past.role_id,
            case when evidence.latest_stage = 'withdrawn' then 'withdrew' else 'was turned down' end
        ) as reason,
        case
            when evidence.latest_stage_reason is not null
                then printf(
                    '%s reason: %s',
                    case when evidence.latest_stage = 'withdrawn' then 'Withdrawal' else 'Rejection' end,
                    replace(evidence.latest_stage_reason, '_', ' ')
                )
        end as evidence,
        evidence.since,
        evidence.last_contacted_at,
        evidence.last_contacted_role_id,
        evidence.other_role_last_contacted_at
    from evidence
    inner join roles as past on past.role_id = evidence.past_role_id
    inner join open_roles
        on {{ title_family('open_roles.role_title') }} = {{ title_family('past.role_title') }}
        and abs({{ seniority_level('open_roles.seniority') }} - {{ seniority_level('past.seniority') }})
        <= {{ work_list_rule('rediscovery_seniority_levels') }}
        and open_roles.role_id <> past.role_id
    left join stage_rates on stage_rates.stage = evidence.stage_reached
    where evidence.evidence = 'finalist'
),

decliners as (
    select
        open_roles.role_id,
        evidence.candidate_id,
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
            replace(evidence.decline_reason, '_', ' '),
            case evidence.decline_reason
                when 'location' then 'remote'
                else open_roles.seniority
            end
        ) as reason,
        cast(null as string) as evidence,
        evidence.since,
        evidence.last_contacted_at,
        evidence.last_contacted_role_id,
        evidence.other_role_last_contacted_at
    from evidence
    inner join roles as past on past.role_id = evidence.past_role_id
    inner join open_roles
        on {{ title_family('open_roles.role_title') }} = {{ title_family('past.role_title') }}
        and abs({{ seniority_level('open_roles.seniority') }} - {{ seniority_level('past.seniority') }})
        <= {{ work_list_rule('rediscovery_seniority_levels') }}
        and open_roles.role_id <> past.role_id
    left join contact_hire_rate on true
    where evidence.evidence = 'decliner'
      and (
          (
              evidence.decline_reason = 'location'
              and lower(trim(open_roles.role_location)) = 'remote'
              and coalesce(lower(trim(past.role_location)), '') <> 'remote'
          )
          or (
              evidence.decline_reason in ('seniority', 'role_scope')
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
    {#- only the people with evidence: a scan of two columns, no join of every prospect -#}
    select candidate_id, role_id from {{ ref('fct_prospect_funnel') }}
    where candidate_id in (select candidate_id from evidence_people)
    union
    select candidate_id, role_id from {{ ref('int_applications_summarized') }}
    where candidate_id in (select candidate_id from evidence_people)
),

eligible as (
    select matches.*
    from matches
    cross join as_of
    left join already_there
        on already_there.candidate_id = matches.candidate_id
        and already_there.role_id = matches.role_id
    where already_there.candidate_id is null
      and not {{ contacted_for_other_role_recently('matches', 'matches.role_id', 'as_of.as_of') }}
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
