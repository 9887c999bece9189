{#- How far an ATS stage is along the hiring process; rejected / withdrawn end it without progress. -#}
{% macro ats_stage_progress(stage) -%}
    case {{ stage }}
        when 'application_review' then 1
        when 'recruiter_screen' then 2
        when 'interview' then 3
        when 'final_interview' then 4
        when 'offer' then 5
        when 'hired' then 6
        else 0
    end
{%- endmacro %}
