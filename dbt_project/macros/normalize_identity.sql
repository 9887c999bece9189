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
            '^(www|[a-z]{2})[.]', ''),
        '/+$', ''),
    '')
{%- endmacro %}

{#- Pairs of an ATS and a CRM candidate that share an identity key of contract §4 (CRM id,
    normalized email or normalized LinkedIn URL), one `select {{ selected }}` per key, unioned.
    `ats` and `crm` are relations (or CTE names) with the normalized columns. -#}
{% macro identity_key_pairs(selected, ats, crm) -%}
    {%- set keys = [('crm_candidate_id', 'candidate_id'), ('email_normalized', 'email_normalized'),
                    ('linkedin_url_normalized', 'linkedin_url_normalized')] -%}
    {%- for ats_key, crm_key in keys %}
    {% if not loop.first %}union all{% endif %}
    select {{ selected }}
    from {{ ats }} as ats
    inner join {{ crm }} as crm on crm.{{ crm_key }} = ats.{{ ats_key }}
    {%- endfor %}
{%- endmacro %}

{#- A link that can serve identity resolution: a LinkedIn URL, or the erasure token that replaced
    an erased person's link (docs/privacy.md: one key, one token, so their records stay linked). -#}
{% macro is_identity_link(column) -%}
    (lower({{ column }}) like '%linkedin.%' or left({{ column }}, 5) = 'anon_')
{%- endmacro %}
