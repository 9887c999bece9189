{#- Rates that are ratios of counts, with their 95 % Wilson interval. Checked against scipy and
    statsmodels (tests/analytics/test_marts.py, the agg_windowed_rates unit test); the dashboards
    and the diagnosis use statsmodels' proportion_confint (insights/rates.py). Z = 1.959964.
    Constants that meet only integers are written as doubles (3.841459e0, 2e0): Spark keeps decimal
    literals decimal where DuckDB divides in double, and the two engines must give the same numbers. -#}

{% macro safe_ratio(numerator, denominator) -%}
    ({{ numerator }})::double / nullif({{ denominator }}, 0)
{%- endmacro %}

{#- Wilson score interval of x successes out of n; NULL when n = 0. -#}
{% macro wilson_bound(x, n, side) -%}
    {%- set bound -%}
        (
            ({{ x }})::double / ({{ n }}) + 3.841459e0 / (2e0 * ({{ n }}))
            {{ '-' if side == 'low' else '+' }} 1.959964 * sqrt(
                ({{ x }})::double / ({{ n }}) * (1 - ({{ x }})::double / ({{ n }})) / ({{ n }})
                + 3.841459e0 / (4e0 * ({{ n }}) * ({{ n }}))
            )
        ) / (1 + 3.841459e0 / ({{ n }}))
    {%- endset -%}
    case when ({{ n }}) > 0 then {{ round_double(bound, 6) }} end
{%- endmacro %}

{#- rate, ci_low and ci_high columns for x out of n, named <prefix>_rate ... (or rate ... without a prefix) -#}
{% macro rate_columns(x, n, prefix='') -%}
    {%- set p = prefix ~ '_' if prefix else '' -%}
    {{ round_double(safe_ratio(x, n), 6) }} as {{ p }}rate,
    {{ wilson_bound(x, n, 'low') }} as {{ p }}ci_low,
    {{ wilson_bound(x, n, 'high') }} as {{ p }}ci_high
{%- endmacro %}

{#- A denominator under this is a small sample (insights.rates.SMALL_SAMPLE agrees). -#}
{% macro small_sample_threshold() %}30{% endmacro %}
