{#- Per merged prospect with at least one response the funnel counts: first reply, first
    interest, the latest human response (ties: greatest response_id), first opt-out or decline. -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with responses as (
    select * from {{ ref('int_responses_merged') }}
    where counts_for_funnel and {{ changed_candidates_only('candidate_id') }}
),

latest as (
    select
        merged_prospect_id,
        response_type as latest_response_type,
        decline_reason as latest_decline_reason,
        reconnect_after as latest_reconnect_after
    from responses
    qualify row_number() over (
        partition by merged_prospect_id order by responded_at desc, response_id desc
    ) = 1
),

firsts as (
    select
        merged_prospect_id,
        candidate_id,
        count(*) as human_responses,
        min(responded_at) as first_response_at,
        min(responded_at) filter (where response_type = 'interested') as first_interested_at,
        min(responded_at) filter (where {{ in_contract_list('response_type', 'stop_response') }}) as first_stop_at
    from responses
    group by merged_prospect_id, candidate_id
),

final as (
    select
        firsts.merged_prospect_id,
        firsts.candidate_id,
        latest.latest_response_type,
        latest.latest_decline_reason,
        latest.latest_reconnect_after,
        firsts.human_responses,
        firsts.first_response_at,
        firsts.first_interested_at,
        firsts.first_stop_at
    from firsts
    inner join latest on latest.merged_prospect_id = firsts.merged_prospect_id
)

select * from final
