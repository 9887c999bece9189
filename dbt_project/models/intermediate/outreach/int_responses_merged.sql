{#- Responses re-pointed at their merged prospect, flagged for whether the funnel counts them:
    only human responses at or after first contact do (contract §6). A response stamped
    before first contact is a data-quality finding. -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with responses as (
    select * from {{ ref('stg_outreach__responses') }}
),

prospects as (
    select * from {{ ref('int_prospects_merged') }}
    where {{ changed_candidates_only('candidate_id') }}
),

outreach as (
    select * from {{ ref('int_prospect_outreach') }}
    where {{ changed_candidates_only('candidate_id') }}
),

final as (
    select
        responses.response_id,
        prospects.merged_prospect_id,
        prospects.candidate_id,
        responses.prospect_id as original_prospect_id,
        responses.message_id,
        responses.response_type,
        responses.decline_reason,
        responses.reconnect_after,
        responses.is_human,
        coalesce(responses.responded_at < outreach.contacted_at, true) as is_before_contact,
        coalesce(responses.is_human and responses.responded_at >= outreach.contacted_at, false)
            as counts_for_funnel,
        responses.responded_at
    from responses
    inner join prospects on prospects.prospect_id = responses.prospect_id
    left join outreach on outreach.merged_prospect_id = prospects.merged_prospect_id
)

select * from final
