{#- A model's per-column rules as one data test (one dbt node per model instead of one per column
    and rule: dbt's per-node cost, not the SQL, was most of a small run's time). Rules are those of
    dbt's own tests: a `not_null` column holds no NULL; a `unique` column holds no value in more than
    one row; an `accepted_values` column (column: [values]) holds only those values (NULLs aside, as
    dbt's; values compared as quoted strings). Returns one row per broken rule, naming the column,
    the rule and how many rows (not_null) or distinct values (unique, accepted_values) break it; no
    row when every rule holds. -#}
{% test column_rules(model, not_null=[], unique=[], accepted_values={}) %}
    {%- set checks = [] -%}
    {%- for column in not_null -%}
        {%- do checks.append(
            "select '" ~ column ~ "' as column_name, 'not_null' as rule, count(*) as failing"
            ~ " from " ~ model ~ " where " ~ column ~ " is null having count(*) > 0") -%}
    {%- endfor -%}
    {%- for column in unique -%}
        {%- do checks.append(
            "select '" ~ column ~ "' as column_name, 'unique' as rule, count(*) as failing"
            ~ " from (select " ~ column ~ " from " ~ model ~ " where " ~ column ~ " is not null"
            ~ " group by " ~ column ~ " having count(*) > 1) duplicated having count(*) > 0") -%}
    {%- endfor -%}
    {%- for column, values in accepted_values.items() -%}
        {%- do checks.append(
            "select '" ~ column ~ "' as column_name, 'accepted_values' as rule, count(distinct " ~ column ~ ") as failing"
            ~ " from " ~ model ~ " where " ~ column ~ " not in ('" ~ values | join("', '") ~ "')"
            ~ " having count(*) > 0") -%}
    {%- endfor -%}
    {%- if not checks -%}
        {{ exceptions.raise_compiler_error("column_rules on " ~ model ~ ": name at least one not_null, unique or accepted_values column") }}
    {%- endif %}
    {{ checks | join('\n    union all\n    ') }}
{% endtest %}
