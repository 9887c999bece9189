{#- One row per CRM candidate: the name a person reads where the pages list the people behind a
    count (the Role page's drill-through). The name only: never the e-mail, profile URL or any other
    contact data; an erased or retained candidate's name is NULL (anonymized at intake). -#}
with candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
),

final as (
    select
        candidate_id,
        full_name
    from candidates
)

select * from final
