{#- Lever onto the common ATS shape `roles`: one row per posting (role_id = the posting id, which
    the sourcing exports name). Its recruiter is the team recruiter whose e-mail is the posting
    owner's; its seniority comes from its title through the ATS mapping; its openings are the
    headcount_total of its requisitions (an evergreen requisition, headcount infinite: one more than
    it hired), 1 when it has none (openings_source says which); closed when its state is closed. -#}
with postings as (
    select * from {{ ref('stg_lever__posting') }}
),

recruiter_emails as (
    select
        recruiter_id,
        {{ normalize_email('recruiter_email') }} as email_normalized
    from {{ ref('stg_team__recruiters') }}
),

recruiters as (
    select
        postings.posting_id,
        recruiter_emails.recruiter_id
    from postings
    inner join {{ ref('stg_lever__user') }} as users on users.user_id = postings.owner_id
    inner join recruiter_emails on recruiter_emails.email_normalized = users.email_normalized
    qualify row_number() over (partition by postings.posting_id order by recruiter_emails.recruiter_id) = 1
),

headcounts as (
    select
        links.posting_id,
        sum(
            case
                when requisitions.is_headcount_infinite then coalesce(requisitions.headcount_hired, 0) + 1
                else requisitions.headcount_total
            end
        ) as openings
    from {{ ref('stg_lever__requisition_posting') }} as links
    inner join {{ ref('stg_lever__requisition') }} as requisitions
        on requisitions.requisition_id = links.requisition_id
    group by links.posting_id
),

titles as (
    select
        posting_id as name_key,
        lower(trim(posting_title)) as match_name,
        cast(null as string) as match_id
    from postings
),

seniority as (
    {{ map_ats_names('titles', 'lever', 'seniority') }}
),

final as (
    select
        postings.posting_id as role_id,
        recruiters.recruiter_id,
        postings.posting_title as role_title,
        postings.department,
        postings.posting_location as role_location,
        seniority.mapped_to as seniority,
        cast(coalesce(headcounts.openings, 1) as integer) as openings,
        case when headcounts.openings is null then 'assumed_one' else 'lever_requisition' end as openings_source,
        cast(postings.created_at as date) as opened_at,
        case when postings.posting_state = 'closed' then cast(postings.updated_at as date) end as closed_at
    from postings
    left join recruiters on recruiters.posting_id = postings.posting_id
    left join seniority on seniority.name_key = postings.posting_id
    left join headcounts on headcounts.posting_id = postings.posting_id
)

select * from final
