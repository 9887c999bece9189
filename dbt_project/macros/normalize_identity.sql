{#- Identity keys of contract §4. Both return NULL for empty input. -#}

{% macro normalize_email(column) -%}
    nullif(lower(trim({{ column }})), '')
{%- endmacro %}

{#- LinkedIn URL: lower case; scheme, `www.` or a country subdomain (`uk.`, `de.`), query
    string, fragment and trailing slashes removed.
    `https://www.linkedin.com/in/Jane-Doe/?trk=x` -> `linkedin.com/in/jane-doe` -#}
{% macro normalize_linkedin_url(column) -%}
    nullif(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    regexp_replace(lower(trim({{ column }})), '^[a-z][a-z0-9+.-]*://', ''),
                '[?#].*$', ''),
            '^(www|[a-z]{2})\.', ''),
        '/+$', ''),
    '')
{%- endmacro %}
