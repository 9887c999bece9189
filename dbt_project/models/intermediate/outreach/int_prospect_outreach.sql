{#- Per merged prospect with at least one message: first contact (channel, sequence, template,
    personalization of the first delivered message) and delivery counts. -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with messages as (
    select * from {{ ref('int_messages_merged') }}
    where {{ changed_candidates_only('candidate_id') }}
),

first_delivered as (
    select
        merged_prospect_id,
        message_channel as first_outreach_channel,
        sequence_id as first_sequence_id,
        template_id as first_template_id,
        is_personalized as first_touch_personalized,
        sent_at as contacted_at
    from messages
    where is_delivered
    qualify row_number() over (partition by merged_prospect_id order by sent_at, message_id) = 1
),

counts as (
    select
        merged_prospect_id,
        candidate_id,
        count(*) as messages_sent,
        count(*) filter (where is_delivered) as delivered_messages
    from messages
    group by merged_prospect_id, candidate_id
),

final as (
    select
        counts.merged_prospect_id,
        counts.candidate_id,
        first_delivered.first_outreach_channel,
        first_delivered.first_sequence_id,
        first_delivered.first_template_id,
        first_delivered.first_touch_personalized,
        first_delivered.contacted_at,
        counts.messages_sent,
        counts.delivered_messages
    from counts
    left join first_delivered on first_delivered.merged_prospect_id = counts.merged_prospect_id
)

select * from final
