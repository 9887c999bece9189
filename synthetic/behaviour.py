"""How simulated passive candidates behave: every rate the generator plants, in one place.

The figures follow what outbound recruiting teams report: cold outreach to passive candidates
gets replies from 10-30 % of those contacted, follow-ups bring about half of all replies,
referrals and rediscovered candidates answer far more often than cold channels, executives
less often, better targeting and personalised messages more often.
"""

from __future__ import annotations

DEPARTMENTS = {
    "Engineering": ["Backend Engineer", "Frontend Engineer", "Platform Engineer", "SRE", "Mobile Engineer"],
    "Data": ["Data Engineer", "Data Scientist", "Analytics Engineer", "ML Engineer"],
    "Product": ["Product Manager", "Product Designer", "UX Researcher"],
    "Sales": ["Account Executive", "Sales Development Rep", "Solutions Engineer"],
    "Marketing": ["Growth Marketer", "Content Lead", "Product Marketer"],
    "Operations": ["Recruiter", "People Partner", "Finance Analyst"],
}
SENIORITY_TITLE = {"junior": "Junior", "mid": "", "senior": "Senior", "lead": "Lead", "executive": "VP"}
LOCATIONS = ["Berlin", "London", "Remote", "New York", "Amsterdam", "Lisbon", "Toronto"]
COMPANIES = ["Initech", "Hooli", "Globex", "Umbrella", "Vandelay", "Soylent", "Stark", "Acme", "Wayne", "Tyrell"]
FIRST_NAMES = [
    "Jane",
    "Omar",
    "Kim",
    "Sam",
    "Alex",
    "Lia",
    "Max",
    "Eva",
    "Noah",
    "Mia",
    "Ravi",
    "Yuki",
    "Ana",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
]
LAST_NAMES = [
    "Doe",
    "Lee",
    "Park",
    "Roe",
    "Poe",
    "Chen",
    "Ito",
    "Nox",
    "Silva",
    "Khan",
    "Novak",
    "Berg",
    "Moreau",
    "Rossi",
    "Tanaka",
    "Okafor",
    "Larsen",
    "Weiss",
    "Costa",
    "Dubois",
]

SENIORITY = {"junior": 0.15, "mid": 0.35, "senior": 0.30, "lead": 0.13, "executive": 0.07}
SENIORITY_REPLY = {"junior": 1.15, "mid": 1.05, "senior": 1.0, "lead": 0.85, "executive": 0.5}

SOURCING_CHANNELS = {
    "professional_network": 0.42,
    "job_board_database": 0.12,
    "ats_rediscovery": 0.10,
    "employee_referral": 0.08,
    "community": 0.08,
    "event": 0.0,  # the confounded channel below: its share depends on the role (CONFOUNDED_CHANNEL_SHARE)
    "alumni_network": 0.06,
    "other": 0.08,
}
CHANNEL_REPLY = {
    "professional_network": 1.0,
    "job_board_database": 0.75,
    "ats_rediscovery": 1.6,
    "employee_referral": 2.3,
    "community": 1.1,
    "alumni_network": 1.5,
    "other": 0.85,
}
# interest among those who reply, by channel: warm channels convert further too
CHANNEL_INTEREST = {
    "professional_network": 1.0,
    "job_board_database": 0.9,
    "ats_rediscovery": 1.3,
    "employee_referral": 1.5,
    "community": 1.05,
    "event": 1.1,
    "alumni_network": 1.2,
    "other": 0.9,
}

TITLE_MATCH = {"exact": 0.45, "adjacent": 0.35, "transferable": 0.20}
MATCH_SCORE_MEAN = {"exact": 80.0, "adjacent": 68.0, "transferable": 55.0}
TIER_REPLY = {"strong": 1.3, "moderate": 1.0, "stretch": 0.65}
PROFILE_DETAIL = {"sparse": 0.25, "standard": 0.5, "detailed": 0.25}

MESSAGE_CHANNELS = {"email": 0.55, "inmail": 0.35, "phone": 0.05, "sms": 0.03, "other": 0.02}
MESSAGE_CHANNEL_REPLY = {"email": 1.0, "inmail": 0.9, "phone": 1.25, "sms": 0.8, "other": 0.8}
PERSONALIZED_SHARE = 0.45
PERSONALIZED_REPLY = {True: 1.35, False: 0.8}

BASE_REPLY = 0.16
NOT_MESSAGED = 0.07  # sourced, never written to
FIRST_TOUCH_BOUNCED = 0.05  # undeliverable address
LATER_TOUCH_FAILED = 0.01
SEQUENCE_LENGTH = {1: 0.08, 2: 0.17, 3: 0.35, 4: 0.40}
REPLY_STEP = {1: 0.46, 2: 0.29, 3: 0.16, 4: 0.09}  # which touch a reply answers
AUTO_REPLY = 0.06  # out-of-office answers, not human responses

RESPONSE_MIX = {"interested": 0.40, "not_now": 0.17, "declined": 0.28, "referral": 0.05, "opt_out": 0.10}
DECLINE_REASONS = {
    "not_looking": 0.36,
    "compensation": 0.17,
    "location": 0.11,
    "role_scope": 0.13,
    "seniority": 0.08,
    "company": 0.07,
    "other": 0.08,
}
RECONTACT_NOT_NOW = 0.45  # "not now" people written to again on their reconnect date
RECONTACT_INTERESTED = 0.35
CONTACT_AFTER_STOP = 0.03  # guardrail breach: a follow-up after an opt-out or decline

