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
    select prospect_id, breach, occurrences from {{ ref('fct_guardrail_breaches') }}
),

scoped as (
    select 'all' as scope_type, 'all' as scope_value, prospect_id from prospects
    union all
    select 'sequence', first_sequence_id, prospect_id from prospects
    union all
    select 'recruiter', recruiter_id, prospect_id from prospects
),

counts as (
    select
        scoped.scope_type,
        scoped.scope_value,
        count(*) as contacted,
        sum(prospects.delivered_messages) as delivered_messages,
        coalesce(sum(after_stop.occurrences), 0) as messages_after_opt_out,
        sum(prospects.is_interested) as interested,
        sum(prospects.is_hired) as hired,
        count(*) filter (where prospects.outcome = 'opted_out') as opted_out,
        count(distinct multi.prospect_id) as multi_role,
        count(distinct unanswered.prospect_id) as unanswered,
        count(distinct without_consent.prospect_id) as without_consent
    from scoped
    inner join prospects on prospects.prospect_id = scoped.prospect_id
    left join breaches as after_stop
        on after_stop.prospect_id = scoped.prospect_id and after_stop.breach = 'messages_after_opt_out'
    left join breaches as multi
        on multi.prospect_id = scoped.prospect_id and multi.breach = 'multi_role_within_30_days'
    left join breaches as unanswered
        on unanswered.prospect_id = scoped.prospect_id and unanswered.breach = 'four_plus_unanswered_touches'
    left join breaches as without_consent
        on without_consent.prospect_id = scoped.prospect_id and without_consent.breach = 'contact_without_consent'
    group by all
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
