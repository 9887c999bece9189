{#- Grain: one row per (prospect, breach). Outreach that should not happen or should be looked
    at: messages delivered after an opt-out or decline, the same person contacted for more than
    one role within 30 days, and four or more delivered touches with no human answer. -#}
with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
),

after_stop as (
    select
        prospect_id,
        recruiter_id,
        'messages_after_opt_out' as breach,
        messages_after_opt_out as occurrences,
        contacted_at as first_contacted_at
    from funnel
    where messages_after_opt_out > 0
),

contacts as (
    select prospect_id, candidate_id, recruiter_id, contacted_at
    from funnel
    where contacted_at is not null
),

multi_role as (
    select
        contacts.prospect_id,
        contacts.recruiter_id,
        'multi_role_within_30_days' as breach,
        count(*) as occurrences,
        contacts.contacted_at as first_contacted_at
    from contacts
    inner join contacts as others
        on others.candidate_id = contacts.candidate_id
        and others.prospect_id <> contacts.prospect_id
        and abs({{ seconds_between('others.contacted_at', 'contacts.contacted_at') }}) <= 30 * 86400
    group by all
),

unanswered as (
    select
        prospect_id,
        recruiter_id,
        'four_plus_unanswered_touches' as breach,
        delivered_messages as occurrences,
        contacted_at as first_contacted_at
    from funnel
    where outcome = 'no_response' and delivered_messages >= 4
),

final as (
    select * from after_stop
    union all
    select * from multi_role
    union all
    select * from unanswered
)

select * from final
