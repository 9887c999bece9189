"""Why is response low? The findings of contract §9.2 from the diagnosis' count tables.

Input: counts shaped like `marts.agg_diagnosis_counts` (dimension, scope, subject, the strata
role_id / match_tier / first_touch_style, metric, window_days, eligible, converted), for every
prospect or for the prospects a dashboard filter keeps. Only prospects that had the whole window
are counted (the count tables see to that), so a recent cohort cannot drag a rate down.

How a finding is decided (the README says it for recruiters):
1. A comparison puts one group, the subject (a channel, a sequence, a role ...), against the rest of
   its scope on one rate.
2. Like is compared with like: the subject and the rest are compared within strata (same role,
   match tier and first-touch style, leaving out the factor tested and anything it contains) by the
   Cochran-Mantel-Haenszel test (statsmodels StratifiedTable) or, where cells are sparse (Mantel and
   Fleiss' rule), the exact conditional test (scipy hypergeom; Fisher's for one stratum). A channel
   used mostly for hard-to-fill roles is compared with the other channels *within those roles*, so
   the roles' difficulty is not blamed on it. Strata where only one side has prospects carry no
   comparison and are left out.
3. The comparison rate is what comparable prospects achieved: the rest's rate in each stratum,
   weighted by the subject's prospects there (direct standardization). effect = subject rate -
   comparison rate, with a 95 % interval.
4. Every comparison is counted once (a dimension with two values is one test, not two), and Holm's
   correction is applied within each explanation family; a finding has p_adjusted < 0.05.
5. The employer brand is a trend: the monthly share of replies that decline citing the company, or
   opt out, dated by the reply, tested with a binomial regression on the month (statsmodels GLM).
6. A role finding is merged into its seniority's when the seniority explains it. Findings are
   ranked what holds response back first, each direction by impact: how many prospects the gap
   amounts to (|effect| x the subject's eligible prospects), e.g. replies lost. Each gets a plain
   sentence, a small-sample flag and a suggested action (contract/diagnosis_actions.py); `coverage`
   says per explanation whether it was tested and what came of it.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.stats import hypergeom, norm
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep

from contract import diagnosis_actions
from contract import vocabulary as V

ALPHA = 0.05
MIN_GROUP = 30  # prospects on each side of a comparison, within the strata compared
MANTEL_FLEISS_MIN = 5  # below: the exact conditional test instead of Mantel-Haenszel's chi-square
MH_TEST, EXACT_TEST, TREND_TEST = "mantel_haenszel", "exact_conditional", "binomial_trend"
CORRECTION = "holm"
STRATA = ("role_id", "match_tier", "first_touch_style")
STRATUM_NAMES = {"role_id": "role", "match_tier": "match tier", "first_touch_style": "first-touch style"}
BRAND_DIMENSION = "response_month"
OTHER_ROLES = "(other roles)"  # the role_id subject a recruiter's counts pool every other role into
SMALL_SAMPLE_EVENTS = 10  # fewer converted (or not converted) prospects in the subject: a small sample
RECENT_MONTHS = 3
Z95 = norm.ppf(0.975)

# what contract §9.2 promises every reader of marts.fct_diagnosis_findings
CONTRACT_COLUMNS = (
    "explanation",
    "dimension",
    "subject",
    "metric",
    "direction",
    "subject_rate",
    "comparison_rate",
    "effect",
    "ci_low",
    "ci_high",
    "p_adjusted",
    "impact",
    "sentence",
)
# ... and what it gets (extension columns: where the comparison was made, its samples and method)
FINDING_COLUMNS = [
    "finding_rank",
    "explanation",
    "dimension",
    "scope",
    "subject",
    "metric",
    "direction",
    "window_days",
    "subject_rate",
    "comparison_rate",
    "effect",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "impact",
    "subject_eligible",
    "subject_converted",
    "comparison_eligible",
    "comparison_converted",
    "odds_ratio",
    "adjusted_for",
    "family_tests",
    "test",
    "small_sample",
    "merged_with",
    "finding_id",
    "sentence",
    "suggested_action",
]
# the tests behind the findings: every column a finding has before it is merged, worded and ranked
TEST_COLUMNS = [
    c
    for c in FINDING_COLUMNS
    if c not in ("finding_rank", "small_sample", "merged_with", "finding_id", "sentence", "suggested_action")
]
# marts.fct_diagnosis_coverage: per explanation, whether it was tested and what came of it
COVERAGE_COLUMNS = ["explanation", "tested", "comparisons", "findings", "summary"]
COVERAGE_SUBJECTS = {  # explanation -> (its name for people, what is compared)
    "targeting": ("Targeting (whom we write to)", "match tiers, title matches and profile detail"),
    "outreach": ("Outreach (what we write)", "sequences, first-touch templates and styles, follow-ups"),
    "opportunity": ("Opportunity (the roles we offer)", "roles and seniorities"),
    "employer_brand": ("Employer brand", "the monthly share of company declines and opt-outs"),
    "channel": ("Channel (where we find and reach people)", "sourcing and first-contact channels"),
}


@dataclass(frozen=True)
class Dimension:
    """How one dimension is compared and worded."""

    explanation: str
    adjust_for: tuple[str, ...]  # the strata its comparisons are made within
    who: str  # the subject group, formatted with subject / scope / label
    others: str  # the comparison group
    noun: str  # the subject as its suggested action names it


_TARGETING = ("role_id", "first_touch_style")  # not the match tier: it measures targeting too
_ROLE_LEVEL = ("match_tier", "first_touch_style")  # a role (or its seniority) is the thing compared
DIMENSIONS: dict[str, Dimension] = {
    "channel": Dimension(
        "channel", STRATA, "Prospects sourced via {subject}", "sourced via other channels", "{subject}"
    ),
    "first_outreach_channel": Dimension(
        "channel", STRATA, "Prospects first contacted by {subject}", "first contacted by other channels", "{subject}"
    ),
    "match_tier": Dimension(
        "targeting", _TARGETING, "{Subject}-match prospects", "of other match tiers", "{subject}-match"
    ),
    "title_match": Dimension(
        "targeting", _TARGETING, "Prospects with {subject} titles", "with other title matches", "{subject}-title"
    ),
    "profile_detail": Dimension(
        "targeting",
        _TARGETING,
        "Prospects with {subject} profiles",
        "with more or less detailed profiles",
        "{subject}-profile",
    ),
    "first_touch_style": Dimension(
        "outreach",
        ("role_id", "match_tier"),
        "Prospects whose first touch was {subject}",
        "with the other style",
        "{subject}",
    ),
    "sequence_id": Dimension(
        "outreach", STRATA, "Prospects in sequence '{subject}'", "in other sequences", "sequence '{subject}'"
    ),
    "template_id": Dimension(
        "outreach",
        STRATA,
        "Prospects first written with template '{subject}'",
        "written with the other first-touch templates of sequence '{scope}'",
        "template '{subject}'",
    ),
    "step": Dimension(
        "outreach",
        STRATA,
        "Follow-up {subject} of sequence '{scope}'",
        "at the same follow-up of other sequences",
        "sequence '{scope}'",
    ),
    "seniority": Dimension(
        "opportunity", _ROLE_LEVEL, "Prospects for {subject} roles", "for other seniorities", "{subject} roles"
    ),
    "role_id": Dimension(
        "opportunity", _ROLE_LEVEL, "Prospects for role {label}", "for other roles across the company", "role {label}"
    ),
}


@dataclass(frozen=True)
class Metric:
    """What a rate counts, for sentences; which way is bad news."""

    higher_is_worse: bool
    base: str  # the denominator, e.g. "prospects"
    phrase: str  # what the numerator did, e.g. "replied within {window} days"
    unit: str  # what the gap is counted in, e.g. "replies"


METRICS: dict[str, Metric] = {
    "reply_rate": Metric(False, "prospects", "replied within {window} days", "replies"),
    "interest_rate": Metric(False, "prospects", "were interested within {window} days", "interested prospects"),
    "opt_out_rate": Metric(True, "prospects", "opted out within {window} days", "opt-outs"),
    "reply_rate_among_silent": Metric(False, "prospects still silent at it", "replied to it", "replies"),
    "opt_out_rate_among_silent": Metric(True, "prospects still silent at it", "opted out in answer", "opt-outs"),
    "screen_rate_of_interested": Metric(
        False, "prospects interested within {window} days", "were screened within {window} days", "screens"
    ),
    "hire_rate_of_interested": Metric(
        False, "prospects interested within {window} days", "were hired within {window} days", "hires"
    ),
}
DOWNSTREAM_YIELD = "hire_rate_of_interested"
CONCLUSIONS = {
    ("targeting", "worse"): "Weak targeting",
    ("targeting", "better"): "Well targeted",
    ("outreach", "worse"): "Weak outreach",
    ("outreach", "better"): "Outreach that works",
    ("opportunity", "worse"): "Less attractive opportunity",
    ("opportunity", "better"): "Attractive opportunity",
    ("channel", "worse"): "Weak channel",
    ("channel", "better"): "Strong channel",
    ("employer_brand", "worse"): "Employer brand",
    ("employer_brand", "better"): "Employer brand improving",
}


def metric_of(name: str) -> Metric:
    """The Metric for a metric name; decline_reason:<reason> is a share of those who replied."""
    if name.startswith("decline_reason:"):
        reason = name.split(":", 1)[1].replace("_", " ")
        return Metric(True, "prospects who replied within {window} days", f"declined citing {reason}", "declines")
    return METRICS[name]


# --- comparisons within strata -------------------------------------------------------------------


def _sparse(ns: np.ndarray, nr: np.ndarray, converted: np.ndarray) -> tuple[bool, np.ndarray, np.ndarray]:
    """Mantel and Fleiss' rule: the asymptotic Mantel-Haenszel test holds when the subject's expected
    converted count lies at least 5 from both ends of its possible range, given every stratum's margins.
    Returns whether it does not, and each stratum's lowest and highest possible count."""
    total = ns + nr
    low = np.maximum(0, ns - (total - converted))
    high = np.minimum(ns, converted)
    expected = (ns * converted / total).sum()
    return min(expected - low.sum(), high.sum() - expected) < MANTEL_FLEISS_MIN, low, high


