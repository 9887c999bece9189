{#- Map connector names (stages, reasons, sources, job titles) onto contract values with the ATS
    mapping (stg_mapping__ats_values, rendered from intake/ats_mapping.yml and the
    landing's mapping/ats.yml). `names` is a relation or CTE with `name_key` (one row per key),
    `match_name` (the name, trimmed and lower-cased) and `match_id` (an id that exact entries may
    name too, or NULL). Adds `mapped_to` (NULL when no entry matches), `mapped_by` (which kind of
    entry matched) and `mapped_in` (defaults or the landing's file). The entry with the lowest
    precedence wins: the team's exact names, its patterns in order, then the defaults'. -#}
{% macro map_ats_names(names, system, kind) -%}
    select
        names.*,
        entries.target as mapped_to,
        entries.match_type as mapped_by,
        entries.defined_in as mapped_in
    from {{ names }} as names
    left join {{ ref('stg_mapping__ats_values') }} as entries
        on entries.source_system = '{{ system }}'
        and entries.kind = '{{ kind }}'
        and (
            (entries.match_type = 'exact' and (entries.match_value = names.match_name or entries.match_value = names.match_id))
            or (entries.match_type = 'pattern' and names.match_name like entries.match_value)
        )
    qualify row_number() over (partition by names.name_key order by entries.precedence) = 1
{%- endmacro %}
