{#- Conversion windows (contract §9.1): a prospect is eligible for a window of W days when it was
    contacted and contacted_at + W days <= data_as_of; it converted when the stage's timestamp is
    <= contacted_at + W days. The one list of (stage, days) every windowed rate is computed for is
    rate_windows() (macros/rate_windows.sql, rendered from contract/windows.py):
    fct_prospect_windows has a pair of columns per entry, agg_windowed_rates a row. -#}

{#- The distinct window lengths of rate_windows(), shortest first. -#}
{% macro window_lengths() -%}
    {{ return(rate_windows() | map(attribute=1) | unique | sort | list) }}
{%- endmacro %}

{#- The counts behind the windowed rates, as agg_windowed_rates names them: every contacted prospect,
    those eligible for each window length, and those who converted within each window. -#}
{% macro windowed_counts() -%}
    {%- set counted = ['contacted'] -%}
    {%- for days in window_lengths() %}{% do counted.append('eligible_%sd' % days) %}{% endfor -%}
    {%- for stage, days in rate_windows() %}{% do counted.append('%s_within_%sd' % (stage, days)) %}{% endfor -%}
    {{ return(counted) }}
{%- endmacro %}