def _exact_conditional_p(xs: np.ndarray, ns: np.ndarray, nr: np.ndarray, converted: np.ndarray) -> float:
    """Two-sided exact conditional test of no association in every stratum (Birch; R's
    `mantelhaen.test(exact = TRUE)`): given the strata's margins, the subject's converted count in a
    stratum is hypergeometric (scipy.stats.hypergeom), their sum's distribution is the convolution of
    those; p = the probability of every sum no more likely than the observed one. With one stratum this
    is Fisher's exact test."""
    _, low, high = _sparse(ns, nr, converted)
    free = high > low  # a stratum whose count is fixed by its margins adds nothing
    sizes = (high - low + 1)[free].astype(int)
    stratum = np.repeat(np.arange(sizes.size), sizes)
    support = low[free][stratum] + np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    # logpmf: an order of magnitude faster than pmf for strata of thousands
    pmf = np.exp(hypergeom.logpmf(support, (ns + nr)[free][stratum], converted[free][stratum], ns[free][stratum]))
    distribution = np.ones(1)
    for one in np.split(pmf, np.cumsum(sizes)[:-1]):
        distribution = np.convolve(distribution, one)
    observed = distribution[int(xs.sum() - low.sum())]
    return float(min(1.0, distribution[distribution <= observed * (1 + 1e-7)].sum()))


