{#- The recruiter's work lists and the requisition forecast read their thresholds from the
    `work_list_rules` var, which the pipeline always passes from settings/__init__.py
    (WorkListRules: the one home of their defaults, documented in the README). Running dbt by
    hand, pass it too: --vars '{work_list_rules: {follow_up_max_touches: 3, ...}}'. -#}
{% macro work_list_rule(name) -%}
    {%- set rules = var('work_list_rules', none) -%}
    {#- given as a JSON string (sqlfluff's dbt templater passes vars as strings): read it -#}
    {%- if rules is string -%}{%- set rules = fromjson(rules) -%}{%- endif -%}
    {%- if execute and (rules is none or name not in rules) -%}
        {{ exceptions.raise_compiler_error(
            "dbt var work_list_rules." ~ name ~ " is missing: the pipeline passes it from "
            ~ "settings/__init__.py (WorkListRules); by hand, pass --vars '{work_list_rules: {...}}'") }}
    {%- endif -%}
    {{ rules[name] if rules else 0 }}
{%- endmacro %}

{#- A person written to for one role is not written to for another within this many days (the
    same rule as the multi_role_within_30_days guardrail). -#}
{% macro recontact_gap_days() %}30{% endmacro %}

{#- True when the person (a row of int_candidate_contact_state) got a delivered message for a
    role other than `role_id` within recontact_gap_days() before `as_of` (the data's as-of time, a
    timestamp): a role other than the latest contact's was written to in that span, or the latest
    contact was recent and for another role. Read here, not stored, so that the person's row does
    not move with the as-of time. -#}
{% macro contacted_for_other_role_recently(person, role_id, as_of) -%}
    coalesce(
        {{ person }}.other_role_last_contacted_at > {{ as_of }} - interval {{ recontact_gap_days() }} day
        or (
            {{ person }}.last_contacted_at > {{ as_of }} - interval {{ recontact_gap_days() }} day
            and {{ person }}.last_contacted_role_id <> {{ role_id }}
        ),
        false
    )
{%- endmacro %}

{#- Seniority as a level, in the order of contract.vocabulary.SENIORITIES (junior ... executive). -#}
{% macro seniority_level(seniority) -%}
    case {{ seniority }}
        when 'junior' then 1
        when 'mid' then 2
        when 'senior' then 3
        when 'lead' then 4
        when 'executive' then 5
    end
{%- endmacro %}

{#- A title's family: the title without a leading seniority word, lower case ("Senior Backend
    Engineer" and "Backend Engineer" are one family; "Lead Recruiter" and "Lead Finance Analyst" are
    not). Rediscovery suggests people only for a role of the family they were considered for. One
    replacement anchored at the start: DuckDB and Spark agree on it. -#}
{% macro title_family(title) -%}
    regexp_replace(
        lower(trim({{ title }})),
        '^(junior|jr[.]?|senior|sr[.]?|lead|principal|staff|head of|vp|vice president|chief|associate)[ ]+',
        ''
    )
{%- endmacro %}

{#- The expected value a work list ranks by: the windowed rate (agg_windowed_rates, every cohort)
    of `stage` within `days` days of first contact among prospects of the person's match tier, the
    segment that predicts an answer best, with its denominator for the page (segment_value, rate,
    eligible, converted). -#}
{% macro match_tier_rates(stage, days) -%}
    select segment_value as match_tier, rate, eligible, converted
    from {{ ref('agg_windowed_rates') }}
    where segment_type = 'match_tier' and cohort_month is null
      and stage = '{{ stage }}' and window_days = {{ days }}
{%- endmacro %}

{#- The sentence naming an expected value's basis, e.g. "Replies within 30 days among
    strong-match prospects: 23.1 % of 1234 contacted"; NULL when the tier has no eligible prospects. -#}
{% macro expected_value_basis(what, tier, rates) -%}
    case when {{ rates }}.eligible > 0 then printf(
        '%s among %s-match prospects: %.1f %% of %d contacted',
        '{{ what }}', {{ tier }}, {{ printf_fixed(rates ~ '.rate * 100', 1) }}, {{ rates }}.eligible
    ) end
{%- endmacro %}
