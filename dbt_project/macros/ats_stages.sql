{#- How far an ATS stage is along the hiring process (contract §6 order, from contract/vocabulary.py);
    rejected / withdrawn end it without progress. -#}
{% macro ats_stage_progress(stage) -%}
    case {{ stage }}
    {%- for name in contract_values('ats_progress_stage') %}
        when '{{ name }}' then {{ loop.index }}
    {%- endfor %}
        else 0
    end
{%- endmacro %}

{#- The progress number ats_stage_progress() gives an ATS progress stage, for comparisons such as
    `stage_progress >= {{ ats_progress_of('recruiter_screen') }}` (no stage order written as a number). -#}
{% macro ats_progress_of(stage_name) -%}
    {%- set stages = contract_values('ats_progress_stage') -%}
    {%- if stage_name not in stages -%}
        {{ exceptions.raise_compiler_error("ats_progress_of: '" ~ stage_name ~ "' is not an ATS progress stage") }}
    {%- endif -%}
    {{ stages.index(stage_name) + 1 }}
{%- endmacro %}
