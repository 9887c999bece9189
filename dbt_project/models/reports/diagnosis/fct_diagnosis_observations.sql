{#- The diagnosis' raw material. Grain: one row per (prospect, comparison it takes part in,
    metric): which dimension and value (subject) the prospect belongs to, within which scope the
    values are compared, the strata it is compared within (role, match tier, first-touch style)
    and whether it is counted (eligible) and converted for the metric. Only prospects that had
    the whole window take part (contract §9.1), except the employer-brand trend, which dates
    replies by the reply itself. Carries the dashboards' filter columns, so a page sums the rows
    of its filtered prospects into the counts the `insights` package tests; agg_diagnosis_counts
    is the same sum over everyone; the prospect_id names the people behind a finding (the pages'
    drill-through). A view: nothing is stored per prospect twice (a table on Spark, which plans
    a view again inside every query reading it: macros/spark_exchange.sql).
      reply_rate                  replied within 30 days / eligible, for every dimension below
      interest_rate               interested within 30 days / eligible, per role
      opt_out_rate                replied within 30 days and opted out / eligible, per sequence
      template_id                 first-touch templates compared within their sequence
      step                        follow-up k (k-th delivered message, 2-6) of a sequence vs the same
                                  follow-up of other sequences, among prospects still silent at it:
                                  reply_rate_among_silent, opt_out_rate_among_silent
      decline_reason:<reason>     per role, among those who replied within 30 days
      screen_rate_of_interested,  per match tier and title match: among prospects interested within
      hire_rate_of_interested     120 days, screened / hired within 120 days (downstream yield)
      response_month              employer brand: per month of reply, company declines and opt-outs -#}
{{ config(materialized=view_on_duckdb_table_on_spark()) }}

{%- set keys = 'prospect_id, department, role_id, seniority, recruiter_id, channel, sourced_at, match_tier, first_touch_style' %}
{%- set reply_dimensions = [
    ('channel', 'channel'), ('first_outreach_channel', 'first_outreach_channel'), ('match_tier', 'match_tier'),
    ('title_match', 'title_match'), ('profile_detail', 'profile_detail'), ('first_touch_style', 'first_touch_style'),
    ('sequence_id', 'first_sequence_id'), ('seniority', 'seniority'), ('role_id', 'role_id'),
] %}

with prospects as (
    select * from {{ ref('fct_prospect_windows') }}
),

eligible as (
    select * from prospects
    where is_eligible_30d = 1
),

reasons as (
    select distinct decline_reason from prospects
    where decline_reason is not null
),

follow_ups as (
    select eligible.*, touches.touch
    from eligible
    inner join (values (2), (3), (4), (5), (6)) as touches (touch)
        on
            eligible.delivered_messages >= touches.touch
            and (eligible.touches_to_reply is null or eligible.touches_to_reply >= touches.touch)
),

observations as (
    {%- for dimension, column in reply_dimensions %}
    select
        {{ keys }},
        '{{ dimension }}' as dimension,
        'all' as scope,
        {{ column }} as subject,
        'reply_rate' as metric,
        30 as window_days,
        1 as eligible,
        replied_within_30d as converted
    from eligible
    where {{ column }} is not null and {{ column }} <> 'unknown'
    union all
    {%- endfor %}
    {# AL08: role_id is a key column and, again, the compared value of these rows #}
    select {{ keys }}, 'role_id', 'all', role_id, 'interest_rate', 30, 1, interested_within_30d  -- noqa: AL08
    from eligible
    union all
    select
        {{ keys }}, 'sequence_id', 'all', first_sequence_id, 'opt_out_rate', 30, 1,
        case when replied_within_30d = 1 and outcome = 'opted_out' then 1 else 0 end
    from eligible
    union all
    select {{ keys }}, 'template_id', first_sequence_id, first_template_id, 'reply_rate', 30, 1, replied_within_30d
    from eligible
    union all
    select
        {{ keys }}, 'step', cast(touch as string), first_sequence_id, 'reply_rate_among_silent', 30, 1,
        case when touches_to_reply = touch and replied_within_30d = 1 then 1 else 0 end
    from follow_ups
    union all
    select
        {{ keys }}, 'step', cast(touch as string), first_sequence_id, 'opt_out_rate_among_silent', 30, 1,
        case when touches_to_reply = touch and replied_within_30d = 1 and outcome = 'opted_out' then 1 else 0 end
    from follow_ups
    union all
    select
        {{ keys }}, 'role_id', 'all', role_id, 'decline_reason:' || reasons.decline_reason, 30, 1,  -- noqa: AL08
        case when eligible.outcome = 'declined' and eligible.decline_reason = reasons.decline_reason then 1 else 0 end
    from eligible
    cross join reasons
    where eligible.replied_within_30d = 1
    union all
    {%- for dimension in ['match_tier', 'title_match'] %}
    {%- for metric, stage in [('screen_rate_of_interested', 'screened'), ('hire_rate_of_interested', 'hired')] %}
    select
        {{ keys }}, '{{ dimension }}', 'all', {{ dimension }}, '{{ metric }}', 120, 1, {{ stage }}_within_120d
    from eligible
    where interested_within_120d = 1
    union all
    {%- endfor %}
    {%- endfor %}
    {%- for reason in contract_values('company_decline_reason') %}
    select
        {{ keys }}, 'response_month', 'all', cast(cast(date_trunc('month', replied_at) as date) as string),
        'decline_reason:{{ reason }}', 0, 1, case when decline_reason = '{{ reason }}' then 1 else 0 end
    from prospects
    where replied_at is not null
    union all
    {%- endfor %}
    select
        {{ keys }}, 'response_month', 'all', cast(cast(date_trunc('month', replied_at) as date) as string),
        'opt_out_rate', 0, 1, case when outcome = 'opted_out' then 1 else 0 end
    from prospects
    where replied_at is not null
)

select * from observations
