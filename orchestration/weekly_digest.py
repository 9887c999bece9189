"""The weekly digest job: the team's digest and each recruiter's, written beside the warehouse
(settings.digest_dir) from the published warehouse (scheduled on Mondays: orchestration/automation.py)."""

from pathlib import Path

import dagster as dg

from orchestration.resources import WarehouseResource
from orchestration.settings import Settings

WEEKLY_DIGEST_JOB = "weekly_digest"


def build_digest_job(settings: Settings) -> dg.JobDefinition:
    @dg.op(description="Writes the weekly digest (team and per recruiter) from the published warehouse.")
    def write_weekly_digest(context: dg.OpExecutionContext, warehouse: WarehouseResource) -> list[str]:
        from dashboards.digest import write_weekly_digests

        paths = write_weekly_digests(Path(warehouse.served_database), settings.digest_dir)
        context.log.info("wrote %d digests into %s", len(paths), settings.digest_dir)
        context.add_output_metadata({"digests": len(paths), "folder": str(settings.digest_dir)})
        return [str(path) for path in paths]

    @dg.job(name=WEEKLY_DIGEST_JOB, description="The weekly digest: one self-contained HTML page per reader.")
    def weekly_digest():
        write_weekly_digest()

    return weekly_digest
