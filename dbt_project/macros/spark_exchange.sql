{#- How the Spark targets meet the rest of the pipeline (docs/spark.md). The Dagster intake writes
    typed, validated tables to DuckDB; before a Spark build it exports every dbt source to
    `<source_parquet_dir>/<schema>/<table>/`, and after the build the tables dbt wrote are copied
    to `<publish_parquet_dir>/<schema>/<name>/`, over which the pipeline creates DuckDB views.
    On DuckDB both hooks do nothing. -#}

{#- on-run-start: each source becomes a Parquet table in the Spark catalog, re-registered every
    run so a changed column list or folder is picked up (dropping it leaves the files alone). -#}
{% macro register_source_parquet() %}
    {%- if execute and target.type == 'spark' -%}
        {%- set root = var('source_parquet_dir') -%}
        {%- set sources = graph.sources.values() | sort(attribute='unique_id') -%}
        {%- for schema in sources | map(attribute='schema') | unique -%}
            {%- do run_query('create database if not exists ' ~ schema) -%}
        {%- endfor -%}
        {%- for source in sources -%}
            {%- set relation = source.schema ~ '.' ~ source.identifier -%}
            {%- do run_query('drop table if exists ' ~ relation) -%}
            {%- do run_query('create table ' ~ relation ~ " using parquet options (path '"
                             ~ root ~ '/' ~ source.schema ~ '/' ~ source.identifier ~ "')") -%}
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
