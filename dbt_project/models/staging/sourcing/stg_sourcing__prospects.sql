with source as (
    select * from {{ source('intake', 'sourcing__prospects') }}
),

final as (
    select
        prospect_id,
        candidate_id,
        role_id,
        sourced_by as recruiter_id,
        channel,
        title_match,
        match_score,
        selection_reason,
        sourced_at
    from source
)

select * from final
