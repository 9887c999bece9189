"""The erasure secret: kept outside the warehouse (settings: erasure_secret_file), checked to be random, and
checked against the one the warehouse's erased keys were made with."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import duckdb

from intake.erasure.keys import ERASED_KEYS, ensure_privacy_tables
from intake.erasure.tokens import TOKEN_MACRO, require_token_function

KEY_CHECK = ("key_check", "v1")  # a constant whose token tells whether the secret changed
SECRET_BYTES = 32  # the erasure secret's least length
SECRET_MIN_DISTINCT_BYTES = 16  # fewer distinct byte values: typed or patterned, not random


class ErasureSecretChanged(RuntimeError):
    """The secret differs from the one the erased keys were made with: erased people could come back."""


class ErasureSecretInvalid(RuntimeError):
    """The secret file holds no usable secret: tokens made with it could be recomputed from a guessed key."""


def load_secret(path: Path) -> bytes:
    """The erasure secret in `path` (created, readable by its owner only, on first use): at least
    SECRET_BYTES random bytes written as hex, or ErasureSecretInvalid saying how to make one."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(SECRET_BYTES) + "\n")
    try:
        secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError):
        raise ErasureSecretInvalid(_secret_advice(path, "is not written as hexadecimal digits")) from None
    if len(secret) < SECRET_BYTES:
        raise ErasureSecretInvalid(_secret_advice(path, f"holds {len(secret)} bytes"))
    if len(set(secret)) < SECRET_MIN_DISTINCT_BYTES:  # 32 random bytes have ~30 distinct values
        raise ErasureSecretInvalid(_secret_advice(path, "does not look random (it repeats a few byte values)"))
    return secret


def _secret_advice(path: Path, problem: str) -> str:
    return (
        f"the erasure secret file {path} {problem}: it must hold at least {SECRET_BYTES} random bytes as hex. "
        f"Make one with: python -c 'import secrets; print(secrets.token_hex({SECRET_BYTES}))' > {path} && "
        f"chmod 600 {path} (or delete the file and the run creates one). A warehouse whose erasures were made "
        "with another secret needs that one back (docs/privacy.md)"
    )


def check_secret(con: duckdb.DuckDBPyConnection) -> None:
    """Fail when the secret differs from the one the erased keys were made with (they would no longer
    match, and erased people would come back); record it on first use."""
    ensure_privacy_tables(con)
    require_token_function(con)
    current = con.execute(f"select {TOKEN_MACRO}(?, ?)", list(KEY_CHECK)).fetchone()[0]
    recorded = con.execute("select token from privacy.key_check").fetchone()
    if recorded and recorded[0] != current:
        if con.execute(f"select count(*) from {ERASED_KEYS}").fetchone()[0]:
            raise ErasureSecretChanged(
                "the erasure secret is not the one this warehouse's erasures were made with: restore the "
                "original secret file (see docs/privacy.md); the run stops so that no erased person comes back"
            )
        con.execute("delete from privacy.key_check")
        recorded = None
    if recorded is None:
        con.execute("insert into privacy.key_check values (?)", [current])
