{#- A contact's links; only LinkedIn profile URLs serve identity resolution (contract §4). -#}
with source as (
    select * from {{ source('intake', 'lever__contact_link') }}
),

final as (
    select
        contact_id,
        link,
        case
            when {{ is_identity_link('link') }} then {{ normalize_linkedin_url('link') }}
        end as linkedin_url_normalized
    from source
    qualify {{ latest_drop_row(['contact_id', 'lower(trim(link))']) }}
)

select * from final
