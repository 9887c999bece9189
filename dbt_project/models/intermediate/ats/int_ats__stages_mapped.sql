{#- One row per connector stage (e.g. a Greenhouse job stage, a Lever pipeline stage) of every
    connector (contract/connectors; each maps its stages in `int_ats_<connector>__stages`): the
    contract stage it counts as, `lead` (Lever's lead stages: outreach recorded in the ATS), or NULL
    when no entry of the ATS mapping matches (reported in marts.dq_ats_stage_mapping). -#}
with final as (
    {{ ats_union('stages', ['source_system', 'stage_id', 'stage_name', 'mapped_stage', 'mapped_by', 'mapped_in']) }}
)

select * from final
