"""Questions about what a warehouse holds, asked by several intake steps."""

import duckdb


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str, database: str | None = None) -> bool:
    """True when the connection's database (or the attached `database`) has a table or view `schema.name`."""
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ? "
        "and table_catalog = coalesce(?, current_database())",
        [schema, name, database],
    ).fetchone()[0]
    return found > 0
