{#- `expression in (...)` over a contract list (contract/vocabulary.py DBT_LISTS, rendered into
    contract_values()): no value list written out again in a model. -#}
{% macro in_contract_list(expression, list_name) -%}
    {{ expression }} in (
        {%- for value in contract_values(list_name) %}'{{ value }}'{{ ", " if not loop.last }}{% endfor -%}
    )
{%- endmacro %}
