"""Text from data, shown as text (README "Privacy and access").

Streamlit reads markdown in st.markdown, st.caption, st.write, alerts, titles, metric labels and values,
radio options and tab labels: a role title, template id or recruiter name holding
`![p](http://host/x.png)` or `[login here](http://host/phish)` would show as an image fetched from that
host or as a link. Every string that comes from data (or from a sign-in) goes through `escape_markdown`
before it is put into such an element; tables (st.dataframe) and select options show plain text already.
"""

from __future__ import annotations

import re
import string

# CommonMark lets a backslash escape any ASCII punctuation character; escaping all of them also stops
# GFM's bare-URL and e-mail links (`http://…`, `www.…`, `a@b.c`), Streamlit's directives (`:red[…]`),
# LaTeX (`$…$`), HTML (`<img …>`) and entities (`&lt;`)
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")  # would start a heading, list or quote


def escape_markdown(value: object) -> str:
    """`value` as markdown that renders as exactly its text, on one line."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))
