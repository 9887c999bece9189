{#- Every non-null value of the column is in the contract list `enum_name` (contract/vocabulary.py):
    the allowed values are written once, in the contract module. -#}
{% test in_contract_values(model, column_name, enum_name) %}
select {{ column_name }} as value_not_in_contract
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} not in (
    {%- for value in contract_values(enum_name) %}'{{ value }}'{{ ", " if not loop.last }}{% endfor -%}
  )
{% endtest %}
