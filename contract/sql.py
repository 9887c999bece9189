"""Quoting for SQL built from contract or file-supplied names (never from user input)."""


def ident(name: str) -> str:
    """A quoted SQL identifier (column names come from files and cannot be trusted)."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    """A quoted SQL string literal."""
    return "'" + value.replace("'", "''") + "'"
