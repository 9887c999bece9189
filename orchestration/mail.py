"""Sending the digest and the alerts over SMTP (settings: settings/__init__.py MailSettings).

A letter (dashboards/letters.py) is one e-mail to one reader. Each letter is sent on its own
connection and retried; one that still fails is kept as an .eml file and reported, and never stops
the letters after it. What the run history keeps of a letter names its reader by role (a
recruiter's id, or "leader"), never by address.
"""

from __future__ import annotations

import re
import smtplib
import ssl
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from dashboards.letters import Letter, compose
from orchestration.quality.history import DeliveryRow
from settings import MailSettings

ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 5.0  # doubled after each failed attempt
SMTP_TIMEOUT_SECONDS = 30


def _error_text(error: Exception) -> str:
    """What went wrong, without the addresses smtplib puts into some errors."""
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__}: SMTP {error.smtp_code}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        return f"SMTPRecipientsRefused: SMTP {', '.join(map(str, codes))}"
    return type(error).__name__


def _send_once(mail: MailSettings, message: EmailMessage) -> None:
    with smtplib.SMTP(mail.host, mail.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if mail.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if mail.user:
            smtp.login(mail.user, mail.secret() or "")
        smtp.send_message(message)


@dataclass(frozen=True)
class Delivery:
    letter: Letter
    attempts: int
    error: str | None  # None: delivered
    kept_at: Path | None = None  # where an undelivered letter was kept

    @property
    def delivered(self) -> bool:
        return self.error is None

    def row(self) -> DeliveryRow:
        return DeliveryRow(
            self.letter.kind,
            self.letter.subject,
            self.letter.audience,
            self.letter.reader,
            self.attempts,
            self.delivered,
            self.error,
        )


def deliver(
    mail: MailSettings,
    letters: Sequence[Letter],
    undelivered_dir: Path,
    attempts: int = ATTEMPTS,
    pause: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Delivery]:
    """Send every letter, each up to `attempts` times; a letter still undelivered is written to
    undelivered_dir as an .eml file (to send by hand) and the next letter is sent all the same. Between
    attempts it waits `pause` seconds (default RETRY_PAUSE_SECONDS), doubled each time."""
    pause = RETRY_PAUSE_SECONDS if pause is None else pause
    if not mail.configured:
        raise ValueError("e-mail is not configured: FUNNEL_SMTP_HOST and FUNNEL_DIGEST_FROM are needed to send")
    results = []
    for letter in letters:
        message = compose(letter, mail.sender or "")
        error: str | None = None
        for attempt in range(1, attempts + 1):
            try:
                _send_once(mail, message)
                error = None
                break
            except (OSError, smtplib.SMTPException) as failed:
                error = _error_text(failed)
                if attempt < attempts:
                    sleep(pause * 2 ** (attempt - 1))
        kept = None if error is None else _keep(undelivered_dir, message, letter, len(results))
        results.append(Delivery(letter, attempt, error, kept))
    return results


def _keep(folder: Path, message: EmailMessage, letter: Letter, number: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    reader = re.sub(r"[^A-Za-z0-9_.-]", "_", letter.reader)
    path = folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{number:03d}-{letter.kind}-{reader}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    return path
