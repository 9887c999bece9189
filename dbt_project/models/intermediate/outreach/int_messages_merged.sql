{#- Messages re-pointed at their merged prospect (contract §5). -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with messages as (
    select * from {{ ref('stg_outreach__messages') }}
),

prospects as (
    select * from {{ ref('int_prospects_merged') }}
    where {{ changed_candidates_only('candidate_id') }}
),

final as (
    select
        messages.message_id,
        prospects.merged_prospect_id,
        prospects.candidate_id,
        messages.prospect_id as original_prospect_id,
        messages.sequence_id,
        messages.template_id,
        messages.step,
        messages.message_channel,
        messages.delivery_status,
        messages.is_delivered,
        messages.is_personalized,
        messages.sent_at
    from messages
    inner join prospects on prospects.prospect_id = messages.prospect_id
)

select * from final
