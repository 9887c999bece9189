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

# CommonMark lets a backslash escape any ASCII punctuation character; escaping all of them stops links,
# images, emphasis, Streamlit's directives (`:red[…]`, `:smile:`), LaTeX (`$…$`), HTML (`<img …>`) and
# entities (`&lt;`)
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# GFM's bare-URL and e-mail links (`http://a.b`, `www.a.b`, `x@a.b`) are found in the text after escapes
# are read, so backslashes do not stop them; each needs a dot right after a run of letters, digits, `-` or
# `_`: an invisible word joiner before every dot leaves no domain to link
WORD_JOINER = "\u2060"
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")  # would start a heading, list or quote


def escape_markdown(value: object) -> str:
    """`value` as markdown that renders as exactly its text (dots carry an invisible word joiner), on one line."""
    return _PUNCTUATION.sub(_escaped, _LINE_BREAKS.sub(" ", str(value)))


def _escaped(match: re.Match) -> str:
    return (WORD_JOINER if match[1] == "." else "") + "\\" + match[1]
