{#- Generated from contract/connectors by `python -m contract.dbt`: do not edit. -#}
{% macro ats_connectors(shape=none) -%}
    {%- set connectors = [
        {
            "name": "greenhouse",
            "shapes": [
                "stages",
                "stage_moves",
                "candidates",
                "identities",
                "roles",
                "applications",
                "stage_events",
                "changed_records"
            ],
            "lookup_tables": [
                "job",
                "job_stage",
                "department",
                "job_department",
                "source",
                "rejection_reason",
                "user_email",
                "hiring_team"
            ]
        },
        {
            "name": "lever",
            "shapes": [
                "stages",
                "stage_moves",
                "candidates",
                "identities",
                "roles",
                "applications",
                "stage_events",
                "changed_records",
                "consent"
            ],
            "lookup_tables": [
                "stage",
                "archive_reason",
                "user"
            ]
        }
    ] -%}
    {%- set found = [] -%}
    {%- for connector in connectors if shape is none or shape in connector.shapes -%}
        {%- do found.append(connector) -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}
