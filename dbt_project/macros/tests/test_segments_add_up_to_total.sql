{#- Within every segment_type, the counts of its segment_values add up to the `all` row. Returns
    the segment types and columns that do not. -#}
{% test segments_add_up_to_total(model, columns) %}
    with sums as (
        select
            segment_type,
            {% for column in columns %}sum({{ column }}) as {{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
        from {{ model }}
        group by segment_type
    ),

    total as (
        select * from sums where segment_type = 'all'
    )

    select sums.segment_type
    from sums
    cross join total
    where {% for column in columns %}sums.{{ column }} <> total.{{ column }}{% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}
