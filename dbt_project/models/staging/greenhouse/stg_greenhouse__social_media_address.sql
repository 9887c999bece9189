{#- Social-media links; only LinkedIn profile URLs serve identity resolution (contract §4). -#}
with source as (
    select * from {{ source('intake', 'greenhouse__social_media_address') }}
),

final as (
    select
        candidate_id,
        index as link_index,
        value as link,
        case
            when {{ is_identity_link('value') }} then {{ normalize_linkedin_url('value') }}
        end as linkedin_url_normalized
    from source
    qualify {{ latest_drop_row(['candidate_id', "coalesce(cast(index as string), lower(value))"]) }}
)

select * from final
