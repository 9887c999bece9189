"""Every page in the words of the people who read it: no code of the label registry (contract/labels.py)
in any text, table (cells and headers), chart (axes, legends, tooltips, data labels) or widget, for a
talent leader and for a recruiter; tiles name their denominators and carry their intervals."""

import json
import re

from google.protobuf.json_format import MessageToDict
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from contract import labels as L
from settings import ENV_WAREHOUSE
from tests.dashboards.test_access import signed_in
from tests.support import ROOT

APP = str(ROOT / "dashboards" / "app.py")
PAGES = ("overview", "role_funnel", "channels", "engagement", "outreach", "network", "quality")
# proto fields that hold what the app names things by, never what a person reads
NOT_SHOWN = {"id", "formId", "key", "fileName", "url", "pageScriptHash", "type", "deltaPath"}
# tables that quote codes on purpose: the findings table (the findings block is issue 21 item 3's) and the
# quarantine's reasons, which name the values an export must use, as the export must spell them
QUOTING_TABLES = {"table_diagnosis_findings", "table_quarantine"}
CODE = re.compile(
    r"(?<![\w:./-])(" + "|".join(re.escape(c) for c in sorted(L.codes(), key=len, reverse=True)) + r")(?![\w:])"
)


def _strings(value, skip=NOT_SHOWN):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip)
    elif isinstance(value, str):
        yield value


def _chart_text(proto) -> list[str]:
    """What a chart shows: titles, sort orders (its category labels), tooltip titles, literal texts and the
    text values of its data."""
    spec = json.loads(proto.spec)
    shown = []

    def walk(node, in_tooltip=False):
        if isinstance(node, dict):
            if in_tooltip and "field" in node:
                shown.append(node.get("title", node["field"]))
            for key, item in node.items():
                if (
                    key == "title"
                    or (key == "sort" and isinstance(item, list))
                    or (key == "text" and "value" in str(item))
                ):
                    shown.extend(_strings(item, skip=set()))
                if key not in ("datasets", "data"):
                    walk(item, in_tooltip or key == "tooltip")
        elif isinstance(node, list):
            for item in node:
                walk(item, in_tooltip)

    walk(spec)
    for dataset in proto.datasets:
        frame = convert_arrow_bytes_to_pandas_df(dataset.data.data)
        shown.extend(str(v) for column in frame.select_dtypes("object") for v in frame[column].dropna())
    return shown


def page_text(node) -> list[str]:
    """Every piece of text a person can read on a rendered page (AppTest's element tree)."""
    if getattr(node, "key", None) in QUOTING_TABLES:
        return []
    proto = getattr(node, "proto", None)
    kind = type(proto).__name__ if proto is not None else ""
    if kind == "Dataframe":
        frame = node.value
        headers = [column.get("label", name) for name, column in json.loads(proto.columns or "{}").items()]
        return headers + [str(v) for column in frame.select_dtypes("object") for v in frame[column].dropna()]
    if hasattr(proto, "spec") and hasattr(proto, "datasets"):  # an Altair chart
        return _chart_text(proto)
    texts = [] if proto is None or kind == "Block" else list(_strings(MessageToDict(proto)))
    for child in getattr(node, "children", {}).values():
        texts.extend(page_text(child))
    return texts


def codes_on(at: AppTest, pages: tuple[str, ...]) -> dict[str, set[str]]:
    """Per page, the registry codes found in its text (none: an empty set)."""
    found = {}
    for page in pages:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        found[page] = set(CODE.findall("\n".join(page_text(at.main))))
    return found


def test_the_registry_knows_the_codes_people_met():
    assert {"first_touch_style", "reply_rate", "contact_without_consent", "alumni_network", "is_breached"} <= L.codes()
    assert L.label("contact_without_consent") == "Contacted without consent"
    assert L.in_order(["stretch", "strong", "moderate"]) == ["strong", "moderate", "stretch"]


def test_no_page_shows_a_code_to_a_leader(generated_warehouse, monkeypatch):
    monkeypatch.setenv(ENV_WAREHOUSE, str(generated_warehouse))
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert codes_on(at, PAGES) == {page: set() for page in PAGES}


def test_no_page_shows_a_code_or_an_id_to_a_recruiter(generated_warehouse, recruiter_and_other_role, monkeypatch):
    recruiter, _ = recruiter_and_other_role
    user = {"is_logged_in": True, "email": recruiter["recruiter_email"]}
    at = signed_in(generated_warehouse, monkeypatch, user)
    pages = tuple(p for p in PAGES if p != "quality")
    assert codes_on(at, pages) == {page: set() for page in pages}
    text = "\n".join(page_text(at.main))
    assert recruiter["recruiter_id"] not in text  # named, not numbered
