{#- Grain: one row per rule: the thresholds this warehouse's work lists and requisition triage
    were built with (settings/__init__.py WorkListRules, passed as a dbt var), with the list or
    report each one shapes, so the pages and the digest state the rules behind what they list. -#}
{% set rules = [
    ('follow_up_max_touches', 'follow_up_due', 'A follow-up is due while a silent prospect has fewer delivered touches than this'),
    ('follow_up_after_days', 'follow_up_due', 'A follow-up is due once the last delivered touch is at least this many days old'),
    ('follow_up_within_days', 'follow_up_due', 'and until it is this many days old (older: a new first touch, not a follow-up)'),
    ('interested_wait_days', 'interested_not_in_ats', 'Listed from this many days after the person said interested'),
    ('interested_within_days', 'interested_not_in_ats', 'until this many days after it'),
    ('reconnect_within_days', 'reconnect_due', 'A reconnect is listed from the agreed date for this many days'),
    ('rediscovery_per_role', 'rediscovery', 'At most this many best-ranked people per role that still needs hires'),
    ('rediscovery_seniority_levels', 'rediscovery', 'The earlier role is at most this many seniority levels away'),
    ('daily_cap', 'all', 'Rows of each list in the day of a recruiter, highest expected value first (the rest behind show all)'),
    ('hire_window_days', 'requisitions', 'Stage-to-hire conversion counts hires within this many days of reaching a stage'),
    ('on_track_chance_pct', 'requisitions', 'On track: the chance to fill the openings left by the target date is at least this (%)'),
    ('at_risk_chance_pct', 'requisitions', 'At risk: that chance is below this (%); watch in between'),
    ('days_to_fill_min_chance_pct', 'requisitions', 'Expected days to fill are shown only from this chance to fill (%)'),
    ('target_days_percentile', 'requisitions', 'Target date of a role without its own: opened + this percentile of past days to fill'),
    ('stage_ageing_percentile', 'requisitions', 'Stage ageing: in an ATS stage longer than this percentile of past stays there'),
] %}
{% set fixed = [
    ('recontact_gap_days', recontact_gap_days(), 'all', 'Nobody is written to for a second role within this many days of a message for the first'),
] %}

with final as (
    {% for name, applies_to, description in rules %}
    select
        '{{ name }}' as rule,
        {{ work_list_rule(name) }} as value,
        '{{ applies_to }}' as applies_to,
        '{{ description }}' as description
    union all
    {% endfor %}
    {% for name, value, applies_to, description in fixed %}
    select '{{ name }}', {{ value }}, '{{ applies_to }}', '{{ description }}'
    {% endfor %}
)

select * from final
