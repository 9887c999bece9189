{#- Grain: one row per (ATS, stage name) of the connector tables: the contract stage the ATS
    mapping gives it (NULL = unmapped: its events are left out of the funnel), how many stage ids
    carry the name (Greenhouse: one per job) and how many history events and applications entered
    it. Stage ids the history names but the stage table lacks are one row, `(unknown stage id)`.
    Unmapped names are never dropped silently: the Data-quality page lists them with counts. -#}
with stages as (
    select * from {{ ref('int_ats__stages_mapped') }}
),

moves as (
    {{ ats_union('stage_moves', ['source_system', 'stage_id', 'application_id']) }}
),

stage_moves as (
    select
        coalesce(stages.source_system, moves.source_system) as source_system,
        coalesce(stages.stage_name, '(unknown stage id)') as stage_name,
        stages.mapped_stage,
        stages.mapped_by,
        stages.mapped_in,
        coalesce(stages.stage_id, moves.stage_id) as stage_id,
        moves.application_id
    from stages
    full outer join moves on moves.source_system = stages.source_system and moves.stage_id = stages.stage_id
),

final as (
    select
        source_system,
        stage_name,
        mapped_stage,
        mapped_by,
        mapped_in,
        mapped_stage is null as is_unmapped,
        count(distinct stage_id) as stage_ids,
        count(application_id) as stage_events,
        count(distinct application_id) as applications
    from stage_moves
    group by source_system, stage_name, mapped_stage, mapped_by, mapped_in
)

select * from final
