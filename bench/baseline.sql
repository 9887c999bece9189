-- The least work that gives fct_prospect_funnel: one DuckDB script straight from the landing
-- files (contract v1 rules: later drop wins, merge, identity rules, funnel, outcome).
-- `{landing}` is replaced by the landing folder. Assumes conformant exports (no quarantine).
create or replace macro utc(x) as timezone('UTC', x::timestamptz);
create or replace macro norm_url(u) as nullif(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    lower(trim(u)), '^[a-z][a-z0-9+.-]*://', ''), '[?#].*$', ''), '^(www|[a-z]{2})\.', ''), '/+$', ''), '');

create or replace temp table src_prospects as
select prospect_id, candidate_id, role_id, utc(sourced_at) as sourced_at, sourced_by, lower(trim(channel)) as channel,
       lower(trim(title_match)) as title_match, match_score::int as match_score
from (select *, row_number() over () as rn from read_csv('{landing}/sourcing/prospects/*.csv', all_varchar=true, filename=true, union_by_name=true))
qualify row_number() over (partition by prospect_id order by filename desc, rn desc) = 1;

create or replace temp table merged as
select *, first_value(prospect_id) over (partition by candidate_id, role_id order by sourced_at, prospect_id) as pid
from src_prospects;

create or replace temp table msgs as
select m.message_id, p.pid, lower(trim(m.channel)) as channel, utc(m.sent_at) as sent_at,
       lower(trim(m.status)) = 'delivered' as delivered
from (select *, row_number() over () as rn from read_csv('{landing}/outreach/messages/*.csv', all_varchar=true, filename=true, union_by_name=true)) m
join merged p on p.prospect_id = m.prospect_id
qualify row_number() over (partition by m.message_id order by m.filename desc, m.rn desc) = 1;

create or replace temp table contact as
select pid, count(*) as sent, count(*) filter (where delivered) as delivered_messages,
       min(sent_at) filter (where delivered) as contacted_at,
       arg_min(channel, (sent_at, message_id)) filter (where delivered) as first_channel
from msgs group by pid;

create or replace temp table resp as
select r.response_id, p.pid, lower(trim(r.response_type)) as response_type, utc(r.responded_at) as responded_at,
       lower(trim(r.decline_reason)) as decline_reason, r.reconnect_after::date as reconnect_after
from (select *, row_number() over () as rn from read_csv('{landing}/outreach/responses/*.csv', all_varchar=true, filename=true, union_by_name=true)) r
join merged p on p.prospect_id = r.prospect_id
qualify row_number() over (partition by r.response_id order by r.filename desc, r.rn desc) = 1;

create or replace temp table resp_agg as
select r.pid, min(responded_at) as first_response, min(responded_at) filter (where response_type = 'interested') as first_interested,
       min(responded_at) filter (where response_type in ('opt_out', 'declined')) as first_stop,
       arg_max(response_type, (responded_at, response_id)) as latest_type,
       arg_max(decline_reason, (responded_at, response_id)) as latest_reason,
       arg_max(reconnect_after, (responded_at, response_id)) as latest_reconnect
from resp r join contact c using (pid)
where r.response_type <> 'auto_reply' and r.responded_at >= c.contacted_at group by r.pid;

create or replace temp table crm as
select candidate_id, nullif(lower(trim(email)), '') as email, norm_url(linkedin_url) as url
from (select *, row_number() over () as rn from read_csv('{landing}/sourcing/candidates/*.csv', all_varchar=true, filename=true, union_by_name=true))
qualify row_number() over (partition by candidate_id order by filename desc, rn desc) = 1;

create or replace temp table ats as
select ats_candidate_id, crm_candidate_id, nullif(lower(trim(email)), '') as email, norm_url(linkedin_url) as url
from (select *, row_number() over () as rn from read_csv('{landing}/ats/candidates/*.csv', all_varchar=true, filename=true, union_by_name=true))
qualify row_number() over (partition by ats_candidate_id order by filename desc, rn desc) = 1;

create or replace temp table links as
with by_id as (select a.ats_candidate_id, min(c.candidate_id) as cid from ats a join crm c on c.candidate_id = a.crm_candidate_id group by 1),
by_email as (select a.ats_candidate_id, min(c.candidate_id) as cid, count(distinct c.candidate_id) as n from ats a join crm c on c.email = a.email group by 1),
by_url as (select a.ats_candidate_id, min(c.candidate_id) as cid, count(distinct c.candidate_id) as n from ats a join crm c on c.url = a.url group by 1)
select a.ats_candidate_id, coalesce(i.cid, case when e.n = 1 then e.cid end, case when u.n = 1 then u.cid end) as candidate_id
from ats a left join by_id i using (ats_candidate_id) left join by_email e using (ats_candidate_id) left join by_url u using (ats_candidate_id);

create or replace temp table apps as
with a as (
    select application_id, ats_candidate_id, role_id, utc(applied_at) as applied_at
    from (select *, row_number() over () as rn from read_csv('{landing}/ats/applications/*.csv', all_varchar=true, filename=true, union_by_name=true))
    qualify row_number() over (partition by application_id order by filename desc, rn desc) = 1),
