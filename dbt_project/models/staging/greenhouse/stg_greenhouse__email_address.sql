with source as (
    select * from {{ source('intake', 'greenhouse__email_address') }}
),

final as (
    select
        candidate_id,
        index as email_index,
        type as email_type,
        value as email,
        {{ normalize_email('value') }} as email_normalized
    from source
    qualify {{ latest_drop_row(['candidate_id', "coalesce(cast(index as string), lower(value))"]) }}
)

select * from final
