{#- One row per comparison the diagnosis tests: a subject group against the rest of its scope on
    one rate (x1 of n1 against x2 of n2), and which direction would be bad news. Each explanation
    of a low response rate has its comparisons:
      outreach        first-touch template vs the other first-touch templates of its sequence;
                      generic vs personalized first touches
      targeting       match tier, title match, profile detail: each value vs the others
      opportunity     seniority vs other seniorities (reply); role vs other roles (interest);
                      role vs other roles on declines citing compensation, role scope, location, seniority
      employer_brand  declines citing the company, last 90 days vs before
      channel         first outreach channel and sourcing channel: each vs the others
    Only groups with at least 30 prospects on both sides are compared. -#}
with prospects as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_contacted = 1
),

roles as (
    select * from {{ ref('dim_roles') }}
),

as_of as (
    select * from {{ ref('int_data_as_of') }}
),

{#- subject vs rest within a scope, on replied / contacted -#}
{% set reply_dimensions = [
    ('targeting', 'match_tier'), ('targeting', 'title_match'), ('targeting', 'profile_detail'),
    ('opportunity', 'seniority'), ('channel', 'first_outreach_channel'), ('channel', 'channel'),
] %}

reply_by_value as (
    {% for explanation, dimension in reply_dimensions %}
    select
        '{{ explanation }}' as explanation,
        '{{ dimension }}' as dimension,
        'all' as scope,
        {{ dimension }} as subject,
        sum(is_replied) as x,
        count(*) as n
    from prospects
    group by {{ dimension }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
    union all
    select 'outreach', 'first_touch_style', 'all', first_touch_style, sum(is_replied), count(*)
    from prospects
    group by first_touch_style
    union all
    select 'outreach', 'template', first_sequence_id, first_template_id, sum(is_replied), count(*)
    from prospects
    group by first_sequence_id, first_template_id
),

reply_comparisons as (
    select
        explanation,
        dimension,
        scope,
        subject,
        'reply_rate' as metric,
        'lower' as bad_direction,
        x as x1,
        n as n1,
        sum(x) over scope_window - x as x2,
        sum(n) over scope_window - n as n2
    from reply_by_value
    window scope_window as (partition by explanation, dimension, scope)
),

role_counts as (
    select
        role_id,
        count(*) as contacted,
        sum(is_interested) as interested,
        sum(is_replied) as replied,
        count(*) filter (where decline_reason = 'compensation') as declined_compensation,
        count(*) filter (where decline_reason = 'role_scope') as declined_role_scope,
        count(*) filter (where decline_reason = 'location') as declined_location,
        count(*) filter (where decline_reason = 'seniority') as declined_seniority
    from prospects
    group by role_id
),

role_reasons as (
    unpivot role_counts
    on declined_compensation, declined_role_scope, declined_location, declined_seniority
    into name metric value declined
),

role_comparisons as (
    select
        'opportunity' as explanation,
        'role' as dimension,
        'all' as scope,
        role_id as subject,
        'interest_rate' as metric,
        'lower' as bad_direction,
        interested as x1,
        contacted as n1,
        sum(interested) over () - interested as x2,
        sum(contacted) over () - contacted as n2
    from role_counts
    union all
    select
        'opportunity',
        'role',
        'all',
        role_id,
        replace(metric, 'declined_', 'decline_share_'),
        'higher',
        declined,
        replied,
        sum(declined) over (partition by metric) - declined,
        sum(replied) over (partition by metric) - replied
    from role_reasons
),

brand_periods as (
    select
        prospects.contacted_at >= as_of.as_of - interval 90 day as is_recent,
        count(*) filter (where prospects.decline_reason = 'company') as declined_company,
        sum(prospects.is_replied) as replied
    from prospects
    cross join as_of
    group by 1
),

brand_comparisons as (
    select
        'employer_brand' as explanation,
        'period' as dimension,
        'all' as scope,
        'last_90_days' as subject,
        'decline_share_company' as metric,
        'higher' as bad_direction,
        recent.declined_company as x1,
        recent.replied as n1,
        earlier.declined_company as x2,
        earlier.replied as n2
    from brand_periods as recent
    inner join brand_periods as earlier on recent.is_recent and not earlier.is_recent
),

all_comparisons as (
    select * from reply_comparisons
    union all
    select * from role_comparisons
    union all
    select * from brand_comparisons
),

final as (
    select
        all_comparisons.explanation,
        all_comparisons.dimension,
        all_comparisons.scope,
        all_comparisons.subject,
        case
            when all_comparisons.dimension = 'role' then roles.role_title || ' (' || all_comparisons.subject || ')'
            else all_comparisons.subject
        end as subject_label,
        all_comparisons.metric,
        all_comparisons.bad_direction,
        all_comparisons.x1,
        all_comparisons.n1,
        all_comparisons.x2,
        all_comparisons.n2
    from all_comparisons
    left join roles on all_comparisons.dimension = 'role' and roles.role_id = all_comparisons.subject
    where all_comparisons.n1 >= {{ small_sample_threshold() }}
      and all_comparisons.n2 >= {{ small_sample_threshold() }}
      and all_comparisons.subject <> 'not_contacted'
)

select * from final