e as (
    select application_id, lower(trim(stage)) as stage, utc(entered_at) as entered_at, event_id,
           case lower(trim(stage)) when 'application_review' then 1 when 'recruiter_screen' then 2 when 'interview' then 3
               when 'final_interview' then 4 when 'offer' then 5 when 'hired' then 6 else 0 end as progress
    from (select *, row_number() over () as rn from read_csv('{landing}/ats/stage_events/*.csv', all_varchar=true, filename=true, union_by_name=true))
    qualify row_number() over (partition by event_id order by filename desc, rn desc) = 1),
s as (
    select application_id, max(progress) as progress, arg_max(stage, (entered_at, event_id)) as latest_stage,
           min(entered_at) filter (where progress >= 2) as screened, min(entered_at) filter (where progress >= 3) as interviewed,
           min(entered_at) filter (where progress >= 5) as offered, min(entered_at) filter (where progress >= 6) as hired
    from e group by 1)
select a.*, l.candidate_id, coalesce(s.progress, 0) as progress, s.latest_stage, s.screened, s.interviewed, s.offered, s.hired
from a join links l using (ats_candidate_id) left join s using (application_id)
where l.candidate_id is not null;

create or replace temp table linked as
select p.pid, count(*) as n, min(a.applied_at) as first_applied, min(a.screened) as screened, min(a.interviewed) as interviewed,
       min(a.offered) as offered, min(a.hired) as hired,
       arg_max(a.latest_stage, (a.progress, a.applied_at, a.application_id)) as deciding_stage
from merged p join contact c using (pid) join apps a
  on a.candidate_id = p.candidate_id and a.role_id = p.role_id and a.applied_at >= c.contacted_at
where p.prospect_id = p.pid group by p.pid;

create or replace temp table baseline_fct as
with touches as (
    select m.pid, count(*) filter (where m.sent_at <= least(r.first_response, l.first_applied)) as to_reply,
           count(*) filter (where m.sent_at > r.first_stop) as after_stop
    from msgs m left join resp_agg r using (pid) left join linked l using (pid) where m.delivered group by m.pid),
redisc as (
    select distinct p.pid from merged p join apps a on a.candidate_id = p.candidate_id and a.applied_at < p.sourced_at
    where p.prospect_id = p.pid),
f as (
    select p.pid as prospect_id, p.candidate_id, p.role_id, p.sourced_by as recruiter_id, p.channel, p.title_match, p.match_score,
           case when p.match_score >= 80 then 'strong' when p.match_score >= 60 then 'moderate' else 'stretch' end as match_tier,
           d.pid is not null as is_rediscovery, c.first_channel as first_outreach_channel, p.sourced_at, c.contacted_at,
           least(r.first_response, l.first_applied) as replied_at, least(r.first_interested, l.first_applied) as interested_at,
           l.screened as screened_at, l.interviewed as interviewed_at, l.offered as offered_at, l.hired as hired_at,
           coalesce(c.delivered_messages, 0) as delivered_messages, r.latest_type, r.latest_reason, r.latest_reconnect,
           l.n as linked, l.deciding_stage, c.sent, t.to_reply, coalesce(t.after_stop, 0) as messages_after_opt_out
    from merged p left join contact c using (pid) left join resp_agg r using (pid) left join linked l using (pid)
    left join touches t using (pid) left join redisc d using (pid)
    where p.prospect_id = p.pid)
select prospect_id, candidate_id, role_id, recruiter_id, channel, title_match, match_score, match_tier, is_rediscovery,
       first_outreach_channel, sourced_at, contacted_at, replied_at, interested_at, screened_at, interviewed_at, offered_at, hired_at,
       case when hired_at is not null then 'hired' when offered_at is not null then 'offered' when interviewed_at is not null then 'interviewed'
            when screened_at is not null then 'screened' when interested_at is not null then 'interested' when replied_at is not null then 'replied'
            when contacted_at is not null then 'contacted' else 'sourced' end as furthest_stage,
       case when hired_at is not null then 'hired' when deciding_stage = 'rejected' then 'rejected'
            when deciding_stage = 'withdrawn' then 'withdrew' when linked > 0 then 'in_process'
            when latest_type = 'interested' then 'interested' when latest_type = 'not_now' then 'not_now'
            when latest_type = 'declined' then 'declined' when latest_type = 'opt_out' then 'opted_out'
            when latest_type = 'referral' then 'referred_other' when contacted_at is not null then 'no_response'
            when sent > 0 then 'undeliverable' else 'not_contacted' end as outcome,
       case when latest_type = 'declined' and linked is null then latest_reason end as decline_reason,
       case when latest_type = 'not_now' and linked is null then latest_reconnect end as reconnect_after,
       delivered_messages, case when replied_at is not null then to_reply end as touches_to_reply,
       date_diff('second', contacted_at, replied_at) / 3600.0 as hours_to_reply, messages_after_opt_out
from f;
