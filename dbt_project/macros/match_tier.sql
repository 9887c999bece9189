{#- Contract §6: strong (>= 80), moderate (60-79), stretch (< 60). -#}
{% macro match_tier(score) -%}
    case
        when {{ score }} >= 80 then 'strong'
        when {{ score }} >= 60 then 'moderate'
        when {{ score }} is not null then 'stretch'
    end
{%- endmacro %}