APPLY_WHEN_INTERESTED = 0.72
STAGE_PASS = {
    "application_review": 0.82,
    "recruiter_screen": 0.62,
    "interview": 0.55,
    "final_interview": 0.5,
    "offer": 0.85,
}
WALK_IN_REVIEW_PASS = 0.3  # applicants who were not sourced: most are screened out on review, the rest go on alike
WITHDRAW_SHARE = 0.25  # of those who leave the process, how many withdraw themselves
REJECTION_REASONS = ["skills", "experience", "culture_add", "position_filled", "compensation"]
WITHDRAWAL_REASONS = ["accepted_other_offer", "compensation", "timing", "relocation"]

# how an ATS record can be linked back to the CRM (contract §4)
ATS_LINK = {"crm_candidate_id": 0.70, "email": 0.15, "linkedin_url": 0.10, "none": 0.05}
REDISCOVERY_PRIOR_APPLICATION = {"ats_rediscovery": 0.9, "other_channels": 0.04}
SHARED_EMAIL = 0.004  # CRM people sharing one email address (team inboxes)
SAME_PERSON_OTHER_ROLE = 0.05
DUPLICATE_PROSPECT = 0.015
DUPLICATE_AFTER_DAYS = (1, 8)  # the duplicate is sourced 1-7 days after the first record
INBOUND_APPLICANTS = 0.05  # ATS applicants unrelated to outbound, per prospect

# --- the team and its requisitions --------------------------------------------------------------
# An outbound recruiter sources about 65 people a week; a seat takes a few hundred of them (walk-in
# applicants fill some seats too). Roles open through the period and close at their last hire (most
# within 30-120 days); hard-to-fill and underpaid roles stall; a few are cancelled. Each week's
# prospects go to the roles open then, by open seats and effort, so a recruiter's lists hold recent
# weeks' people of open roles.
PROSPECTS_PER_RECRUITER = 5_000
PROSPECTS_PER_PLANNED_ROLE = 125  # the hiring plan runs as long again past the data's end
OPENINGS = {1: 0.70, 2: 0.22, 3: 0.08}
ROLES_OPEN_BEFORE_DAYS = 60  # the first roles opened up to this long before the data begin
CANCELLED_SHARE = 0.08  # closed without a hire (budget, reorganisation)
CANCEL_AFTER_DAYS = (20, 120)
HARD_ROLE_SOURCING_PRIORITY = 1.5  # scarce skills get more sourcing effort per seat
SOURCING_PRIORITY_SPREAD = 0.6  # lognormal sigma of the effort roles get: some are pushed, some stall
DAILY_PROSPECTS_PER_OPEN_ROLE = 4  # fewer roles open than the day's sourcing needs, and the next ones open early
NEWCOMER_JOINED_DAYS_AGO = 60  # the newest recruiter (last in the list) joined this long before the end
NEWCOMER_ROLES = 3  # and took the first roles that opened since

# --- planted effects: what the diagnosis must find, and what must not fool it -------------------
# a weak first-touch template: half of eng-core's first touches
WEAK_TEMPLATE = "eng-core-step1-b"
WEAK_TEMPLATE_REPLY = 0.35
# a role whose pay is below market: people who answer decline it, mostly citing compensation
UNATTRACTIVE_ROLE_INDEX = 1
UNATTRACTIVE_DECLINE = 0.62
UNATTRACTIVE_COMPENSATION = 0.75
# so it stalls: open the whole period, two seats, few offers accepted, sourced for with less effort
UNATTRACTIVE_OPENINGS = 2
UNATTRACTIVE_OFFER_ACCEPTED = 0.15
UNATTRACTIVE_SOURCING_PRIORITY = 0.3
# a weak sequence: every touch of it gets fewer replies than the other sequence of its department
WEAK_SEQUENCE = "data-blitz"
WEAK_SEQUENCE_REPLY = 0.55
# hard-to-fill roles (scarce skills): people reply less, whichever channel found them
HARD_ROLE_SHARE = 0.15
HARD_ROLE_REPLY = 0.45
# the confounder: a channel used mostly for the hard-to-fill roles. Role by role it does exactly as
# well as the others (its reply factor is their average), so its low overall reply rate is the
# roles' doing: a diagnosis that compares like with like must not call it weak
CONFOUNDED_CHANNEL = "event"
CONFOUNDED_CHANNEL_SHARE = {"hard_to_fill": 0.5, "other": 0.02}
CHANNEL_REPLY[CONFOUNDED_CHANNEL] = sum(SOURCING_CHANNELS[c] * CHANNEL_REPLY[c] for c in CHANNEL_REPLY) / sum(
    SOURCING_CHANNELS[c] for c in CHANNEL_REPLY
)
# targeting: adjacent and transferable titles score lower, so they reply less (TIER_REPLY) and are a
# little less often interested (CHANNEL_INTEREST x tier), but nothing after "interested" depends on
# targeting: once interested, they are screened and hired at the same rate as exact titles

# two sequences per department, picked at random per prospect (an A/B test), so a weak sequence
# can be compared with the other one within the same role; executives get their own sequence
SEQUENCES = {
    "Engineering": ("eng-core", "eng-story"),
    "Data": ("data-core", WEAK_SEQUENCE),
    "Product": ("product-core", "product-story"),
    "Sales": ("gtm-core", "gtm-story"),
    "Marketing": ("gtm-core", "gtm-story"),
    "Operations": ("ops-core", "ops-story"),
}
EXECUTIVE_SEQUENCE = "exec-search"
RECONNECT_SEQUENCE = "reconnect"
