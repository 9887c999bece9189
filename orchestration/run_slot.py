"""One run at a time per warehouse, each building into a file of its own.

A run holds the warehouse's *run slot*: an exclusive lock (`filelock.FileLock`, an `flock` on Unix)
on `run.lock` in the work folder beside the warehouse, with the holder's pid written in it. The
kernel releases the lock when its holder dies, however it dies, so a lock file left by a killed run
is stale as soon as it is found: the next run takes it over (and says so). A second run waits a
bounded time for the slot, then is refused with a clear message (`RunRefused`).

While it holds the slot, a run builds into its own file (`<stem>.building.duckdb`: one run at a time
needs one name, and a name that stays the same from run to run keeps the profile dbt renders the same,
so dbt reuses its parse of the project). Before that, files left by runs that were killed (their
builds, spill files: full of personal data) are removed; when the slot is released, so are the run's
own files, unless the build was published.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

BUILD_SUFFIX = ".building.duckdb"
DBT_TARGET_PREFIX = "dbt-target."
POLL_SECONDS = 0.2


class RunRefused(RuntimeError):
    """Another run holds the warehouse's run slot."""


@dataclass
class RunSlot:
    """The right to build and publish one warehouse, held by this process until released."""

    work_dir: Path
    stem: str
    holder: str  # who acquired it in this process: "runner" (funnel run) or "resource" (a Dagster-launched run)
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    took_over_from: int | None = None  # pid of a run that died holding the slot
    _lock: FileLock | None = None

    @property
    def lock_file(self) -> Path:
        return self.work_dir / "run.lock"

    @property
    def build_database(self) -> Path:
        return self.work_dir / f"{self.stem}{BUILD_SUFFIX}"

    @property
    def dbt_target(self) -> Path:
        """dbt's target folder for this run (its compiled SQL, run results, parse)."""
        return self.work_dir / f"{DBT_TARGET_PREFIX}{self.run_id}"

    @property
    def spill_dir(self) -> Path:
        return self.work_dir / f"spill.{self.run_id}"

    def own_files(self) -> list[Path]:
        """The build file and what is written beside it (its WAL, dbt's spill folder, the fresh copy made
        when erasure rewrote rows), dbt's target folder and the run's spill folder."""
        build = self.build_database
        beside = [build.with_name(build.name + suffix) for suffix in (".wal", ".tmp", ".fresh", ".fresh.wal")]
        return [build, *beside, self.dbt_target, self.spill_dir]

    def release(self) -> None:
        """Remove this run's files (the build, unless it was published) and free the slot."""
        _SLOTS.pop(self.work_dir, None)
        for path in self.own_files():
            _remove(path)
        if self._lock is not None:
            self.lock_file.write_text("")  # no holder recorded while nobody holds it
            self._lock.release()
            self._lock = None

    def __enter__(self) -> RunSlot:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


_SLOTS: dict[Path, RunSlot] = {}  # slots held by this process, by work folder


def held(work_dir: Path) -> RunSlot | None:
    """The slot this process holds for a warehouse's work folder, if any."""
    return _SLOTS.get(Path(work_dir))


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _recorded_holder(lock_file: Path) -> tuple[int | None, str]:
    """The pid and start time the last holder wrote into the lock file (the lock itself holds no data)."""
    try:
        text = lock_file.read_text().strip()
    except FileNotFoundError:
        return None, ""
    pid, _, since = text.partition(" ")
    return (int(pid) if pid.isdigit() else None), since


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(work_dir: Path, stem: str) -> list[Path]:
    """Files of runs that died without cleaning up: builds and spill folders. Only safe while holding the slot."""
    builds = [*work_dir.glob(f"{stem}{BUILD_SUFFIX}*"), *work_dir.glob(f"{stem}.*{BUILD_SUFFIX}*")]  # (older: run id)
    leftovers = builds + list(work_dir.glob("spill*")) + list(work_dir.glob(f"{DBT_TARGET_PREFIX}*"))
    for path in leftovers:
        _remove(path)
    return leftovers


def acquire(work_dir: Path, stem: str, wait_seconds: float, holder: str) -> RunSlot:
    """Take the run slot of the warehouse whose work folder this is, waiting at most `wait_seconds`.

    Raises RunRefused, naming the holder's pid, when another run still holds it."""
    work_dir = Path(work_dir)
    if work_dir in _SLOTS:
        raise RunRefused(f"this process already runs on the warehouse (run {_SLOTS[work_dir].run_id})")
    work_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = FileLock(work_dir / "run.lock", mode=0o600, preserve_lock_file=True)  # it records the holder
    try:  # the kernel frees the lock when its holder dies, however it dies
        lock.acquire(timeout=max(wait_seconds, 0.0), poll_interval=POLL_SECONDS)
    except Timeout:
        pid, since = _recorded_holder(work_dir / "run.lock")
        holder_text = f"pid {pid}, started {since}" if pid else "another process"
        raise RunRefused(
            f"another run is building this warehouse ({holder_text}); this run did not start. "
            f"Try again when it has finished{'' if wait_seconds else ', or pass --wait SECONDS'}."
        ) from None
    slot = RunSlot(work_dir, stem, holder, _lock=lock)
    previous, _ = _recorded_holder(slot.lock_file)  # a holder that left its pid behind died holding the slot
    if previous and previous != os.getpid() and not _alive(previous):
        slot.took_over_from = previous
    with open(slot.lock_file, "r+") as record:
        record.truncate(0)
        record.write(f"{os.getpid()} {datetime.now(UTC).isoformat(timespec='seconds')}\n")
        record.flush()
        with contextlib.suppress(OSError):
            os.fsync(record.fileno())
    remove_leftovers(work_dir, stem)
    _SLOTS[work_dir] = slot
    return slot
