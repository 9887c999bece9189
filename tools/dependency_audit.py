"""`make lint`'s dependency audit, offline: every locked package at or above the version its known
advisories are fixed in (README "Privacy and access", docs/privacy.md).

A vulnerability service (pip-audit, `uv audit`) cannot answer from this project's machines: `uv audit`
asks api.osv.dev, which is not reachable, and pip-audit's PyPI service asks PyPI for each release's JSON
(`/pypi/<name>/<version>/json`), which the PyPI these machines reach does not serve. So the advisories
that matter here are kept below, each with its floor and why, and the lock is checked against them; a
machine that reaches OSV should also run `uvx pip-audit` on `uv export --frozen` output.

The packages that read files from outside come first: DuckDB reads the landing's CSV and Parquet files
(orchestration/intake), pyarrow writes Parquet for Spark.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.version import Version

LOCK = Path(__file__).resolve().parents[1] / "uv.lock"


@dataclass(frozen=True)
class Floor:
    package: str
    minimum: str
    why: str


FLOORS = (
    Floor(
        "duckdb",
        "2.0.1",
        "reads the landing's Parquet files: a Brotli decoder issue of its Parquet reader was reported through "
        "2.0.0 (issue 19; unconfirmed for 2.0.1)",
    ),
    Floor("pyarrow", "14.0.1", "CVE-2023-47248: arbitrary code execution when reading IPC or Parquet data"),
    Floor("jinja2", "3.1.6", "CVE-2025-27516: sandbox breakout through the |attr filter"),
    Floor("starlette", "0.49.1", "CVE-2025-62727 (Range header), CVE-2025-54121 (multipart files): denial of service"),
    Floor("requests", "2.32.4", "CVE-2024-47081: .netrc credentials leaked to other hosts"),
    Floor("urllib3", "2.5.0", "CVE-2025-50181: redirects not disabled when retries are"),
)


def locked_versions(lock: Path = LOCK) -> dict[str, str]:
    """Package name (lower case) -> version, for every package in a uv lock file."""
    packages = tomllib.loads(lock.read_text(encoding="utf-8")).get("package", [])
    return {package["name"].lower(): package["version"] for package in packages if "version" in package}


def below_floors(versions: dict[str, str], floors: tuple[Floor, ...] = FLOORS) -> list[str]:
    """What the lock must not keep: each locked package below its floor, with why."""
    return [
        f"{floor.package} {versions[floor.package]} is below {floor.minimum}: {floor.why}"
        for floor in floors
        if floor.package in versions and Version(versions[floor.package]) < Version(floor.minimum)
    ]


def main(argv: list[str] | None = None) -> int:
    lock = Path((argv or sys.argv[1:] or [str(LOCK)])[0])
    problems = below_floors(locked_versions(lock))
    for problem in problems:
        print(f"dependency audit: {problem}", file=sys.stderr)
    if not problems:
        print(f"dependency audit: {len(FLOORS)} advisories, every locked package at or above its floor ({lock.name})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
