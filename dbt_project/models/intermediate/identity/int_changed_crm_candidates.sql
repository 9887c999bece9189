{#- The CRM candidates whose own intake record this run removed or wrote (intake_changes, both
    images): the rows int_crm_candidate_keys recomputes (strategy replace_changed_crm_candidates,
    macros/incremental.sql). A table, because that strategy's delete reads it after the model's own
    query, where an ephemeral change table is not there. Empty after a full rebuild. -#}
select distinct candidate_id
from {{ ref('stg_changes__sourcing__candidates') }}
where candidate_id is not null
