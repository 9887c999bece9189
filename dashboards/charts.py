"""Pure chart builders: DataFrame in, Altair chart out, one theme. No Streamlit here."""

from __future__ import annotations

import altair as alt
import pandas as pd

from contract.labels import humanize, in_order, label
from insights.rates import SMALL_SAMPLE

PALETTE = ["#1f5f8b", "#e07b39", "#3a9d7a", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]
SMALL_SAMPLE_NOTE = "small sample (< 30): read with care"


@alt.theme.register("funnel", enable=True)
def funnel_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": "Inter, Helvetica, Arial, sans-serif",
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#eeeeee", "labelLimit": 0},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 0},
            "view": {"stroke": None},
            "bar": {"color": PALETTE[0]},
        }
    }


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    """Enum values as human labels (`Professional network`), so axes and tooltips read as words."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(label)
    return out


def _words(name: str) -> str:
    """A column name as words in a sentence: `still_silent` -> `still silent`."""
    return humanize(name).lower()


def _tip(shorthand: str, **kwargs) -> alt.Tooltip:
    """A tooltip line titled in words (a field's name would show as `hour_utc`)."""
    kwargs.setdefault("title", humanize(shorthand.split(":")[0]))
    return alt.Tooltip(shorthand, **kwargs)


def _order(values: pd.Series) -> list:
    """The labels of these values in their vocabulary's order (strong, moderate, stretch; touch 1, 2, ...)."""
    return [label(value) for value in in_order(values.tolist())]


def _sample_note(frame: pd.DataFrame) -> pd.DataFrame:
    out = _display(frame)
    out["sample"] = out["is_small_sample"].map({True: SMALL_SAMPLE_NOTE, False: "ok"})
    return out


def funnel(steps: pd.DataFrame) -> alt.Chart:
    """Horizontal funnel: prospects per stage, conversion from the previous stage in the tooltip."""
    data = _sample_note(steps)
    base = alt.Chart(data).encode(
        y=alt.Y("stage:N", sort=alt.SortField("order"), title=None),
        x=alt.X("prospects:Q", title="prospects"),
        tooltip=[
            _tip("stage:N"),
            _tip("prospects:Q", format=","),
            _tip("denominator:N", title="step rate denominator"),
            _tip("previous:Q", title="denominator count", format=","),
            _tip("step_rate:Q", title="stage / previous stage", format=".1%"),
            _tip("step_ci_low:Q", title="95% CI low", format=".1%"),
            _tip("step_ci_high:Q", title="95% CI high", format=".1%"),
            _tip("sample:N"),
        ],
    )
    bars = base.mark_bar().encode(opacity=alt.condition("datum.is_small_sample", alt.value(0.4), alt.value(1.0)))
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("prospects:Q", format=","))
    return (bars + labels).properties(height=260)


def rate_bars(
    frame: pd.DataFrame,
    category: str,
    rate: str,
    numerator: str,
    denominator: str,
    title: str,
    sort_by_rate: bool = True,
) -> alt.Chart:
    """Rate per category with its 95 % interval as an error bar; small samples are faded."""
    if frame.empty:
        return empty_state()
    prefix = rate.removesuffix("rate")
    data = _sample_note(frame)
    y = alt.Y(
        f"{category}:N",
        title=None,
        axis=alt.Axis(labelOverlap=False),
        sort=alt.SortField(rate, order="descending") if sort_by_rate else _order(frame[category]),
    )
    tooltip = [
        _tip(f"{category}:N"),
        _tip(f"{rate}:Q", title=title, format=".1%"),
        _tip(f"{numerator}:Q", title=f"numerator ({_words(numerator)})", format=","),
        _tip(f"{denominator}:Q", title=f"denominator ({_words(denominator)})", format=","),
        _tip(f"{prefix}ci_low:Q", title="95% CI low", format=".1%"),
        _tip(f"{prefix}ci_high:Q", title="95% CI high", format=".1%"),
        _tip("sample:N"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(f"{rate}:Q", title=title, axis=alt.Axis(format="%")),
            tooltip=tooltip,
            opacity=alt.condition("datum.is_small_sample", alt.value(0.35), alt.value(1.0)),
        )
    )
    errors = alt.Chart(data).mark_rule(color="#333333").encode(y=y, x=f"{prefix}ci_low:Q", x2=f"{prefix}ci_high:Q")
    return (bars + errors).properties(height=max(140, 34 * len(frame)))


