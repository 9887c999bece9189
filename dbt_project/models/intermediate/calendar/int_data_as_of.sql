{#- One row: the data's own "now" (contract §9.1): the latest sent_at, responded_at, applied_at
    or entered_at among staged rows. Maturity, windows, due dates and trends are measured against
    it, not against the wall clock, so a rebuild of old data gives the same answers; it never
    passes the wall clock, though (a row dated up to a day ahead passes the intake's checks). -#}
with messages as (
    select max(sent_at) as latest from {{ ref('stg_outreach__messages') }}
),

responses as (
    select max(responded_at) as latest from {{ ref('stg_outreach__responses') }}
),

applications as (
    select max(applied_at) as latest from {{ ref('int_ats__applications') }}
),

stage_events as (
    select max(entered_at) as latest from {{ ref('int_ats__stage_events') }}
),

final as (
    select
        least(
            greatest(messages.latest, responses.latest, applications.latest, stage_events.latest),
            {{ utc_now() }}
        ) as as_of
    from messages, responses, applications, stage_events
)

select * from final