def _stratified_comparison(xs: np.ndarray, ns: np.ndarray, xr: np.ndarray, nr: np.ndarray) -> dict | None:
    """Subject (x of n per stratum) against the rest, within strata; None when nothing can be compared.

    The p-value is the Cochran-Mantel-Haenszel test's (statsmodels StratifiedTable) where Mantel and
    Fleiss' rule says its chi-square approximation holds, else the exact conditional test's."""
    informative = (ns > 0) & (nr > 0)
    xs, ns, xr, nr = xs[informative], ns[informative], xr[informative], nr[informative]
    n_subject, n_rest = ns.sum(), nr.sum()
    converted = xs.sum() + xr.sum()
    if n_subject < MIN_GROUP or n_rest < MIN_GROUP or converted in (0, n_subject + n_rest):
        return None
    tables = np.array([[xs, ns - xs], [xr, nr - xr]], dtype=float)  # 2 x 2 x strata
    stratified = StratifiedTable(tables)
    sparse = _sparse(ns, nr, xs + xr)[0]
    p_value = _exact_conditional_p(xs, ns, nr, xs + xr) if sparse else stratified.test_null_odds().pvalue
    if not np.isfinite(p_value):
        return None
    weights = ns / n_subject
    rest_rates = xr / nr
    subject_rate = xs.sum() / n_subject
    comparison_rate = float((weights * rest_rates).sum())
    variance = (xs * (ns - xs) / ns).sum() / n_subject**2 + (weights**2 * rest_rates * (1 - rest_rates) / nr).sum()
    effect = subject_rate - comparison_rate
    with np.errstate(divide="ignore", invalid="ignore"):
        odds_ratio = float(stratified.oddsratio_pooled)
    return {
        "subject_rate": subject_rate,
        "comparison_rate": comparison_rate,
        "effect": effect,
        "ci_low": effect - Z95 * np.sqrt(variance),
        "ci_high": effect + Z95 * np.sqrt(variance),
        "p_value": float(p_value),
        "test": EXACT_TEST if sparse else MH_TEST,
        "subject_eligible": int(n_subject),
        "subject_converted": int(xs.sum()),
        "comparison_eligible": int(n_rest),
        "comparison_converted": int(xr.sum()),
        "odds_ratio": odds_ratio,
    }


