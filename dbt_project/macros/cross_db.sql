{#- Where DuckDB and Spark SQL really differ, one macro per difference with a `duckdb__` and a
    `spark__` version (docs/spark.md). Models use these and otherwise stay in the SQL both
    dialects share. Each `duckdb__` version renders what the models said before the port. -#}

{#- dbt's cross-database datediff and dateadd, Spark versions (dbt_project.yml dispatches the `dbt`
    namespace to this project first). dbt-spark's dateadd drops fractions of a second (it adds whole
    unix seconds), and its datediff by minute or hour rounds the difference of the two instants up
    where DuckDB counts the unit boundaries between them; both also write each argument out several
    times. DuckDB keeps dbt-duckdb's versions: date_diff(unit, a, b), a + n * interval 1 unit. -#}
{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- if datepart == 'day' -%}
        datediff(cast({{ second_date }} as date), cast({{ first_date }} as date))
    {%- elif datepart in ('second', 'minute', 'hour') -%}
        timestampdiff({{ datepart | upper }}, date_trunc('{{ datepart }}', {{ first_date }}),
                      date_trunc('{{ datepart }}', {{ second_date }}))
    {%- else -%}
        {{ exceptions.raise_compiler_error("datediff by " ~ datepart ~ ": no Spark version that agrees with DuckDB") }}
    {%- endif -%}
{%- endmacro %}

