{#- Conversion windows (contract §9.1): a prospect is eligible for a window of W days when it was
    contacted and contacted_at + W days <= data_as_of; it converted when the stage's timestamp is
    <= contacted_at + W days. The one list of (stage, days) every windowed rate is computed for:
    fct_prospect_windows has a pair of columns per entry, agg_windowed_rates a row. -#}
{% macro rate_windows() -%}
    {{ return([('replied', 14), ('replied', 30), ('interested', 30), ('interested', 120),
               ('screened', 120), ('hired', 120)]) }}
{%- endmacro %}

{#- The distinct window lengths of rate_windows(), shortest first. -#}
{% macro window_lengths() -%}
    {{ return(rate_windows() | map(attribute=1) | unique | sort | list) }}
{%- endmacro %}
