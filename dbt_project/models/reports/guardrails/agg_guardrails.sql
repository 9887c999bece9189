{#- Grain: one row per (guardrail, scope_type, scope_value). Signs of over-automation, each a
    numerator over a named denominator:
      messages_after_opt_out        delivered messages to a person after their opt-out or decline for any
                                    role (should be 0; fct_guardrail_breaches) / delivered messages
      delivered_per_interested      delivered messages / interested prospects
      delivered_per_hire            delivered messages / hires
      opt_out_rate                  opted-out prospects / contacted prospects
      multi_role_within_30_days     prospects contacted for another role within 30 days / contacted prospects
      four_plus_unanswered_touches  prospects with 4+ touches and no answer / contacted prospects
      contact_without_consent       prospects messaged although their ATS record did not allow it / contacted prospects
    scope_type: all, sequence (of the first touch) or recruiter. -#}
with prospects as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_contacted = 1
),

breaches as (
    {#- one row per prospect with a breach (fct_guardrail_breaches has one row per prospect and breach) -#}
    select
        prospect_id,
        sum(case when breach = 'messages_after_opt_out' then occurrences end) as messages_after_opt_out,
        max(case when breach = 'multi_role_within_30_days' then 1 else 0 end) as is_multi_role,
        max(case when breach = 'four_plus_unanswered_touches' then 1 else 0 end) as is_unanswered,
        max(case when breach = 'contact_without_consent' then 1 else 0 end) as is_without_consent
    from {{ ref('fct_guardrail_breaches') }}
    group by prospect_id
),

per_sequence_and_recruiter as (
    {#- one pass over the contacted prospects; the three scopes are sums of these few rows -#}
    select
        prospects.first_sequence_id,
        prospects.recruiter_id,
        count(*) as contacted,
        sum(prospects.delivered_messages) as delivered_messages,
        sum(breaches.messages_after_opt_out) as messages_after_opt_out,
        sum(prospects.is_interested) as interested,
        sum(prospects.is_hired) as hired,
        count(*) filter (where prospects.outcome = 'opted_out') as opted_out,
        coalesce(sum(breaches.is_multi_role), 0) as multi_role,
        coalesce(sum(breaches.is_unanswered), 0) as unanswered,
        coalesce(sum(breaches.is_without_consent), 0) as without_consent
    from prospects
    left join breaches on breaches.prospect_id = prospects.prospect_id
    group by prospects.first_sequence_id, prospects.recruiter_id
),

scoped as (
    select 'all' as scope_type, 'all' as scope_value, * from per_sequence_and_recruiter
    union all
    select 'sequence', first_sequence_id, * from per_sequence_and_recruiter
    union all
    select 'recruiter', recruiter_id, * from per_sequence_and_recruiter
),

counts as (
    select
        scope_type,
        scope_value,
        cast(sum(contacted) as bigint) as contacted,
        sum(delivered_messages) as delivered_messages,
        coalesce(sum(messages_after_opt_out), 0) as messages_after_opt_out,
        sum(interested) as interested,
        sum(hired) as hired,
        cast(sum(opted_out) as bigint) as opted_out,
        cast(sum(multi_role) as bigint) as multi_role,
        cast(sum(unanswered) as bigint) as unanswered,
        cast(sum(without_consent) as bigint) as without_consent
    from scoped
    group by scope_type, scope_value
),

measures as (
    select
        scope_type, scope_value, 'messages_after_opt_out' as guardrail,
        messages_after_opt_out as numerator, delivered_messages as denominator,
        'delivered messages' as denominator_label
    from counts
    union all
    select scope_type, scope_value, 'delivered_per_interested', delivered_messages, interested, 'interested prospects'
    from counts
    union all
    select scope_type, scope_value, 'delivered_per_hire', delivered_messages, hired, 'hires'
    from counts
    union all
    select scope_type, scope_value, 'opt_out_rate', opted_out, contacted, 'contacted prospects'
    from counts
    union all
    select scope_type, scope_value, 'multi_role_within_30_days', multi_role, contacted, 'contacted prospects'
    from counts
    union all
    select scope_type, scope_value, 'four_plus_unanswered_touches', unanswered, contacted, 'contacted prospects'
    from counts
    union all
    select scope_type, scope_value, 'contact_without_consent', without_consent, contacted, 'contacted prospects'
    from counts
),

final as (
    select
        guardrail,
        scope_type,
        scope_value,
        numerator,
        denominator,
        denominator_label,
        {{ round_double(safe_ratio('numerator', 'denominator'), 6) }} as value,
        {{ in_contract_list('guardrail', 'breach_guardrail') }} and numerator > 0 as is_breached
    from measures
)

select * from final