def trend(
    frame: pd.DataFrame,
    period: str,
    rate: str,
    numerator: str,
    denominator: str,
    title: str,
    period_title: str = "cohort (month of first contact)",
) -> alt.Chart:
    """A rate over periods with its interval band; small samples are labelled in the tooltip."""
    if frame.empty:
        return empty_state()
    prefix = rate.removesuffix("rate")
    data = _sample_note(frame)
    base = alt.Chart(data).encode(x=alt.X(f"{period}:O", title=period_title))
    band = base.mark_area(opacity=0.15).encode(
        y=alt.Y(f"{prefix}ci_low:Q", title=title, axis=alt.Axis(format="%")), y2=f"{prefix}ci_high:Q"
    )
    line = base.mark_line().encode(y=f"{rate}:Q")
    points = base.mark_point(size=60, filled=True).encode(
        y=f"{rate}:Q",
        tooltip=[
            _tip(f"{period}:O"),
            _tip(f"{rate}:Q", format=".1%", title=title),
            _tip(f"{numerator}:Q", format=","),
            _tip(f"{denominator}:Q", title=f"denominator ({_words(denominator)})", format=","),
            _tip("sample:N"),
        ],
    )
    return (band + line + points).properties(height=260)


def stacked_shares(frame: pd.DataFrame, category: str, part: str, count: str, total: str, title: str) -> alt.Chart:
    """100 % stacked bars: how each category splits into parts. Each bar names its n (the denominator) on its
    axis label; bars from fewer than 30 are faded; tooltips give count and total."""
    if frame.empty:
        return empty_state()
    data = _display(frame)
    data["bar"] = data[category].astype(str) + " (n = " + frame[total].map("{:,}".format) + ")"
    order = {value: i for i, value in enumerate(_order(frame[category]))}
    bars = data.drop_duplicates(category).assign(_o=lambda f: f[category].map(order)).sort_values("_o")["bar"]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("bar:N", title=None, sort=bars.tolist(), axis=alt.Axis(labelOverlap=False)),
            x=alt.X(f"{count}:Q", stack="normalize", title=title, axis=alt.Axis(format="%")),
            color=alt.Color(f"{part}:N", title=None, sort=_order(frame[part])),
            opacity=alt.condition(f"datum.{total} < {SMALL_SAMPLE}", alt.value(0.35), alt.value(1.0)),
            tooltip=[
                _tip(f"{category}:N"),
                _tip(f"{part}:N"),
                _tip(f"{count}:Q", format=","),
                _tip(f"{total}:Q", title=f"denominator ({_words(total)})", format=","),
                _tip("share_rate:Q", title="share", format=".1%"),
            ],
        )
        .properties(height=max(150, 30 * frame[category].nunique()))
    )


def heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    value: str,
    numerator: str,
    denominator: str,
    title: str,
    y_sort: list | str | None = None,
) -> alt.Chart:
    """A rate over two axes (channel x match tier, weekday x hour), each cell with its rate and n written in
    it; small samples are faded."""
    if frame.empty:
        return empty_state()
    data = _sample_note(frame)
    data["cell"] = frame[value].map(lambda v: "" if pd.isna(v) else f"{v:.0%}")
    data["n"] = "n=" + frame[denominator].map("{:,}".format)
    x_enc = alt.X(f"{x}:O", title=None, sort=_order(frame[x]), axis=alt.Axis(labelAngle=0))
    y_enc = alt.Y(f"{y}:O", title=None, sort=y_sort or _order(frame[y]))
    base = alt.Chart(data).encode(x=x_enc, y=y_enc)
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=title, scale=alt.Scale(scheme="blues"), legend=alt.Legend(format="%")),
        opacity=alt.condition("datum.is_small_sample", alt.value(0.35), alt.value(1.0)),
        tooltip=[
            _tip(f"{x}:O"),
            _tip(f"{y}:O"),
            _tip(f"{value}:Q", format=".1%", title=title),
            _tip(f"{numerator}:Q", format=","),
            _tip(f"{denominator}:Q", title=f"denominator ({_words(denominator)})", format=","),
            _tip("sample:N"),
        ],
    )
    high = float(frame[value].max()) if frame[value].notna().any() else 0.0
    ink = alt.condition(f"datum.{value} > {high * 0.6}", alt.value("white"), alt.value("#222222"))
    rows = frame[y].nunique()
    if frame[x].nunique() > 12:  # too narrow for two lines: the rate only, the n in the tooltip
        return (cells + base.mark_text(fontSize=9).encode(text="cell:N", color=ink)).properties(height=28 * rows)
    rates = base.mark_text(fontSize=12, dy=-7).encode(text="cell:N", color=ink)
    counts = base.mark_text(fontSize=10, dy=8).encode(text="n:N", color=ink)
    return (cells + rates + counts).properties(height=max(120, 40 * rows))


def turndown_bars(frame: pd.DataFrame) -> alt.Chart:
    """Per furthest stage: who ended it, the candidate or the company."""
    if frame.empty:
        return empty_state()
    long = _display(frame).melt(
        id_vars=["furthest_stage", "prospects"],
        value_vars=["by_candidate", "by_company"],
        var_name="who",
        value_name="count",
    )
    long["who"] = long["who"].map({"by_candidate": "they turned us down", "by_company": "we turned them down"})
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("furthest_stage:N", sort=[label(s) for s in frame["furthest_stage"]], title="furthest stage"),
            x=alt.X("count:Q", title="prospects"),
            color=alt.Color("who:N", title=None),
            tooltip=[
                _tip("furthest_stage:N"),
                _tip("who:N"),
                _tip("count:Q", format=","),
                _tip("prospects:Q", title="denominator (prospects at this stage)", format=","),
            ],
        )
        .properties(height=240)
    )


def survival(curves: pd.DataFrame, segment: str, title: str, max_day: int | None = None) -> alt.Chart:
    """Kaplan-Meier curves: share converted within d days of first contact, one step line per segment,
    with its 95 % band; prospects not converted yet count as censored at the data's as-of time."""
    data = _display(curves if max_day is None else curves[curves["day"] <= max_day])
    base = alt.Chart(data).encode(
        x=alt.X("day:Q", title="days since first contact"), color=alt.Color(f"{segment}:N", title=None)
    )
    band = base.mark_area(opacity=0.12, interpolate="step-after").encode(
        y=alt.Y("ci_low:Q", title=title, axis=alt.Axis(format="%")), y2="ci_high:Q"
    )
    line = base.mark_line(interpolate="step-after").encode(
        y="converted:Q",
        tooltip=[
            _tip(f"{segment}:N"),
            _tip("day:Q", title="within days"),
            _tip("converted:Q", title=title, format=".1%"),
            _tip("ci_low:Q", title="95% CI low", format=".1%"),
            _tip("ci_high:Q", title="95% CI high", format=".1%"),
            _tip("at_risk:Q", title="still waiting that day (denominator)", format=","),
            _tip("events:Q", title="converted that day", format=","),
        ],
    )
    return (band + line).properties(height=280)


# --- the leader's weekly view and the digest (issue 12) -----------------------------------------
EMPTY_MESSAGE = "No data for this view (under the current filters)."


def empty_state(message: str = EMPTY_MESSAGE) -> alt.Chart:
    """What a chart shows when there is nothing to draw: a sentence instead of empty axes."""
    return (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(fontSize=14, color="#666666")
        .encode(text="message:N")
        .properties(height=80)
    )


