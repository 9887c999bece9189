with source as (
    select * from {{ source('intake', 'outreach__responses') }}
),

final as (
    select
        response_id,
        prospect_id,
        message_id,
        response_type,
        response_type <> 'auto_reply' as is_human,
        decline_reason,
        reconnect_after,
        responded_at
    from source
)

select * from final