def _direction(effect: float, metric: str) -> str:
    """worse when the gap points the bad way for this metric."""
    worse = effect > 0 if metric_of(metric).higher_is_worse else effect < 0
    return "worse" if worse else "better"


def _partner_in_stratum(n: np.ndarray) -> np.ndarray:
    """Per stratum (row of n, strata x values), the XOR of the two values present when exactly two
    are, else -1: XOR-ed with one of them it gives the other. One pass over n, instead of one per
    value compared (at 1M prospects 4,878 roles x their strata, for each role)."""
    present = n > 0
    pair = present.sum(axis=1) == 2
    columns = np.arange(n.shape[1])
    xor = np.bitwise_xor.reduce(np.where(present, columns, 0), axis=1)
    return np.where(pair, xor, -1)


def _compare_values(
    cells: pd.DataFrame, strata: list[str], metric: str, tested: Collection[str] | None = None
) -> list[dict]:
    """Every value of one (dimension, scope, metric) against the rest of its scope, within strata
    (only the values in `tested`, when given; the rest is still everyone else).

    A comparison is made once: when two values only ever meet each other in the strata compared
    (the two values of a dimension, or two sequences used for the same roles), their comparisons
    are one and the same test, told from the side that does worse.
    """
    grouped = cells.groupby([*strata, "subject"], observed=True)[["eligible", "converted"]].sum()
    n_frame = grouped["eligible"].unstack("subject", fill_value=0)
    subjects = list(n_frame.columns)
    n = n_frame.to_numpy(dtype=float)
    x = grouped["converted"].unstack("subject", fill_value=0)[subjects].to_numpy(dtype=float)
    if len(subjects) < 2:
        return []
    total_n, total_x = n.sum(axis=1), x.sum(axis=1)
    partner_in = _partner_in_stratum(n)
    results, only_partner = {}, {}
    for i, subject in enumerate(subjects):
        if tested is not None and subject not in tested:
            continue
        informative = (n[:, i] > 0) & (total_n - n[:, i] > 0)
        pairs = partner_in[informative]  # each informative stratum holds this value and exactly one other?
        if pairs.size and pairs.min() >= 0 and (pairs == pairs[0]).all():
            only_partner[subject] = subjects[pairs[0] ^ i]
        compared = _stratified_comparison(x[:, i], n[:, i], total_x - x[:, i], total_n - n[:, i])
        if compared:
            results[subject] = {"subject": subject, **compared}
    sign = 1 if metric_of(metric).higher_is_worse else -1
    for subject, other in only_partner.items():
        if only_partner.get(other) == subject and subject in results and other in results:
            better = min(results[subject], results[other], key=lambda r: sign * r["effect"])
            results.pop(better["subject"])
    return list(results.values())


def _value_tests(counts: pd.DataFrame, roles: Collection[str] | None) -> list[dict]:
    tests = []
    dimensions = [d for d in DIMENSIONS if roles is None or d != "seniority"]
    compared = counts[counts["dimension"].isin(dimensions)]
    for (dimension, scope, metric, window), cells in compared.groupby(
        ["dimension", "scope", "metric", "window_days"], sort=True, observed=True
    ):
        if metric.startswith("decline_reason:") and metric.split(":", 1)[1] not in V.ROLE_DECLINE_REASONS:
            continue  # not_looking or other say nothing about a role; company is the employer brand's
        spec = DIMENSIONS[dimension]
        tested = roles if dimension == "role_id" else None
        for result in _compare_values(cells, list(spec.adjust_for), metric, tested):
            tests.append(
                {
                    "explanation": spec.explanation,
                    "dimension": dimension,
                    "scope": scope,
                    "metric": metric,
                    "window_days": int(window),
                    "adjusted_for": ", ".join(STRATUM_NAMES[s] for s in spec.adjust_for),
                    **result,
                }
            )
    return tests


# --- employer brand: a trend by month of reply ---------------------------------------------------


def _month_index(months: pd.Index) -> np.ndarray:
    stamps = pd.to_datetime(months)
    return ((stamps.year - stamps[0].year) * 12 + stamps.month - stamps[0].month).to_numpy(dtype=float)


