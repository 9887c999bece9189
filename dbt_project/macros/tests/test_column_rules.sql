{#- A model's per-column rules as one data test (one dbt node and query per model instead of one per
    column and rule: dbt's per-node cost, not the SQL, was most of a small run's time). Rules are those
    of dbt's own tests: a `not_null` column holds no NULL; a `unique` column holds no value in more
    than one row (NULLs aside). Returns one row per broken rule, naming the column, the rule and how
    many rows (not_null) or values (unique) break it; no row when every rule holds. -#}
{% test column_rules(model, not_null=[], unique=[]) %}
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
    {%- if not checks -%}
        {{ exceptions.raise_compiler_error("column_rules on " ~ model ~ ": name at least one not_null or unique column") }}
    {%- endif %}
    {{ checks | join('\n    union all\n    ') }}
{% endtest %}
