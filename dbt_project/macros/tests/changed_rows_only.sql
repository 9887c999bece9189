{#- Which rows a data test reads. dbt wraps the tested relation of every generic test in this macro
    (its `where` config); here also: in an incremental run (no --full-refresh), a test on a model
    kept by incremental_strategy='replace_changed_candidates' reads only the rows of the candidates
    this run rewrote (int_changed_candidates; 'replace_changed_crm_candidates': the CRM candidates
    whose own intake row changed, int_changed_crm_candidates). The other rows are the ones an earlier run wrote and
    tested, and nothing has touched them since (macros/incremental.sql). Every row of every model is
    tested in every full rebuild: the first run, `funnel run --full-refresh`, any run whose intake
    rebuilt a table, and the daily scheduled run (orchestration/quality/automation.py). A scoped
    test still fails on a bad row: it only skips rows it has already passed. -#}
{% macro duckdb__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- if config.get('where') -%}
        {%- do conditions.append(config.get('where')) -%}
    {%- endif -%}
    {%- set scope = changed_candidates_scope(relation) -%}
    {%- if scope -%}
        {%- do conditions.append(scope) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where (' ~ conditions | join(') and (') ~ ')) dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- The condition that keeps the rows of the changed candidates, or none: during parsing, in a full
    rebuild, and for relations that are not incremental models keyed by candidate. -#}
{% macro changed_candidates_scope(relation) -%}
    {%- if not execute or flags.FULL_REFRESH or relation.identifier is none -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set changed = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                      | selectattr('name', 'equalto', 'int_changed_candidates') | first -%}
    {%- set crm_changes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                          | selectattr('name', 'equalto', 'int_changed_crm_candidates') | first -%}
    {%- set scopes = {'replace_changed_candidates': changed.relation_name,
                      'replace_changed_crm_candidates': crm_changes.relation_name} -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.alias == relation.identifier and node.schema == relation.schema
              and node.config.materialized == 'incremental'
              and node.config.get('incremental_strategy') in scopes -%}
            {%- set kept_by = scopes[node.config.get('incremental_strategy')] -%}
            {%- do return('candidate_id in (select candidate_id from ' ~ kept_by ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do return(none) -%}
{%- endmacro %}
