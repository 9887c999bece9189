"""What a run shows on the command line.

`progress_logger` is the Dagster console logger of every run (one line per message: time, level,
step, message). `funnel run` replaces those lines with one `RunProgress` display: steps done of
total, the current step (with dbt's node counter while dbt builds), landing rows read per second,
elapsed time; live (rich) on a terminal, one plain line per finished step otherwise. Everything the
run prints (dbt's log, library progress bars) goes to a log file instead of the screen; warnings
and errors are still shown.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import dagster as dg
from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

LOGGER_NAME = "funnel.progress"
DBT_NODE = re.compile(
    r"(\d+) of (\d+) (?:START|OK|PASS|FAIL|ERROR|WARN|SKIP)\S*\s+(?:created )?(.+?)\s*(?:\.{2,}|\[|$)"
)
STEP_DONE = {"STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"}


class _StepFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        meta = getattr(record, "dagster_meta", None) or {}
        message = meta.get("orig_message") or record.getMessage()
        step = meta.get("step_key") or "run"
        stamp = self.formatTime(record, "%H:%M:%S")
        return f"{stamp} {record.levelname.lower():<7} {step}: {message}"


@dg.logger(
    config_schema={"log_level": dg.Field(str, default_value="INFO", is_required=False)},
    description="One line per message: time, level, step, message.",
)
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(init_context.logger_config["log_level"])
    logger.propagate = False
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(_StepFormatter())
        logger.addHandler(handler)
    return logger


class _LineSink(io.TextIOBase):
    """A stream that keeps everything written to it in a log file and hands on each complete line."""

    def __init__(self, log: TextIO, on_line: Callable[[str], None]) -> None:
        self.log, self.on_line, self.pending = log, on_line, ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.log.write(text)
        *lines, self.pending = (self.pending + text).replace("\r", "\n").split("\n")
        for line in lines:
            self.on_line(line)
        return len(text)

    def flush(self) -> None:
        self.log.flush()


class RunProgress(logging.Handler):
    """Follows a run's Dagster events and shows steps done of total, the current step, rows/s, elapsed."""

    def __init__(self, total_steps: int, log_file: Path, console: Console | None = None) -> None:
        super().__init__(level=logging.DEBUG)
        self.total_steps = total_steps
        self.log_file = log_file
        self.console = console or Console(file=sys.stdout)
        self.live = self.console.is_terminal
        self.done = 0
        self.current = "starting"
        self.detail = ""
        self.rows_read = 0
        self.started = time.perf_counter()
        self.step_started: dict[str, float] = {}
        self._live: Live | None = None

    # --- what the display says ---------------------------------------------------------------
    def status(self) -> Text:
        elapsed = time.perf_counter() - self.started
        rate = self.rows_read / elapsed if elapsed > 0 else 0.0
        current = f"{self.current} {self.detail}".strip()
        return Text.assemble(
            (f"steps {self.done}/{self.total_steps}", "bold"),
            f"  {current}\n",
            f"landing rows read {self.rows_read:,} ({rate:,.0f} rows/s)  ·  elapsed {elapsed:,.1f} s",
        )

    def _refresh(self) -> None:
        if self._live is not None:
            self._live.update(self.status())

    # --- what it listens to ------------------------------------------------------------------
    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is not None:
            self._on_event(event)
        elif record.levelno >= logging.WARNING:
            step = meta.get("step_key") or "run"
            self.console.print(f"{record.levelname.lower()} {step}: {meta.get('orig_message') or record.getMessage()}")
        self._refresh()

    def _on_event(self, event: dg.DagsterEvent) -> None:
        kind = event.event_type_value
        if kind == "STEP_START":
            self.current, self.detail = event.step_key, ""
            self.step_started[event.step_key] = time.perf_counter()
        elif kind in STEP_DONE:
            self.done += 1
            if not self.live:
                seconds = time.perf_counter() - self.step_started.get(event.step_key, self.started)
                state = {"STEP_SUCCESS": "done", "STEP_FAILURE": "FAILED"}.get(kind, "skipped")
                self.console.print(f"step {self.done}/{self.total_steps} {event.step_key} {state} ({seconds:.1f} s)")
        elif kind == "ASSET_MATERIALIZATION":
            rows = event.event_specific_data.materialization.metadata.get("rows_read")
            if rows is not None:
                self.rows_read += int(rows.value)

    def on_output_line(self, line: str) -> None:
        """A line the run printed (dbt's log): dbt's node counter becomes the current step's detail."""
        match = DBT_NODE.search(line)
        if match:
            self.detail = f"(dbt {match.group(1)}/{match.group(2)}: {match.group(3)})"
            self._refresh()

    @contextlib.contextmanager
    def showing(self) -> Iterator[RunProgress]:
        """While the run lasts: this display on screen, the run's own output in the log file."""
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        logger = logging.getLogger(LOGGER_NAME)
        saved_handlers = logger.handlers[:]
        logger.handlers = [self]
        with (
            self.log_file.open("w", encoding="utf-8") as log,
            contextlib.redirect_stdout(_LineSink(log, self.on_output_line)),
            contextlib.redirect_stderr(_LineSink(log, self.on_output_line)),
        ):
            try:
                if self.live:
                    with Live(
                        self.status(),
                        console=self.console,
                        refresh_per_second=4,
                        transient=True,
                        redirect_stdout=False,
                        redirect_stderr=False,
                    ) as live:
                        self._live = live
                        yield self
                else:
                    yield self
            finally:
                self._live = None
                logger.handlers = saved_handlers


def summary_table(intake: list[tuple], marts: dict[str, int], slowest: dict[str, float]) -> Table:
    """The run's short summary: rows per landing table, rows per mart, the slowest steps."""
    table = Table(title="Run summary", show_edge=False, header_style="bold")
    for column in ("table", "read", "staged", "quarantined", "superseded"):
        table.add_column(column, justify="left" if column == "table" else "right")
    for name, read, staged, quarantined, superseded in intake:
        table.add_row(name, f"{read:,}", f"{staged:,}", f"{quarantined:,}", f"{superseded:,}")
    table.add_section()
    for name, rows in marts.items():
        table.add_row(name, "", f"{rows:,}", "", "")
    table.add_section()
    for step, seconds in slowest.items():
        table.add_row(f"step {step}", f"{seconds:.1f} s", "", "", "")
    return table
