{#- Incremental models keyed by CRM candidate. Every per-prospect fact depends only on rows of one
    candidate (prospects merge within a candidate; messages, responses and linked applications
    belong to one of its prospects), so recomputing the candidates a run touched
    (int_changed_candidates) and keeping every other row gives the same table as a full rebuild.

    The strategy is chosen per adapter in dbt_project.yml. DuckDB: `replace_changed_candidates`
    below. Spark: `insert_overwrite` of the whole table, every candidate recomputed. Parquet
    tables cannot delete rows (no Delta here), and partitioning by changed candidate is not
    expressible: one partition per candidate is millions of partitions, and hash buckets do not
    help because a 1 % drop touches candidates in nearly every bucket (docs/spark.md). -#}

{#- The filter an incremental model applies to its driving rows: their candidate changed (only
    where the strategy is replace_changed_candidates; on Spark every run rewrites the whole
    table). `changes` is the model listing the changed candidates: int_changed_candidates, or
    int_changed_crm_candidates for a model computed from a CRM candidate's own record alone. The
    ref is taken unconditionally so dbt orders the model after it. -#}
{% macro changed_candidates_only(column, changes='int_changed_candidates') -%}
    {%- set changed = ref(changes) -%}
    {%- if is_incremental() and replaces_changed_candidates() -%}
        {{ column }} in (select candidate_id from {{ changed }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- Whether this adapter's incremental models use replace_changed_candidates (dbt_project.yml
    sets the strategy by adapter the same way). -#}
{% macro replaces_changed_candidates() -%}
    {{ return(adapter.dispatch('replaces_changed_candidates')()) }}
{%- endmacro %}

{% macro duckdb__replaces_changed_candidates() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro spark__replaces_changed_candidates() -%}
    {{ return(false) }}
{%- endmacro %}

{#- incremental_strategy='replace_changed_candidates': delete every row of a changed candidate
    (rows may disappear, not only change), then insert the recomputed rows. -#}
{% macro get_incremental_replace_changed_candidates_sql(arg_dict) -%}
    {{ replace_candidates_sql(arg_dict, 'select candidate_id from ' ~ ref('int_changed_candidates')) }}
{%- endmacro %}

{#- incremental_strategy='replace_changed_crm_candidates': as replace_changed_candidates, for the
    CRM candidates whose own intake row this run removed or wrote (int_changed_crm_candidates): a
    model computed from that record alone (int_crm_candidate_keys), which int_changed_candidates
    itself reads, so it cannot be keyed by int_changed_candidates. -#}
{% macro get_incremental_replace_changed_crm_candidates_sql(arg_dict) -%}
    {{ replace_candidates_sql(arg_dict, 'select candidate_id from ' ~ ref('int_changed_crm_candidates')) }}
{%- endmacro %}

{#- Delete the target's rows whose unique_key is among `candidate_ids` (a query of candidate_id),
    then insert the recomputed rows. -#}
{% macro replace_candidates_sql(arg_dict, candidate_ids) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ arg_dict['unique_key'] }} in ({{ candidate_ids }});
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
