"""How the pages present numbers, labels and empty charts (the requisition triage's figures: tests/insights)."""

import altair as alt
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from contract import vocabulary as V
from contract.labels import ENUM_LABELS, definition, humanize, label
from dashboards import charts
from dashboards.formatting import MISSING, NONE, as_text, display_frame
from dashboards.ui import SHOWN_ROWS


def test_every_enum_of_the_contract_has_a_human_label():
    for values in V.ENUMS.values():
        for value in values:
            assert "_" not in ENUM_LABELS[value] and ENUM_LABELS[value][0].isupper(), value
    assert label("professional_network") == "Professional network"
    assert label("inmail") == "InMail" and label("ats_rediscovery") == "ATS rediscovery"
    assert label("R00012") == "R00012" and label(3) == 3
    assert humanize("ats_hires") == "ATS hires" and humanize("reply_ci_low") == "Reply CI low"
    assert "contacted" in definition("reply_rate")


def test_tables_read_as_percentages_counts_dashes_and_labels():
    frame = pd.DataFrame(
        {
            "channel": ["professional_network", None],
            "reply_rate": [0.38241, None],
            "contacted": [12345, 7],
            "days": [1.5, None],
            "since": pd.to_datetime(["2026-06-01", None]),
            "p_adjusted": [2.8e-96, 0.0123],
            "value": [0.0085, 30.74],
        }
    )
    text = as_text(frame)
    assert list(text.iloc[0]) == ["Professional network", "38.2 %", "12,345", "1.5", "2026-06-01", "< 0.001", "0.0085"]
    assert list(text.iloc[1]) == [NONE, NONE, "7", NONE, NONE, "0.012", "30.7"]
    shown, _ = display_frame(frame)
    assert shown["reply_rate"].tolist() == [0.38241, MISSING]  # numbers stay numbers: sorting sorts by value
    assert shown["channel"].tolist() == ["Professional network", NONE]  # a label, not the code, in the cell


def test_axis_labels_are_never_truncated_and_enums_are_labelled():
    frame = pd.DataFrame(
        {"segment": ["professional_network"], "reply_rate": [0.2], "replied": [2], "contacted": [10]}
    ).assign(reply_ci_low=0.1, reply_ci_high=0.3, is_small_sample=True)
    spec = charts.rate_bars(frame, "segment", "reply_rate", "replied", "contacted", "replied / contacted").to_dict()
    assert spec["config"]["axis"]["labelLimit"] == 0 and spec["config"]["legend"]["labelLimit"] == 0
    data = next(iter(spec["datasets"].values()))
    assert data[0]["segment"] == "Professional network"


@pytest.mark.parametrize(
    "build",
    [
        lambda f: charts.rate_bars(f, "segment", "reply_rate", "replied", "contacted", "t"),
        lambda f: charts.trend(f, "segment", "reply_rate", "replied", "contacted", "t"),
        lambda f: charts.stacked_shares(f, "segment", "outcome", "prospects", "total", "t"),
        lambda f: charts.heatmap(f, "a", "b", "reply_rate", "replied", "contacted", "t"),
        lambda f: charts.count_bars(f, "segment", "hires", "share_rate", "all_hires", "t"),
        lambda f: charts.series_lines(f, "month", {"reply_rate": "x"}, "t"),
    ],
)
def test_an_empty_frame_gives_a_message_not_empty_axes(build):
    chart = build(pd.DataFrame())
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "text" and "No data" in next(iter(spec["datasets"].values()))[0]["message"]


def test_a_long_table_shows_its_first_rows_and_says_the_download_has_all():
    def page():
        import pandas as pd

        from dashboards import ui

        ui.table(pd.DataFrame({"prospects": range(1_234)}), "long")

    at = AppTest.from_function(page).run()
    assert len(at.dataframe[0].value) == SHOWN_ROWS
    said = f"The first {SHOWN_ROWS:,} of 1,234 rows, in this order; the download has all of them."
    assert at.caption[0].value == said
