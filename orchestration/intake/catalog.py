"""Questions about what a warehouse holds, asked by several intake steps."""

import duckdb


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    """True when the connection's database has a table or view `schema.name`."""
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, name]
    ).fetchone()[0]
    return found > 0