{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd({{ datepart | upper }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}

{#- A timestamp as text, `format` in strftime spelling (%Y %m %d %H %M %S and literal text). -#}
{% macro format_timestamp(timestamp, format) -%}
    {{ return(adapter.dispatch('format_timestamp')(timestamp, format)) }}
{%- endmacro %}

{% macro duckdb__format_timestamp(timestamp, format) -%}
    strftime({{ timestamp }}, '{{ format }}')
{%- endmacro %}

{% macro spark__format_timestamp(timestamp, format) -%}
    {%- set pattern = format | replace('%Y', 'yyyy') | replace('%m', 'MM') | replace('%d', 'dd')
                             | replace('%H', 'HH') | replace('%M', 'mm') | replace('%S', 'ss') -%}
    {%- if '%' in pattern -%}
        {{ exceptions.raise_compiler_error("format_timestamp: no Spark spelling for " ~ format) }}
    {%- endif -%}
    date_format({{ timestamp }}, '{{ pattern }}')
{%- endmacro %}

{#- `value` of the row with the greatest (arg_max) or least (arg_min) `order_by`, a list of
    expressions compared left to right. Rows whose value or single ordering expression is NULL
    are skipped, as DuckDB's arg_max does (Spark's max_by would return their NULL). -#}
{% macro arg_max(value, order_by) -%}
    {{ return(adapter.dispatch('arg_extreme')('max', value, order_by)) }}
{%- endmacro %}

{% macro arg_min(value, order_by) -%}
    {{ return(adapter.dispatch('arg_extreme')('min', value, order_by)) }}
{%- endmacro %}

{% macro duckdb__arg_extreme(extreme, value, order_by) -%}
    {%- set key = order_by[0] if order_by | length == 1 else '(' ~ order_by | join(', ') ~ ')' -%}
    arg_{{ extreme }}({{ value }}, {{ key }})
{%- endmacro %}

{% macro spark__arg_extreme(extreme, value, order_by) -%}
    {%- set key = order_by[0] if order_by | length == 1 else 'struct(' ~ order_by | join(', ') ~ ')' -%}
    {{ extreme }}_by({{ value }}, case when {{ value }} is not null then {{ key }} end)
{%- endmacro %}

{#- Any non-NULL value of the group (DuckDB's any_value skips NULLs; Spark's does when told so). -#}
{% macro any_non_null(value) -%}
    {{ return(adapter.dispatch('any_non_null')(value)) }}
{%- endmacro %}

{% macro duckdb__any_non_null(value) -%}
    any_value({{ value }})
{%- endmacro %}

{% macro spark__any_non_null(value) -%}
    any_value({{ value }}, true)
{%- endmacro %}

{#- Every column of the relation in scope except `columns` (DuckDB `exclude`, Spark `except`). -#}
{% macro star_except(columns) -%}
    {{ return(adapter.dispatch('star_except')(columns)) }}
{%- endmacro %}

{% macro duckdb__star_except(columns) -%}
    * exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__star_except(columns) -%}
    * except ({{ columns | join(', ') }})
{%- endmacro %}

{#- A double rounded to `digits` decimals (at most 7) the way DuckDB does it: its exact binary
    value, half away from zero (59.535 is stored as 59.53499999... and gives 59.53). Spark's
    round(double, d) rounds the shortest decimal text half up instead (59.54). On Spark: scale by
    10^digits; the product is rounded to a double and may land exactly on .5, so its rounding error
    (Dekker's exact product: the value split into two 26-bit halves, 10^digits has fewer bits)
    decides the side of such a tie. Checked against exact decimal rounding in tests/spark/. -#}
{% macro round_double(value, digits) -%}
    {{ return(adapter.dispatch('round_double')(value, digits)) }}
{%- endmacro %}

{% macro duckdb__round_double(value, digits) -%}
    round({{ value }}, {{ digits }})
{%- endmacro %}

{% macro spark__round_double(value, digits, ties='away') -%}
    {#- the value is bound once, as the lambda's `x`: written out in each place, the Wilson bounds
        of one rate made agg_windowed_rates' SQL 28 KB instead of 8 -#}
    {%- set scale = '1e' ~ digits -%}
    {%- set scaled = '(x * ' ~ scale ~ ')' -%}
    {%- set high = '(134217729e0 * x - (134217729e0 * x - x))' -%}
    {%- set error = '((' ~ high ~ ' * ' ~ scale ~ ' - ' ~ scaled ~ ') + (x - ' ~ high ~ ') * ' ~ scale ~ ')' -%}
    {%- set tie = scaled ~ ' - floor(' ~ scaled ~ ') = 0.5e0' -%}
    element_at(transform(array(cast({{ value }} as double)), x -> case
        when {{ tie }} and {{ error }} < 0 then floor({{ scaled }})
        when {{ tie }} and {{ error }} > 0 then ceil({{ scaled }})
        else {{ 'bround' if ties == 'even' else 'round' }}({{ scaled }})
    end / {{ scale }}), 1)
{%- endmacro %}

{#- A double to pass to printf's `%.<digits>f`, so that both engines print the same digits. DuckDB's
    printf rounds the exact binary value, ties to even (0.25 -> 0.2, 0.35 -> 0.3); Spark's (Java's
    Formatter) rounds the shortest decimal text half up (0.3, 0.4). On Spark the value is rounded
    DuckDB's way first (round_double with ties to even), and Java then prints those digits. -#}
{% macro printf_fixed(value, digits) -%}
    {{ return(adapter.dispatch('printf_fixed')(value, digits)) }}
{%- endmacro %}

{% macro duckdb__printf_fixed(value, digits) -%}
    {{ value }}
{%- endmacro %}

{% macro spark__printf_fixed(value, digits) -%}
    {{ spark__round_double(value, digits, ties='even') }}
{%- endmacro %}

{#- `union all` of selects that each name only the columns they have, matched by name; every
    other column is NULL (DuckDB's `union all by name`, spelled out). `branches` is a list of
    (relation, columns) with columns as expressions, optionally `expression as name`. -#}
{% macro union_all_by_name(branches) -%}
    {%- set names = [] -%}
    {%- for relation, columns in branches -%}
        {%- for column in columns -%}
            {%- set name = column.split(' as ')[-1] | trim -%}
            {%- if name not in names %}{% do names.append(name) %}{% endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for relation, columns in branches %}
    {%- set given = {} -%}
    {%- for column in columns %}{% do given.update({column.split(' as ')[-1] | trim: column}) %}{% endfor %}
    {% if not loop.first %}union all{% endif %}
    select
        {%- for name in names %}
        {{ given[name] if name in given else 'null as ' ~ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    {%- endfor %}
{%- endmacro %}

{#- The wall clock now, as a UTC timestamp without time zone (the warehouse's timestamps are UTC):
    DuckDB's current_timestamp carries a time zone; Spark's session time zone is UTC (profiles.yml). -#}
{% macro utc_now() -%}
    {{ return(adapter.dispatch('utc_now')()) }}
{%- endmacro %}

{% macro duckdb__utc_now() -%}
    timezone('UTC', current_timestamp)
{%- endmacro %}

{% macro spark__utc_now() -%}
    current_timestamp()
{%- endmacro %}
