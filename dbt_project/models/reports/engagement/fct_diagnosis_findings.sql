{#- Grain: one row per finding: a comparison of fct_diagnosis_tests that is significant after
    correction and bad news. Each says in one plain sentence what the data supports, with its
    evidence (both rates, the difference and its 95 % interval) and its strength: `strong` when
    the corrected p-value is below 0.001 and the difference at least 5 points, else `moderate`. -#}
with tests as (
    select * from {{ ref('fct_diagnosis_tests') }}
    where is_finding
),

worded as (
    select
        *,
        printf('%.0f %%', rate_subject * 100) as pct_subject,
        printf('%.0f %%', rate_rest * 100) as pct_rest,
        printf('(%+.0f pts, 95 %% CI %+.0f to %+.0f)', difference * 100, difference_ci_low * 100,
               difference_ci_high * 100) as evidence
    from tests
),

final as (
    select
        row_number() over (order by p_adjusted, abs(difference) desc, explanation, dimension, subject) as finding_rank,
        explanation,
        dimension,
        scope,
        subject,
        metric,
        case
            when dimension = 'template' then
                'Template ''' || subject || ''' gets replies from ' || pct_subject || ' vs ' || pct_rest
                || ' for the other first-touch templates of sequence ''' || scope || ''' ' || evidence || ': weak outreach'
            when dimension = 'first_touch_style' then
                {{ capitalize('subject') }} || ' first touches get replies from ' || pct_subject || ' vs ' || pct_rest
                || ' for the others ' || evidence || ': weak outreach'
            when explanation = 'targeting' then
                'Prospects with ' || replace(dimension, '_', ' ') || ' ''' || subject || ''' reply at ' || pct_subject
                || ' vs ' || pct_rest || ' for the others ' || evidence || ': weak targeting'
            when dimension = 'seniority' then
                {{ capitalize('subject') }} || ' roles get replies from ' || pct_subject || ' vs ' || pct_rest
                || ' for other seniorities ' || evidence || ': less attractive opportunity'
            when dimension = 'role' and metric = 'interest_rate' then
                'Role ' || subject_label || ' interests ' || pct_subject || ' of contacted prospects vs '
                || pct_rest || ' for other roles ' || evidence || ': unattractive opportunity'
            when dimension = 'role' then
                'Role ' || subject_label || ': ' || pct_subject || ' of those who reply decline citing '
                || replace(replace(metric, 'decline_share_', ''), '_', ' ') || ' vs ' || pct_rest
                || ' for other roles ' || evidence || ': unattractive opportunity ('
                || replace(replace(metric, 'decline_share_', ''), '_', ' ') || ')'
            when explanation = 'employer_brand' then
                'Declines citing the company reached ' || pct_subject || ' of replies in the last 90 days vs '
                || pct_rest || ' before ' || evidence || ': employer brand'
            when dimension = 'first_outreach_channel' then
                'First touches by ' || subject || ' get replies from ' || pct_subject || ' vs ' || pct_rest
                || ' for other outreach channels ' || evidence || ': channel'
            else
                'Prospects sourced via ' || subject || ' reply at ' || pct_subject || ' vs ' || pct_rest
                || ' for other sourcing channels ' || evidence || ': channel'
        end as sentence,
        case when p_adjusted < 0.001 and abs(difference) >= 0.05 then 'strong' else 'moderate' end as strength,
        x1,
        n1,
        x2,
        n2,
        rate_subject,
        rate_rest,
        difference,
        difference_ci_low,
        difference_ci_high,
        z,
        p_adjusted
    from worded
)

select * from final
