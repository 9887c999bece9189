{#- One row per CRM candidate: its identity keys of contract §4 (CRM id, normalized email,
    normalized LinkedIn URL), normalized once and kept. Identity resolution
    (int_ats_candidates_linked) and the changed-candidate scope (int_changed_candidates) join on
    them; before, each normalized every CRM candidate's e-mail and URL (five regular expressions
    and a URL decode per row) in every run. Incremental by the CRM candidate's own record: a run
    normalizes only the candidates whose intake row it removed or wrote. The raw e-mail and URL are
    filtered first and normalized here (the same macros as stg_sourcing__candidates): DuckDB
    computes a view's expressions before a semi-join on its rows, so selecting the view's
    normalized columns normalized every candidate to keep a few. -#}
{{ config(
    materialized='incremental',
    unique_key='candidate_id',
    incremental_strategy=('replace_changed_crm_candidates' if target.type == 'duckdb' else 'insert_overwrite'),
    on_schema_change='fail',
) }}

with candidates as (
    select candidate_id, email, linkedin_url
    from {{ ref('stg_sourcing__candidates') }}
    where {{ changed_candidates_only('candidate_id', 'int_changed_crm_candidates') }}
),

final as (
    select
        candidate_id,
        {{ normalize_email('email') }} as email_normalized,
        {{ normalize_linkedin_url('linkedin_url') }} as linkedin_url_normalized
    from candidates
)

select * from final
