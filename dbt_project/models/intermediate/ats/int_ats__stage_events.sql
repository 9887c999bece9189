{#- One row per stage event of an application in int_ats__applications, every ATS shape: the
    contract's ats/stage_events as exported, and every connector's (`int_ats_<connector>__stage_events`:
    each move into a stage the ATS mapping maps to a contract stage, and how the application ended:
    hired, rejected or withdrawn, with the reason's text). Events of stages no mapping entry matches
    are left out there and counted in marts.dq_ats_stage_mapping. -#}
with contract_events as (
    select * from {{ ref('stg_ats__stage_events') }}
),

connector_events as (
    {{ ats_union('stage_events', ['source_system', 'event_id', 'application_id', 'stage', 'stage_reason', 'entered_at']) }}
),

final as (
    select
        event_id,
        'contract' as source_system,
        application_id,
        stage,
        stage_progress,
        stage_reason,
        entered_at
    from contract_events
    union all
    select
        event_id,
        source_system,
        application_id,
        stage,
        {{ ats_stage_progress('stage') }} as stage_progress,
        stage_reason,
        entered_at
    from connector_events
)

select * from final
