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
