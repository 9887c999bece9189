{#- Identity keys of contract §4, in one place: identity resolution (dbt), erasure, retention and
    the erasure requests (the intake renders these macros: intake/identity.py).
    Both return NULL for empty input. -#}

{% macro normalize_email(column) -%}
    nullif(lower({{ trim_identity_space(column) }}), '')
{%- endmacro %}

{#- LinkedIn URL: surrounding whitespace removed, percent-encoding decoded, lower case; scheme,
    query string, fragment and trailing slashes removed; the host's `www.`, mobile (`m.`,
    `mobile.`) and country (`uk.`, `de.`) labels removed; a profile's trailing locale segment
    (`/in/jane-doe/en`, `/in/jane-doe/de-de`) removed.
    ` https://m.linkedin.com/in/Jane%2DDoe/en/?trk=x` -> `linkedin.com/in/jane-doe` -#}
{% macro normalize_linkedin_url(column) -%}
    nullif(
        {{ regexp_sub(
            regexp_sub(
                regexp_sub(
                    regexp_sub(
                        regexp_sub('lower(' ~ percent_decoded(trim_identity_space(column)) ~ ')',
                                   '^[a-z][a-z0-9+.-]*://'),
                        '[?#].*$'),
                    '^((www|m|mobile|[a-z]{2})[.])+'),
                '/+$'),
            '^(linkedin[.]com/in/[^/]+)/[a-z]{2}([-_][a-z]{2})?$', '\\1') }},
    '')
{%- endmacro %}

{#- Whitespace of any kind around a value removed: spaces, tabs, line breaks, no-break and other
    Unicode spaces, zero-width characters, a byte order mark, control characters. -#}
{% macro trim_identity_space(column) -%}
    {%- set space = '[\\s\\p{Z}\\p{Cc}\\x{FEFF}\\x{200B}-\\x{200D}\\x{2060}]' -%}
    {{ regexp_sub(column, '^' ~ space ~ '+|' ~ space ~ '+$', '', all=true) }}
{%- endmacro %}

{#- `column` with the first match of `pattern` (every match when `all`) replaced by `replacement`
    (`\1`: the first group). DuckDB replaces the first match unless told `g`, Spark every match, so
    a pattern used without `all` must match at most once (anchor it); Spark's string literals take a
    backslash as an escape (doubled there) and name a group `$1`. -#}
{% macro regexp_sub(column, pattern, replacement='', all=false) -%}
    {{ return(adapter.dispatch('regexp_sub')(column, pattern, replacement, all)) }}
{%- endmacro %}

{% macro duckdb__regexp_sub(column, pattern, replacement, all) -%}
    regexp_replace({{ column }}, '{{ pattern }}', '{{ replacement }}'{{ ", 'g'" if all }})
{%- endmacro %}

{% macro spark__regexp_sub(column, pattern, replacement, all) -%}
    regexp_replace({{ column }}, '{{ pattern | replace('\\', '\\\\') }}', '{{ replacement | replace('\\', '$') }}')
{%- endmacro %}

{#- Percent-encoding decoded (`mia%2Ddoe` -> `mia-doe`, `m%C3%BCller` -> `müller`); a `+` stays a
    `+` (a path, not a form); a value whose escapes are not UTF-8 is kept as it is. -#}
{% macro percent_decoded(column) -%}
    {{ return(adapter.dispatch('percent_decoded')(column)) }}
{%- endmacro %}

{% macro duckdb__percent_decoded(column) -%}
    coalesce(try(url_decode({{ column }})), {{ column }})
{%- endmacro %}

{% macro spark__percent_decoded(column) -%}
    coalesce(try_url_decode(replace({{ column }}, '+', '%2B')), {{ column }})
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
