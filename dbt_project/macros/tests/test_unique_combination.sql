{#- The columns together identify a row: returns every combination held by more than one row
    (NULLs count as equal, as in GROUP BY). -#}
{% test unique_combination(model, columns) %}
    select {{ columns | join(', ') }}, count(*) as rows_with_this_key
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
