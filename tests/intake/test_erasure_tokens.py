"""Erasure tokens: HMAC-SHA256 computed in SQL, keys normalized exactly as identity resolution does."""

import hashlib
import hmac

import duckdb
import pytest

from intake.erasure import (
    TOKEN_DIGITS,
    TOKEN_PREFIX,
    ErasureSecretInvalid,
    install_token_function,
    load_secret,
    token_sql,
)
from intake.identity import MACROS, normalize_linkedin_url


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        install_token_function(connection, b"a secret of any length" * 4)
        yield connection


def test_a_token_is_the_hmac_sha256_of_kind_and_key(con):
    for kind, key in [("candidate", "C1"), ("email", "zoë@mail.example"), ("prospect", "P'1\\x41")]:
        (token,) = con.execute("select anon_token(?, ?)", [kind, key]).fetchone()
        expected = hmac.new(b"a secret of any length" * 4, f"{kind}:{key}".encode(), hashlib.sha256).hexdigest()
        assert token == TOKEN_PREFIX + expected[:TOKEN_DIGITS]
    assert con.execute("select anon_token('email', null)").fetchone() == (None,)


def test_keys_are_normalized_like_identity_resolution(con):
    """The intake renders the dbt macros of contract §4 itself: one definition for both."""
    assert "macro normalize_linkedin_url" in MACROS.read_text() and "regexp_replace" in normalize_linkedin_url("x")
    urls = [
        "https://www.linkedin.com/in/Jane-Doe/?trk=x",
        "linkedin.com/in/jane-doe",
        "http://uk.linkedin.com/in/JANE-DOE#about",
        " https://de.linkedin.com/in/jane-doe// ",
    ]
    tokens = {con.execute(f"select {token_sql('linkedin_url', '$1')}", [url]).fetchone()[0] for url in urls}
    emails = {
        con.execute(f"select {token_sql('email', '$1')}", [e]).fetchone()[0]
        for e in (" Jane@Mail.Example", "jane@mail.example")
    }
    assert len(tokens) == 1 and len(emails) == 1 and tokens != emails
    assert con.execute(f"select {token_sql('email', '$1')}", ["  "]).fetchone() == (None,)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "holds 0 bytes"),
        ("\n", "holds 0 bytes"),
        ("00" * 16, "holds 16 bytes"),
        ("00" * 32, "does not look random"),
        ("correct horse battery staple", "not written as hexadecimal"),
    ],
)
def test_an_empty_short_or_typed_secret_is_refused_with_how_to_make_one(tmp_path, content, problem):
    """Defect 4: with an empty key, hashing the landing's e-mails reversed every token."""
    path = tmp_path / "warehouse.secret"
    path.write_text(content)
    with pytest.raises(ErasureSecretInvalid) as refused:
        load_secret(path)
    assert problem in str(refused.value) and "secrets.token_hex(32)" in str(refused.value)
