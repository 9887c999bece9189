{#- Helpers for connector tables (Greenhouse, Lever) in staging. -#}

{#- Rows a connector marked as deleted are kept in the intake and ignored from staging on. -#}
{% macro not_deleted(flag='_fivetran_deleted') -%}
    not coalesce({{ flag }}, false)
{%- endmacro %}

{#- Tables keyed by several columns have no intake primary key (every row is staged): keep the
    row of the latest drop per key, as the intake does for single-column keys (contract §1). -#}
{% macro latest_drop_row(keys) -%}
    row_number() over (partition by {{ keys | join(', ') }} order by _drop_seq desc, _row_number desc) = 1
{%- endmacro %}
