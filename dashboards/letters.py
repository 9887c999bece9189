"""A letter: one e-mail to one reader, as the digest and the alerts write it (sent by orchestration/mail.py).

A plain-text part, an HTML part and the PNG images the HTML shows by `cid:`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


@dataclass(frozen=True)
class Letter:
    """One e-mail to one reader."""

    to: str
    subject: str
    text: str
    html: str
    images: dict[str, bytes] = field(default_factory=dict)  # content id (as `cid:<id>` in the HTML) -> PNG
    kind: str = "digest"  # "digest" or "alert"
    audience: str = "leader"  # "leader" or "recruiter"
    reader: str = "leader"  # the recruiter's id, or "leader"


def compose(letter: Letter, sender: str) -> EmailMessage:
    """multipart/alternative: text/plain, then multipart/related with the HTML and its inline PNGs."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, letter.to, letter.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(letter.text)
    message.add_alternative(letter.html, subtype="html")
    html_part = message.get_payload()[1]
    for content_id, png in letter.images.items():
        html_part.add_related(png, maintype="image", subtype="png", cid=f"<{content_id}>", filename=f"{content_id}.png")
    return message
