{#- Interval and test arithmetic for rates that are ratios of counts. Checked against scipy in
    tests/analytics/test_stats_arithmetic.py. Z = 1.959964 gives 95 % intervals. Constants that
    meet only integers are written as doubles (3.841459e0, 1e0): Spark keeps decimal literals
    decimal where DuckDB divides in double, and the two engines must give the same numbers. -#}

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

{#- Pooled two-proportion z statistic for x1/n1 against x2/n2. -#}
{% macro two_proportion_z(x1, n1, x2, n2) -%}
    case when ({{ n1 }}) > 0 and ({{ n2 }}) > 0
              and ({{ x1 }}) + ({{ x2 }}) > 0 and ({{ x1 }}) + ({{ x2 }}) < ({{ n1 }}) + ({{ n2 }})
        then (({{ x1 }})::double / ({{ n1 }}) - ({{ x2 }})::double / ({{ n2 }})) / sqrt(
            (({{ x1 }}) + ({{ x2 }}))::double / (({{ n1 }}) + ({{ n2 }}))
            * (1 - (({{ x1 }}) + ({{ x2 }}))::double / (({{ n1 }}) + ({{ n2 }})))
            * (1e0 / ({{ n1 }}) + 1e0 / ({{ n2 }}))
        )
    end
{%- endmacro %}

{#- Two-sided p-value of a standard normal statistic: erfc(|z| / sqrt 2), Abramowitz & Stegun
    7.1.26 (absolute error below 1.5e-7). -#}
{% macro two_sided_p(z) -%}
    case when ({{ z }}) is not null then (
        (1.0 / (1 + 0.3275911 * abs({{ z }}) / sqrt(2)))
        * (0.254829592 + (1.0 / (1 + 0.3275911 * abs({{ z }}) / sqrt(2)))
        * (-0.284496736 + (1.0 / (1 + 0.3275911 * abs({{ z }}) / sqrt(2)))
        * (1.421413741 + (1.0 / (1 + 0.3275911 * abs({{ z }}) / sqrt(2)))
        * (-1.453152027 + (1.0 / (1 + 0.3275911 * abs({{ z }}) / sqrt(2))) * 1.061405429))))
        * exp(-(({{ z }}) * ({{ z }})) / 2)
    ) end
{%- endmacro %}

{#- Half width of the 95 % Wald interval of p1 - p2 (unpooled). -#}
{% macro difference_half_width(x1, n1, x2, n2) -%}
    1.959964 * sqrt(
        ({{ x1 }})::double / ({{ n1 }}) * (1 - ({{ x1 }})::double / ({{ n1 }})) / ({{ n1 }})
        + ({{ x2 }})::double / ({{ n2 }}) * (1 - ({{ x2 }})::double / ({{ n2 }})) / ({{ n2 }})
    )
{%- endmacro %}

{% macro small_sample_threshold() %}30{% endmacro %}

{% macro capitalize(text) -%}
    (upper(left({{ text }}, 1)) || substr({{ text }}, 2))
{%- endmacro %}
