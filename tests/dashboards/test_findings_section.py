"""The findings block shows text from the data as text: a role title with markdown or HTML in it is
read as written, never as a link, an image, emphasis or a Streamlit colour directive."""

import html
import re

import pandas as pd
from markdown_it import MarkdownIt

from dashboards.sections.findings import finding_markdown
from dashboards.text import WORD_JOINER

HOSTILE_TITLE = "**Urgent** [apply](https://evil.example) <img src=x onerror=alert(1)> :red[VP] _x_ `y` # 1. - $z$"


def test_a_hostile_role_title_in_a_finding_renders_as_plain_text():
    row = pd.Series(
        {
            "finding_rank": 3,
            "sentence": f"Prospects for role {HOSTILE_TITLE} (R1): 5.0 % of 400 prospects replied within 30 days.",
            "suggested_action": f"Review the pitch of role {HOSTILE_TITLE} (R1) with the hiring manager.",
        }
    )
    rendered = MarkdownIt("commonmark").render(finding_markdown(row))
    assert "<a " not in rendered and "<img" not in rendered and "<em>" not in rendered and "<code>" not in rendered
    assert re.findall(r"<strong>(.*?)</strong>", rendered) == ["3.", "Next step:"]  # only the block's own bold
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace(WORD_JOINER, "")  # joiners stop bare links
    assert row["sentence"] in text and row["suggested_action"] in text
    assert "\\:red\\[VP\\]" in finding_markdown(row)  # Streamlit's own :colour[...] directive is escaped too
