{#- How the Spark targets meet the rest of the pipeline (docs/spark.md). The Dagster intake writes
    typed, validated tables to DuckDB; before a Spark build it exports every dbt source to
    `<source_parquet_dir>/<schema>/<table>/`, and every model of the published schemas is copied
    to `<publish_parquet_dir>/<schema>/<name>/`, over which the pipeline creates DuckDB views.
    Both are model hooks (dbt_project.yml) that render nothing on DuckDB, so DuckDB runs nothing
    more (run-level hooks would still show up as executed steps there). -#}

{#- pre-hook: the sources this model reads, itself or through ephemeral models compiled into it (at
    any depth: a connector's changed-records model reads the ephemeral change-table staging), become
    views over their Parquet folders in the Spark
    catalog. A view reads the folder's files and columns afresh at every query, so a run that
    replaced the files or added a column needs no refresh (a Parquet table would keep its first
    schema and file list). Runs its statements itself and leaves the hook empty. -#}
{% macro register_source_parquet() %}
    {%- if execute and target.type == 'spark' -%}
        {%- set root = var('source_parquet_dir') -%}
        {%- set read = [] -%}
        {%- set pending = model.depends_on.nodes | list -%}
        {#- the loop also visits what it appends: an ephemeral model's own inputs -#}
        {%- for node_id in pending -%}
            {%- if node_id in graph.sources -%}
                {%- do read.append(node_id) -%}
            {%- elif node_id in graph.nodes and graph.nodes[node_id].config.materialized == 'ephemeral' -%}
                {%- do pending.extend(graph.nodes[node_id].depends_on.nodes) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for node_id in read | unique -%}
            {%- set source = graph.sources[node_id] -%}
            {%- do run_query('create database if not exists ' ~ source.schema) -%}
            {%- do run_query('create or replace view ' ~ source.schema ~ '.' ~ source.identifier
                             ~ ' as select * from parquet.`' ~ root ~ '/' ~ source.schema ~ '/' ~ source.identifier ~ '`') -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}

{#- post-hook: a model or seed of a published schema (marts, reference: what the dashboards,
    checks and readers of contract §9 use), copied as Parquet files for DuckDB to read; views too,
    as their rows at this run (fct_prospect_windows, fct_diagnosis_observations). Staging and
    intermediate models are read inside the build only. Only when the pipeline passes the folder. -#}
{% macro publish_parquet() %}
    {%- if execute and target.type == 'spark' and var('publish_parquet_dir', none)
          and this.schema in ('marts', 'reference') -%}
        insert overwrite directory '{{ var('publish_parquet_dir') }}/{{ this.schema }}/{{ this.identifier }}'
        using parquet select * from {{ this }}
    {%- endif -%}
{% endmacro %}

{#- The materialization of the two models that are views on DuckDB (fct_prospect_windows,
    fct_diagnosis_observations): a table on Spark. Spark plans a view afresh inside every query
    that reads it, and agg_windowed_rates reads fct_prospect_windows in seven branches: planning
    it took more CPU than running it (about 10 of 20 CPU-seconds on the worked example). Spark
    rebuilds every table at every run anyway (docs/spark.md, incremental models), so a table
    there holds exactly what the view would show. -#}
{% macro view_on_duckdb_table_on_spark() %}
    {{- return('view' if target.type == 'duckdb' else 'table') -}}
{% endmacro %}
