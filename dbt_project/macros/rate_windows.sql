{#- Generated from contract/windows.py by `python -m contract.dbt`: do not edit. -#}
{% macro rate_windows() -%}
    {{ return([('replied', 14), ('replied', 30), ('interested', 30), ('interested', 120), ('screened', 120), ('hired', 120)]) }}
{%- endmacro %}
