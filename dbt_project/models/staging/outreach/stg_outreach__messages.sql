with source as (
    select * from {{ source('intake', 'outreach__messages') }}
),

final as (
    select
        message_id,
        prospect_id,
        sequence_id,
        template_id,
        step,
        channel as message_channel,
        status as delivery_status,
        status = 'delivered' as is_delivered,
        personalized as is_personalized,
        sent_at
    from source
)

select * from final