def _trend(monthly: pd.DataFrame) -> dict | None:
    """Binomial regression of the monthly share on the month; the last RECENT_MONTHS against before."""
    if len(monthly) < RECENT_MONTHS + 2 or monthly["converted"].sum() == 0:
        return None
    t = _month_index(monthly.index)
    x, n = monthly["converted"].to_numpy(dtype=float), monthly["eligible"].to_numpy(dtype=float)
    recent = t > t.max() - RECENT_MONTHS
    x1, n1, x0, n0 = x[recent].sum(), n[recent].sum(), x[~recent].sum(), n[~recent].sum()
    if n1 < MIN_GROUP or n0 < MIN_GROUP:
        return None
    exog = sm.add_constant(t)
    fit = sm.GLM(np.column_stack([x, n - x]), exog, family=sm.families.Binomial()).fit()
    fitted = fit.predict(exog)
    low, high = confint_proportions_2indep(x1, n1, x0, n0, method="newcomb")
    first_recent, last = monthly.index[recent][0], monthly.index[-1]
    return {
        "subject": f"{first_recent[:7]}..{last[:7]}",
        "subject_rate": x1 / n1,
        "comparison_rate": x0 / n0,
        "effect": x1 / n1 - x0 / n0,
        "ci_low": float(low),
        "ci_high": float(high),
        "p_value": float(fit.pvalues[1]),
        "test": TREND_TEST,
        "subject_eligible": int(n1),
        "subject_converted": int(x1),
        "comparison_eligible": int(n0),
        "comparison_converted": int(x0),
        "odds_ratio": float(np.exp(fit.params[1])),  # per month
        "trend_per_month": float((fitted[-1] - fitted[0]) / max(t[-1] - t[0], 1)),
        "direction": "worse" if fit.params[1] > 0 else "better",
    }


def _brand_tests(counts: pd.DataFrame) -> list[dict]:
    tests = []
    brand = counts[counts["dimension"] == BRAND_DIMENSION]
    for metric, cells in brand.groupby("metric", sort=True):
        monthly = cells.groupby("subject")[["eligible", "converted"]].sum().sort_index()
        result = _trend(monthly)
        if result:
            tests.append(
                {
                    "explanation": "employer_brand",
                    "dimension": BRAND_DIMENSION,
                    "scope": "all",
                    "metric": metric,
                    "window_days": 0,
                    "adjusted_for": "",
                    **result,
                }
            )
    return tests


