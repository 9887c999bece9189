{#- One shape of the common ATS shape (contract/connector.py SHAPES) from every connector that
    provides it (`ats_connectors()`, rendered from contract/connectors), as `union all` of their
    `int_ats_<connector>__<shape>` models. `columns` are the select list, SQL over that model;
    the name `source_system` in it becomes the connector's name. -#}
{% macro ats_union(shape, columns) -%}
    {%- set connectors = ats_connectors(shape) -%}
    {%- if not connectors -%}
        {{ exceptions.raise_compiler_error("no ATS connector (contract/connectors) provides the shape " ~ shape) }}
    {%- endif -%}
    {%- for connector in connectors %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        {%- for column in columns %}
        {{ "'" ~ connector.name ~ "' as source_system" if column == 'source_system' else column }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ ref('int_ats_' ~ connector.name ~ '__' ~ shape) }}
    {%- endfor %}
{%- endmacro %}

{#- The common ATS shape `identities` from a connector's identity records: one row per CRM id (of
    `candidates`: ats_candidate_id, crm_candidate_id), per e-mail (`emails`: ats_candidate_id,
    email_normalized) and per LinkedIn link (`links`: ats_candidate_id, linkedin_url_normalized),
    each kind in its own column. -#}
{% macro ats_identity_rows(candidates, emails, links) -%}
    select
        ats_candidate_id,
        crm_candidate_id,
        cast(null as string) as email_normalized,
        cast(null as string) as linkedin_url_normalized
    from {{ candidates }}
    where crm_candidate_id is not null
    union all
    select
        ats_candidate_id,
        cast(null as string) as crm_candidate_id,
        email_normalized,
        cast(null as string) as linkedin_url_normalized
    from {{ emails }}
    union all
    select
        ats_candidate_id,
        cast(null as string) as crm_candidate_id,
        cast(null as string) as email_normalized,
        linkedin_url_normalized
    from {{ links }}
{%- endmacro %}

{#- The common ATS shape `changed_records` from a connector's changed records: one row per record
    naming an ATS candidate (`candidate_records`: ats_candidate_id, crm_candidate_id, email, link; the
    last three null where the record does not carry them) and one per changed role (`role_ids`: role_id). -#}
{% macro ats_changed_records(candidate_records, role_ids) -%}
    select
        ats_candidate_id,
        cast(null as string) as role_id,
        crm_candidate_id,
        email,
        link
    from {{ candidate_records }}
    union all
    select
        cast(null as string) as ats_candidate_id,
        role_id,
        cast(null as string) as crm_candidate_id,
        cast(null as string) as email,
        cast(null as string) as link
    from {{ role_ids }}
{%- endmacro %}
