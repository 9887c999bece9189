"""The weekly digest job (scheduled on Mondays: orchestration/automation.py): sent by e-mail to every
talent leader and each recruiter with open roles when SMTP is configured (settings.mail), else
written as files beside the warehouse (settings.digest_dir)."""

from pathlib import Path

import dagster as dg

from orchestration.mail import Delivery, deliver
from orchestration.quality.history import record_deliveries
from orchestration.resources import WarehouseResource
from settings import Settings

WEEKLY_DIGEST_JOB = "weekly_digest"


def send_weekly_digests(settings: Settings, warehouse: Path, run_id: str) -> list[Delivery]:
    """Send the week's digests (see dashboards.digest.weekly_letters); each letter's outcome goes into the
    run history, and a letter that could not be delivered is kept in <digest_dir>/undelivered."""
    from dashboards.digest import weekly_letters
    from dashboards.queries import base

    letters = weekly_letters(base.warehouse_version(warehouse), settings.access, settings.mail)
    deliveries = deliver(settings.mail, letters, settings.digest_dir / "undelivered")
    record_deliveries(settings.history_database, run_id, [delivery.row() for delivery in deliveries])
    return deliveries


def undelivered_message(deliveries: list[Delivery]) -> str | None:
    """None when every letter went out; else how many did not, and why (no addresses)."""
    failed = [d for d in deliveries if not d.delivered]
    if not failed:
        return None
    reasons = "; ".join(sorted({f"{d.letter.reader}: {d.error}" for d in failed}))
    return f"{len(failed)} of {len(deliveries)} e-mails not delivered after retries ({reasons})"


def build_digest_job(settings: Settings) -> dg.JobDefinition:
    @dg.op(description="Sends the weekly digest by e-mail when SMTP is configured, else writes it as files.")
    def write_weekly_digest(context: dg.OpExecutionContext, warehouse: WarehouseResource) -> list[str]:
        from dashboards.digest import write_weekly_digests

        served = Path(warehouse.served_database)
        if not settings.mail.configured:
            paths = write_weekly_digests(served, settings.digest_dir, settings.mail.dashboard_url)
            context.log.info("e-mail not configured: wrote %d digests into %s", len(paths), settings.digest_dir)
            context.add_output_metadata({"digests": len(paths), "folder": str(settings.digest_dir)})
            return [str(path) for path in paths]
        deliveries = send_weekly_digests(settings, served, context.run_id)
        sent = sum(d.delivered for d in deliveries)
        context.add_output_metadata({"e-mails": len(deliveries), "delivered": sent})
        problem = undelivered_message(deliveries)
        if problem:
            raise dg.Failure(problem, metadata={"kept in": str(settings.digest_dir / "undelivered")})
        context.log.info("sent %d digests", sent)
        return [f"{d.letter.kind} to {d.letter.reader}" for d in deliveries]

    @dg.job(name=WEEKLY_DIGEST_JOB, description="The weekly digest: an e-mail (or a file) per reader.")
    def weekly_digest():
        write_weekly_digest()

    return weekly_digest