# --- all tests, corrected per family ---------------------------------------------------------------


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """statsmodels' Holm step calls gc.collect(), which costs 0.1-0.4 s a call in a process with a large
    heap (a dashboard, a Dagster run); objects alive now are kept out of the collector's sight meanwhile."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _holm_per_family(tests: pd.DataFrame) -> pd.Series:
    with _heap_frozen():
        return tests.groupby("explanation")["p_value"].transform(
            lambda p: multipletests(p.to_numpy(), alpha=ALPHA, method=CORRECTION)[1]
        )


def run_tests(counts: pd.DataFrame, roles: Collection[str] | None = None) -> pd.DataFrame:
    """Every comparison the counts allow, with its raw and Holm-adjusted p-value per explanation family.

    `roles`: a scope of some roles (a recruiter's). Their roles are compared with every comparable
    prospect the counts hold (the dashboards pool other roles' role_id rows into OTHER_ROLES, so no
    other role is named); seniorities are not compared (a company-wide seniority group holds other
    people's roles; within a few roles it would repeat their role findings)."""
    keys = ["dimension", "scope", "subject", "metric", *STRATA]
    counts = counts.astype({key: "category" for key in keys})  # grouping categories is much faster than text
    tests = pd.DataFrame(_value_tests(counts, roles) + _brand_tests(counts))
    if tests.empty:
        return pd.DataFrame(columns=TEST_COLUMNS)
    no_direction = tests["direction"].isna() if "direction" in tests else pd.Series(True, index=tests.index)
    tests.loc[no_direction, "direction"] = [
        _direction(e, m) for e, m in zip(tests.loc[no_direction, "effect"], tests.loc[no_direction, "metric"])
    ]
    tests["family_tests"] = tests.groupby("explanation")["p_value"].transform("size").astype(int)
    tests["p_adjusted"] = _holm_per_family(tests)
    tests["impact"] = tests["effect"].abs() * tests["subject_eligible"]
    step = tests["dimension"] == "step"  # counted per sequence within a follow-up: told as "follow-up k of a sequence"
    tests.loc[step, ["subject", "scope"]] = tests.loc[step, ["scope", "subject"]].to_numpy()
    return tests


def coverage(tests: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Per explanation: was it tested, how many comparisons, how many findings, in one plain line, so
    "nothing found" can be told from "not checked"."""
    rows = []
    for explanation in V.DIAGNOSIS_EXPLANATIONS:
        made = int((tests["explanation"] == explanation).sum()) if not tests.empty else 0
        hits = int((found["explanation"] == explanation).sum()) if not found.empty else 0
        name, what = COVERAGE_SUBJECTS[explanation]
        if explanation == "opportunity" and made and "seniority" not in set(tests["dimension"]):
            what = "roles"  # a scope of some roles compares no seniority (run_tests)
        checked = f"{name}: checked ({made:,} comparison{'s' if made > 1 else ''} of {what})"
        if not made:
            summary = f"{name}: not checked, too few prospects to compare {what}."
        elif not hits:
            summary = f"{checked}, nothing stands out."
        else:
            summary = f"{checked}, {hits} finding{'s' if hits > 1 else ''}."
        rows.append(
            {
                "explanation": explanation,
                "tested": bool(made),
                "comparisons": made,
                "findings": hits,
                "summary": summary,
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


# --- findings: significant comparisons, merged, ranked, worded, each with its next step -----------


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f} %"


def _same(adjusted_for: str) -> str:
    """'role, match tier, first-touch style' -> 'same role, match tier and first-touch style'."""
    names = adjusted_for.split(", ")
    return "same " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])


def _label(row: pd.Series, labels: Mapping[str, Mapping[str, str]]) -> str:
    subject = str(row["subject"])
    return labels.get(row["dimension"], {}).get(subject, subject.replace("_", " "))


def _who(row: pd.Series, labels: Mapping[str, Mapping[str, str]]) -> str:
    spec = DIMENSIONS[row["dimension"]]
    subject_text = str(row["subject"]).replace("_", " ")
    return spec.who.format(
        subject=subject_text, Subject=subject_text.capitalize(), scope=row["scope"], label=_label(row, labels)
    )


def _noun(row: pd.Series, labels: Mapping[str, Mapping[str, str]]) -> str:
    """The subject as the suggested action names it."""
    if row["dimension"] == BRAND_DIMENSION:
        return "the company"
    return DIMENSIONS[row["dimension"]].noun.format(
        subject=str(row["subject"]).replace("_", " "), scope=row["scope"], label=_label(row, labels)
    )


def suggested_action(row: pd.Series, labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The finding's next step: the most specific rule of contract.diagnosis_actions, worded for it."""
    rule = diagnosis_actions.rule_for(row["explanation"], row["direction"], row["dimension"], row["metric"])
    return rule.action.format(subject=_noun(row, labels or {}), step=row["subject"])


def _small_sample(found: pd.DataFrame) -> pd.Series:
    """Fewer than SMALL_SAMPLE_EVENTS prospects on one side of the subject's rate (converted or not):
    its rate rests on a handful of people, whatever the test says."""
    converted, eligible = found["subject_converted"], found["subject_eligible"]
    return np.minimum(converted, eligible - converted) < SMALL_SAMPLE_EVENTS


def _finding_id(row: pd.Series) -> str:
    """Stable across runs for the same comparison (what it compares, not what it found)."""
    key = "|".join(str(row[c]) for c in ("explanation", "dimension", "scope", "subject", "metric", "window_days"))
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def _roles_of_seniority(counts: pd.DataFrame) -> dict[str, str]:
    seniority = counts[counts["dimension"] == "seniority"][["role_id", "subject"]].drop_duplicates()
    return dict(zip(seniority["role_id"].astype(str), seniority["subject"].astype(str)))


def _role_cells(counts: pd.DataFrame) -> dict[tuple[str, int], pd.DataFrame]:
    """The counts of the role comparisons per (metric, window_days): split once, so each role finding
    looks only at its metric's rows (at 1M prospects the counts hold 1.4M rows, a few % of them one
    metric's role rows)."""
    roles = counts[counts["dimension"] == "role_id"]
    return {
        (str(metric), int(window)): cells
        for (metric, window), cells in roles.groupby(["metric", "window_days"], observed=True)
    }


def _differs_from_its_seniority(
    role_cells: Mapping[tuple[str, int], pd.DataFrame], role: pd.Series, peers: list[str]
) -> bool:
    """Does the role do differently from the other roles of its seniority (same match tier and
    first-touch style, on the finding's metric)? Not when it has no peers to be compared with."""
    cells = role_cells.get((str(role["metric"]), int(role["window_days"])))
    if cells is None:
        return False
    cells = cells[cells["role_id"].isin([role["subject"], *peers])]
    compared = {r["subject"]: r for r in _compare_values(cells, list(_ROLE_LEVEL), role["metric"], {role["subject"]})}
    return role["subject"] in compared and compared[role["subject"]]["p_value"] < ALPHA


def _merge_roles_into_seniorities(found: pd.DataFrame, counts: pd.DataFrame | None) -> pd.DataFrame:
    """A role finding and its seniority's finding (same metric, same direction) are one finding when
    one explains the other: the seniority's when the role does no differently from the other roles
    of its seniority (the role is named in it), the role's when it is the only role of its seniority."""
    found = found.assign(merged=[[] for _ in range(len(found))])
    if counts is None or found.empty:
        return found.drop(columns="merged").assign(merged_with="")
    seniority_of, role_cells = _roles_of_seniority(counts), _role_cells(counts)
    key = ["metric", "window_days", "direction"]
    drop = set()
    for i, role in found[found["dimension"] == "role_id"].iterrows():
        level = seniority_of.get(str(role["subject"]))
        match = found[(found["dimension"] == "seniority") & (found["subject"] == level)]
        match = match[(match[key] == role[key]).all(axis=1)]
        if level is None or match.empty:
            continue
        j = match.index[0]
        peers = [r for r, s in seniority_of.items() if s == level and r != role["subject"]]
        if not peers:
            drop.add(j)
            found.at[i, "merged"].append(level)
        elif not _differs_from_its_seniority(role_cells, role, peers):
            drop.add(i)
            found.at[j, "merged"].append(str(role["subject"]))
    found = found.drop(index=list(drop))
    return found.assign(merged_with=found.pop("merged").map(", ".join))


def _yield_note(row: pd.Series, tests: pd.DataFrame, alpha: float) -> str:
    """For a targeting reply gap: what happens once these prospects are interested."""
    if row["explanation"] != "targeting" or row["metric"] != "reply_rate" or row["direction"] != "worse":
        return ""
    downstream = tests[
        (tests["dimension"] == row["dimension"])
        & (tests["subject"] == row["subject"])
        & (tests["metric"] == DOWNSTREAM_YIELD)
    ]
    if downstream.empty:
        return ""
    hire = downstream.iloc[0]
    rates = f"{_pct(hire['subject_rate'])} of {hire['subject_eligible']:,} vs {_pct(hire['comparison_rate'])}"
    if hire["p_adjusted"] < alpha and hire["direction"] == "worse":
        return f" Once interested they are also hired less often ({rates}): the fit itself is weaker."
    return (
        f" Once interested they are hired about as often as comparable prospects ({rates}, no clear "
        "difference): the gap is in getting an answer, not in fit."
    )


def _gap(row: pd.Series, unit: str) -> str:
    """'6.2 points lower (95 % interval 4.1 to 8.3 points lower), about 76 replies lost'."""
    lower = row["effect"] < 0
    side = "lower" if lower else "higher"
    low, high = sorted((abs(row["ci_low"] * 100), abs(row["ci_high"] * 100)))
    if row["ci_low"] < 0 < row["ci_high"]:  # the exact test's finding, its approximate interval crossing 0
        interval = f"95 % interval {row['ci_low'] * 100:+.1f} to {row['ci_high'] * 100:+.1f} points"
    else:
        interval = f"95 % interval {low:.1f} to {high:.1f} points {side}"
    change = "lost" if row["direction"] == "worse" else "gained"
    if metric_of(row["metric"]).higher_is_worse:
        change = "more" if row["direction"] == "worse" else "fewer"
    return f"{abs(row['effect']) * 100:.1f} points {side} ({interval}), about {row['impact']:,.0f} {unit} {change}"


def _notes(row: pd.Series, labels: Mapping[str, Mapping[str, str]]) -> str:
    notes = ""
    if row["merged_with"] and row["dimension"] == "seniority":
        roles = ", ".join(labels.get("role_id", {}).get(r, r) for r in row["merged_with"].split(", "))
        notes += f" Its roles with the same gap, which their seniority explains: {roles}."
    elif row["merged_with"]:
        notes += f" It is the only {row['merged_with']} role, so the same holds for {row['merged_with']} roles."
    if row["small_sample"]:
        notes += (
            f" Small sample: {row['subject_converted']:,} of {row['subject_eligible']:,}; "
            "a lead to check rather than a settled fact."
        )
    return notes


def _sentence(row: pd.Series, tests: pd.DataFrame, labels: Mapping[str, Mapping[str, str]], alpha: float) -> str:
    metric = metric_of(row["metric"])
    window = int(row["window_days"])
    conclusion = CONCLUSIONS[(row["explanation"], row["direction"])]
    if row["explanation"] == "employer_brand":
        what = "declines citing the company" if row["metric"].startswith("decline_reason") else "opt-outs"
        trend = "rising" if row["direction"] == "worse" else "falling"
        return (
            f"{what.capitalize()} are {trend}: {_pct(row['subject_rate'])} of {row['subject_eligible']:,} replies in "
            f"{row['subject'].replace('..', ' to ')} vs {_pct(row['comparison_rate'])} of "
            f"{row['comparison_eligible']:,} before ({row['trend_per_month'] * 100:+.2f} points a month), "
            f"dated by the reply; {_gap(row, metric.unit)}. {conclusion}.{_notes(row, labels)}"
        )
    base = metric.base.format(window=window)
    phrase = metric.phrase.format(window=window)
    others = DIMENSIONS[row["dimension"]].others.format(scope=row["scope"])
    return (
        f"{_who(row, labels)}: {_pct(row['subject_rate'])} of {row['subject_eligible']:,} {base} {phrase}, against "
        f"{_pct(row['comparison_rate'])} for comparable prospects {others} ({_same(row['adjusted_for'])}); "
        f"{_gap(row, metric.unit)}. {conclusion}.{_yield_note(row, tests, alpha)}{_notes(row, labels)}"
    )


def findings(
    tests: pd.DataFrame,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    alpha: float = ALPHA,
    counts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The significant tests (p_adjusted < alpha), a role merged into its seniority when one explains
    the other (needs the `counts` the tests were run on), ranked (what holds response back first, each
    direction by impact), each with its sentence and suggested action."""
    labels = labels or {}
    found = tests[tests["p_adjusted"] < alpha].copy() if not tests.empty else tests.copy()
    if found.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    found = _merge_roles_into_seniorities(found.reset_index(drop=True), counts)
    found["worse_first"] = found["direction"] != "worse"
    found = found.sort_values(
        ["worse_first", "impact", "p_adjusted", "explanation", "dimension", "subject", "metric"],
        ascending=[True, False, True, True, True, True, True],
    ).reset_index(drop=True)
    found["finding_rank"] = np.arange(1, len(found) + 1)
    found["finding_id"] = [_finding_id(row) for _, row in found.iterrows()]
    found["small_sample"] = _small_sample(found)
    found["sentence"] = [_sentence(row, tests, labels, alpha) for _, row in found.iterrows()]
    found["suggested_action"] = [suggested_action(row, labels) for _, row in found.iterrows()]
    return found[FINDING_COLUMNS]


def diagnose(
    counts: pd.DataFrame,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    alpha: float = ALPHA,
    roles: Collection[str] | None = None,
) -> pd.DataFrame:
    """Findings (contract §9.2) from count tables shaped like marts.agg_diagnosis_counts.

    `labels` names subjects in sentences, e.g. {"role_id": {"R00002": "Account Executive (R00002)"}};
    `roles`: a scope of some roles (run_tests)."""
    return findings(run_tests(counts, roles), labels, alpha, counts)


# --- the people behind a finding --------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectGroup:
    """Which rows of the diagnosis' observations (marts.fct_diagnosis_observations, one per prospect and
    comparison) a finding's subject group is: its subject_eligible prospects, of whom subject_converted
    converted. `subject` is the observations' value, or None for the employer brand, whose group is the
    replies of `months` (first, last, 'YYYY-MM'); only strata (`strata`, observation columns) where the
    rest of the scope has prospects too count, as in the comparison itself."""

    dimension: str
    scope: str
    subject: str | None
    months: tuple[str, str] | None
    metric: str
    window_days: int
    strata: tuple[str, ...]


def subject_group(finding: Mapping[str, object]) -> SubjectGroup:
    """The observations behind a finding (a row of `findings`, or of marts.fct_diagnosis_findings): a step
    comparison is counted per sequence within a follow-up, so its observations hold the follow-up as the
    scope and the sequence as the subject, the other way round from the finding."""
    dimension, scope, subject = str(finding["dimension"]), str(finding["scope"]), str(finding["subject"])
    common = {"dimension": dimension, "metric": str(finding["metric"]), "window_days": int(finding["window_days"])}
    if dimension == BRAND_DIMENSION:
        first, last = subject.split("..")
        return SubjectGroup(scope=scope, subject=None, months=(first, last), strata=(), **common)
    if dimension == "step":
        scope, subject = subject, scope
    return SubjectGroup(scope=scope, subject=subject, months=None, strata=DIMENSIONS[dimension].adjust_for, **common)
