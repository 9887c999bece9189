{#- Grain: one row per work-list rule: the thresholds this warehouse's work lists and requisition
    forecast were built with (orchestration/settings.py WorkListRules, passed as a dbt var), so the
    pages and the digest state the rules behind what they list. -#}
{% set rules = [
    ('follow_up_max_touches', 'A follow-up is due while a silent prospect has fewer delivered touches than this'),
    ('follow_up_after_days', 'A follow-up is due once the last touch is older than this many days'),
    ('interested_wait_days', '"Interested, not yet in the ATS" lists people who said interested more than this many days ago'),
    ('rediscovery_per_role', 'Rediscovery keeps at most this many best-ranked people per open role'),
    ('hire_window_days', 'Stage-to-hire conversion counts hires within this many days of reaching a stage'),
] %}
{% set fixed = [
    ('recontact_gap_days', recontact_gap_days(), 'Nobody is written to for a second role within this many days of a message for the first'),
] %}

with final as (
    {% for name, description in rules %}
    select '{{ name }}' as rule, {{ work_list_rule(name) }} as value, '{{ description }}' as description
    union all
    {% endfor %}
    {% for name, value, description in fixed %}
    select '{{ name }}', {{ value }}, '{{ description }}'
    {% endfor %}
)

select * from final
