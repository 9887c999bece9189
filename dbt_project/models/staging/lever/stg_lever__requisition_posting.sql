with source as (
    select * from {{ source('intake', 'lever__requisition_posting') }}
),

final as (
    select
        requisition_id,
        posting_id
    from source
    qualify {{ latest_drop_row(['requisition_id', 'posting_id']) }}
)

select * from final