def count_bars(frame: pd.DataFrame, category: str, count: str, share: str, total: str, title: str) -> alt.Chart:
    """Counts per category, largest first; the tooltip gives each one's share of the total."""
    if frame.empty:
        return empty_state()
    data = _display(frame)
    y = alt.Y(
        f"{category}:N", title=None, sort=alt.SortField(count, order="descending"), axis=alt.Axis(labelOverlap=False)
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(f"{count}:Q", title=title),
            tooltip=[
                _tip(f"{category}:N"),
                _tip(f"{count}:Q", title=title, format=","),
                _tip(f"{share}:Q", title=f"share of {total}", format=".1%"),
                _tip(f"{total}:Q", title=f"denominator ({_words(total)})", format=","),
            ],
        )
    )
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text(f"{share}:Q", format=".1%"))
    return (bars + labels).properties(height=max(120, 28 * len(frame)))


def volume_and_rate(
    frame: pd.DataFrame,
    period: str,
    volume: str,
    volume_title: str,
    rate: str,
    numerator: str,
    rate_title: str,
    mature: str | None = None,
) -> alt.Chart:
    """Volume as bars (left axis) against a rate as a line (right axis): "more sent, fewer interested"."""
    if frame.empty:
        return empty_state()
    data = _display(frame)
    if mature:
        data["maturity"] = data[mature].map({True: "mature", False: "still maturing"}).fillna("still maturing")
    base = alt.Chart(data).encode(x=alt.X(f"{period}:O", title=None))
    bars = base.mark_bar(opacity=0.35).encode(
        y=alt.Y(f"{volume}:Q", title=volume_title),
        tooltip=[_tip(f"{period}:O"), _tip(f"{volume}:Q", title=volume_title, format=",")],
    )
    line = base.mark_line(point=True, color=PALETTE[1]).encode(
        y=alt.Y(f"{rate}:Q", title=rate_title, axis=alt.Axis(format="%", orient="right")),
        tooltip=[
            _tip(f"{period}:O"),
            _tip(f"{rate}:Q", title=rate_title, format=".1%"),
            _tip(f"{numerator}:Q", format=","),
            _tip(f"{volume}:Q", title=f"denominator ({_words(volume)})", format=","),
            *([_tip("maturity:N")] if mature else []),
        ],
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=260)


def value_bars(frame: pd.DataFrame, period: str, value: str, title: str, value_format: str = ",.0f") -> alt.Chart:
    """A count or ratio per period as bars, each with its value written above it (no axis to read)."""
    if frame.empty:
        return empty_state()
    data = _display(frame)
    base = alt.Chart(data).encode(x=alt.X(f"{period}:O", title=None, sort=None, axis=alt.Axis(labelAngle=-45)))
    bars = base.mark_bar().encode(
        y=alt.Y(f"{value}:Q", title=title, axis=alt.Axis(format=value_format, tickCount=4)),
        tooltip=[_tip(f"{period}:O"), _tip(f"{value}:Q", title=title, format=value_format)],
    )
    labels = base.mark_text(dy=-6, fontSize=11).encode(y=f"{value}:Q", text=alt.Text(f"{value}:Q", format=value_format))
    return (bars + labels).properties(height=200)


def series_lines(
    frame: pd.DataFrame, period: str, series: dict[str, str], title: str, as_percent: bool = True
) -> alt.Chart:
    """Several measures over time as lines, one colour each (`series` maps column -> legend label)."""
    if frame.empty:
        return empty_state()
    long = _display(frame).melt(id_vars=[period], value_vars=list(series), var_name="series", value_name="value")
    long["series"] = long["series"].map(series)
    value_format = ".1%" if as_percent else ",.1f"
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{period}:O", title=None),
            y=alt.Y("value:Q", title=title, axis=alt.Axis(format="%" if as_percent else ",.0f")),
            color=alt.Color("series:N", title=None),
            tooltip=[_tip(f"{period}:O"), _tip("series:N"), _tip("value:Q", format=value_format)],
        )
        .properties(height=240)
    )
