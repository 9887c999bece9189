{#- How the Spark targets meet the rest of the pipeline (docs/spark.md). The Dagster intake writes
    typed, validated tables to DuckDB; before a Spark build it exports every dbt source to
    `<source_parquet_dir>/<schema>/<table>/`, and after the build the tables dbt wrote are copied
    to `<publish_parquet_dir>/<schema>/<name>/`, over which the pipeline creates DuckDB views.
    On DuckDB both hooks do nothing. -#}

{#- on-run-start: each source becomes a view over its Parquet folder in the Spark catalog. A view
    reads the folder's files and columns afresh at every query, so a run that changed the files
    or added a column needs no refresh (a Parquet table would keep its first schema and file
    list), and one statement per source keeps the hook short. -#}
{% macro register_source_parquet() %}
    {%- if execute and target.type == 'spark' -%}
        {%- set root = var('source_parquet_dir') -%}
        {%- set sources = graph.sources.values() | sort(attribute='unique_id') -%}
        {%- for schema in sources | map(attribute='schema') | unique -%}
            {%- do run_query('create database if not exists ' ~ schema) -%}
        {%- endfor -%}
        {%- for source in sources -%}
            {%- do run_query('create or replace view ' ~ source.schema ~ '.' ~ source.identifier
                             ~ ' as select * from parquet.`' ~ root ~ '/' ~ source.schema ~ '/' ~ source.identifier ~ '`') -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}

{#- on-run-end: every table and seed this run built, as Parquet files for DuckDB to read (views
    stay behind: they are read inside the build only). Only when the pipeline asks for it. -#}
{% macro publish_parquet(results) %}
    {%- if execute and target.type == 'spark' and var('publish_parquet_dir', none) -%}
        {%- set root = var('publish_parquet_dir') -%}
        {%- for result in results
              if result.status == 'success'
              and result.node.resource_type in ('model', 'seed')
              and result.node.config.materialized in ('table', 'incremental', 'seed') -%}
            {%- set node = result.node -%}
            {%- do run_query("insert overwrite directory '" ~ root ~ '/' ~ node.schema ~ '/' ~ node.alias
                             ~ "' using parquet select * from " ~ node.schema ~ '.' ~ node.alias) -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
