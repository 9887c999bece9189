{#- The ATS stage and outcome mapping, rendered by the intake from
    intake/ats_mapping.yml and the landing's mapping/ats.yml. -#}
with source as (
    select * from {{ source('intake', 'ats_value_map') }}
),

final as (
    select
        source_system,
        kind,
        match_type,
        match_value,
        target,
        precedence,
        defined_in
    from source
)

select * from final
