"""Sending over SMTP (orchestration/mail.py) against a real local server (aiosmtpd): the settings, the
login with a password file, retries, and a letter that cannot be delivered kept without stopping the next."""

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from dashboards.letters import Letter
from orchestration.mail import deliver
from settings import MailSettings, load_settings
from tests.dashboards.test_browser import free_port

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


class Recorder:
    def __init__(self):
        self.messages, self.logins = [], []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
            return AuthResult(success=auth_data.password == b"s3cret")
        return AuthResult(success=False)


@pytest.fixture
def server():
    recorder = Recorder()
    controller = Controller(
        recorder, hostname="127.0.0.1", port=free_port(), authenticator=recorder.authenticate, auth_require_tls=False
    )
    controller.start()
    yield recorder, controller.port
    controller.stop()


def letter(to: str) -> Letter:
    return Letter(to, "Digest", "text <b>", '<p>html</p><img src="cid:chart0">', {"chart0": PNG}, reader="rec1")


def test_settings_from_the_environment(tmp_path):
    secret = tmp_path / "smtp.secret"
    secret.write_text("s3cret\n")
    mail = load_settings(
        environ={
            "FUNNEL_SMTP_HOST": "mail.acme.example",
            "FUNNEL_SMTP_PORT": "2525",
            "FUNNEL_SMTP_USER": "funnel",
            "FUNNEL_SMTP_PASSWORD_FILE": str(secret),
            "FUNNEL_SMTP_STARTTLS": "no",
            "FUNNEL_DIGEST_FROM": "funnel@acme.example",
            "FUNNEL_DASHBOARD_URL": "https://funnel.acme.example/",
        }
    ).mail
    assert mail.configured and (mail.port, mail.starttls, mail.secret()) == (2525, False, "s3cret")
    assert mail.dashboard_url == "https://funnel.acme.example" and "s3cret" not in repr(mail)
    assert not load_settings(environ={"FUNNEL_SMTP_HOST": "mail.acme.example"}).mail.configured  # no sender
    with pytest.raises(ValueError, match="FUNNEL_SMTP_STARTTLS"):
        load_settings(environ={"FUNNEL_SMTP_STARTTLS": "maybe"})


def test_login_with_the_password_file_and_both_parts_with_the_png(server, tmp_path):
    recorder, port = server
    secret = tmp_path / "smtp.secret"
    secret.write_text("s3cret\n")
    mail = MailSettings("127.0.0.1", port, "funnel", None, secret, False, "funnel@acme.example")
    (delivery,) = deliver(mail, [letter("ana@acme.example")], tmp_path / "undelivered")
    assert delivery.delivered and delivery.attempts == 1 and recorder.logins == [("funnel", "s3cret")]
    (message,) = recorder.messages
    assert message.get_body(preferencelist=("plain",)).get_content().strip() == "text <b>"
    assert "cid:chart0" in message.get_body(preferencelist=("html",)).get_content()
    (image,) = [p for p in message.walk() if p.get_content_maintype() == "image"]
    assert image.get_content_type() == "image/png" and image["Content-ID"] == "<chart0>"


def test_a_refused_letter_is_retried_kept_and_the_next_one_sent(server, tmp_path):
    recorder, port = server
    mail = MailSettings("127.0.0.1", port, "funnel", "s3cret", None, False, "funnel@acme.example")
    pauses = []
    letters = [letter("nobody@acme.example"), letter("ben@acme.example")]
    refused, sent = deliver(mail, letters, tmp_path / "undelivered", pause=1.0, sleep=pauses.append)
    assert not refused.delivered and refused.attempts == 3 and pauses == [1.0, 2.0]
    assert refused.error == "SMTPRecipientsRefused: SMTP 550"  # no address in what the history keeps
    assert email.message_from_bytes(refused.kept_at.read_bytes())["To"] == "nobody@acme.example"
    assert sent.delivered and [m["To"] for m in recorder.messages] == ["ben@acme.example"]


def test_no_server_is_reported_and_each_undelivered_letter_kept_apart(tmp_path):
    unreachable = MailSettings("127.0.0.1", free_port(), None, None, None, False, "funnel@acme.example")
    for _ in range(2):  # the same reader twice within a second: two files
        (down,) = deliver(unreachable, [letter("ana@acme.example")], tmp_path, attempts=1)
        assert down.error == "ConnectionRefusedError"
    assert len(list(tmp_path.glob("*.eml"))) == 2
