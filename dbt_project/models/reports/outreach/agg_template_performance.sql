{#- Grain: one row per (sequence_id, step, template_id). Delivered messages of the template and
    the human responses that answer them (responses naming the message; counted by the funnel);
    reply rate per delivered message against the other templates of the same sequence and step,
    with a pooled two-proportion z test corrected for the number of templates compared. -#}
with messages as (
    select * from {{ ref('int_messages_merged') }}
    where is_delivered
),

responses as (
    select * from {{ ref('int_responses_merged') }}
    where counts_for_funnel
),

answered as (
    select distinct message_id from responses where message_id is not null
),

counts as (
    select
        messages.sequence_id,
        messages.step,
        messages.template_id,
        count(*) as delivered,
        count(answered.message_id) as replies
    from messages
    left join answered on answered.message_id = messages.message_id
    group by all
),

compared as (
    select
        *,
        (sum(replies) over peers) - replies as replies_others,
        (sum(delivered) over peers) - delivered as delivered_others,
        count(*) over peers as templates_in_step
    from counts
    window peers as (partition by sequence_id, step)
),

tested as (
    select
        *,
        {{ two_proportion_z('replies', 'delivered', 'replies_others', 'delivered_others') }} as z
    from compared
),

final as (
    select
        sequence_id,
        step,
        template_id,
        delivered,
        replies,
        {{ rate_columns('replies', 'delivered', 'reply') }},
        {{ round_double(safe_ratio('replies_others', 'delivered_others'), 6) }} as reply_rate_other_templates,
        {{ round_double('z', 4) }} as z,
        least(1.0, {{ two_sided_p('z') }} * count(*) filter (where z is not null) over ()) as p_adjusted,
        coalesce(least(1.0, {{ two_sided_p('z') }} * count(*) filter (where z is not null) over ()) < 0.05, false)
            as is_significant,
        delivered < {{ small_sample_threshold() }} as is_small_sample
    from tested
)

select * from final
