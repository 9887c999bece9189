"""What to do about a finding (contract §9.2 `suggested_action`): one rules table, explanation x direction
(-> dimension, metric where the step differs) -> one next step in plain words.

A finding takes the most specific rule that matches it: an exact dimension and metric first, then an
exact metric, then an exact dimension, then the explanation x direction default (`*` matches
anything). `{subject}` is the finding's subject as people read it ("sequence 'data-blitz'", "role
Account Executive (R00002)", "executive roles", "stretch-match"), `{step}` the follow-up number of a step
finding. Rendered as the dbt seed `diagnosis_actions`
(`python -m contract.dbt`), so SQL readers of the warehouse see the same table; docs/analytics.md
lists it.
"""

from __future__ import annotations

from typing import NamedTuple

ANY = "*"


class ActionRule(NamedTuple):
    explanation: str
    direction: str
    dimension: str
    metric: str
    action: str


RULES: tuple[ActionRule, ...] = (
    # targeting: who we write to
    ActionRule(
        "targeting",
        "worse",
        ANY,
        ANY,
        "Tighten targeting: source fewer {subject} prospects for these roles, or fix the search that finds them.",
    ),
    ActionRule(
        "targeting",
        "worse",
        ANY,
        "hire_rate_of_interested",
        "Tighten targeting: {subject} prospects who show interest are hired less often; raise the bar when sourcing.",
    ),
    ActionRule(
        "targeting",
        "worse",
        ANY,
        "screen_rate_of_interested",
        "Tighten targeting: {subject} prospects who show interest are screened less often; raise the bar when "
        "sourcing.",
    ),
    ActionRule(
        "targeting", "better", ANY, ANY, "Source more {subject} prospects: they do better than comparable ones."
    ),
    # outreach: what we write
    ActionRule(
        "outreach",
        "worse",
        ANY,
        ANY,
        "Rewrite {subject}, or move its prospects to the outreach that does better for the same roles.",
    ),
    ActionRule(
        "outreach",
        "worse",
        "sequence_id",
        ANY,
        "Rewrite {subject}, or move its prospects to the other sequence for the same roles.",
    ),
    ActionRule(
        "outreach",
        "worse",
        "template_id",
        ANY,
        "Rewrite the first touch: replace {subject} with the better first touch of its sequence.",
    ),
    ActionRule(
        "outreach",
        "worse",
        "first_touch_style",
        ANY,
        "Rewrite the first touch: {subject} first touches do worse than the other style for the same roles.",
    ),
    ActionRule(
        "outreach",
        "worse",
        "sequence_id",
        "opt_out_rate",
        "Soften {subject}: fewer or gentler touches; it makes people opt out.",
    ),
    ActionRule(
        "outreach",
        "worse",
        "step",
        "reply_rate_among_silent",
        "Rewrite or drop follow-up {step} of {subject}: it brings fewer replies than the same follow-up elsewhere.",
    ),
    ActionRule(
        "outreach",
        "worse",
        "step",
        "opt_out_rate_among_silent",
        "Drop or space out follow-up {step} of {subject}: it makes people opt out.",
    ),
    ActionRule("outreach", "better", ANY, ANY, "Use {subject} more widely: it does better than comparable outreach."),
    # opportunity: what we offer
    ActionRule(
        "opportunity",
        "worse",
        ANY,
        ANY,
        "Review the pitch of {subject} with the hiring manager: fewer people answer than for comparable roles.",
    ),
    ActionRule(
        "opportunity",
        "worse",
        ANY,
        "decline_reason:compensation",
        "Review the offer range of {subject}: people who answer turn it down over pay.",
    ),
    ActionRule(
        "opportunity",
        "worse",
        ANY,
        "decline_reason:location",
        "Review the location or remote policy of {subject}: people who answer turn it down over location.",
    ),
    ActionRule(
        "opportunity",
        "worse",
        ANY,
        "decline_reason:role_scope",
        "Rework the description of {subject} with the hiring manager: people turn down its scope.",
    ),
    ActionRule(
        "opportunity",
        "worse",
        ANY,
        "decline_reason:seniority",
        "Check the level of {subject} against the people targeted: they turn it down over seniority.",
    ),
    ActionRule(
        "opportunity",
        "better",
        ANY,
        ANY,
        "Reuse what makes {subject} attractive in the pitch of similar roles.",
    ),
    # channel: where we find people
    ActionRule("channel", "worse", ANY, ANY, "Shift sourcing effort away from {subject} for these roles."),
    ActionRule("channel", "better", ANY, ANY, "Shift sourcing effort towards {subject}."),
    ActionRule(
        "channel",
        "worse",
        "first_outreach_channel",
        ANY,
        "Write first by another channel than {subject} for these roles.",
    ),
    ActionRule("channel", "better", "first_outreach_channel", ANY, "Write first by {subject} more often."),
    # employer brand: what people think of the company
    ActionRule(
        "employer_brand",
        "worse",
        ANY,
        ANY,
        "Review what candidates hear about the company (reviews, news, the careers page) with employer branding.",
    ),
    ActionRule(
        "employer_brand",
        "worse",
        ANY,
        "opt_out_rate",
        "Review outreach volume and tone across the team: more of those who answer now opt out.",
    ),
    ActionRule(
        "employer_brand",
        "better",
        ANY,
        ANY,
        "Keep what changed in the last months: fewer of those who answer turn the company down.",
    ),
)


def _specificity(rule: ActionRule) -> int:
    """Exact dimension and metric 3, exact metric 2, exact dimension 1, the default 0."""
    return 2 * (rule.metric != ANY) + (rule.dimension != ANY)


def rule_for(explanation: str, direction: str, dimension: str, metric: str) -> ActionRule:
    """The most specific rule matching a finding; KeyError when none does (every explanation x direction
    has a default, so only an unknown explanation or direction)."""
    matching = [
        rule
        for rule in RULES
        if (rule.explanation, rule.direction) == (explanation, direction)
        and rule.dimension in (ANY, dimension)
        and rule.metric in (ANY, metric)
    ]
    if not matching:
        raise KeyError(f"no suggested action for {explanation} / {direction}")
    return max(matching, key=_specificity)
