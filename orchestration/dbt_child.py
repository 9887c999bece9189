"""`funnel-dbt`: runs dbt so that it dies with the process that started it, in the folder of its target.

dagster-dbt starts dbt as a child process. If that parent is killed (SIGKILL included, when no
clean-up code can run), an orphaned dbt would go on writing the run's build file. This launcher
asks the kernel to SIGKILL it when its parent dies (Linux `PR_SET_PDEATHSIG`), then becomes dbt
(`exec`): the request survives the exec, so dbt itself dies with the run.

dbt runs in the folder holding its target folder (`DBT_TARGET_PATH`, set by dagster-dbt): a run's
work folder, where its build file lies. The run names the build file relative to it, so the vars
and profile dbt sees are the same for every warehouse of one name and dbt's parse of the project
carries over from one warehouse's run to another's (orchestration/transform.py `kept_parse`).
Every other path dbt reads (project, profiles, target, logs) is absolute.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask for SIGKILL when the parent dies; exit at once if it is already gone."""
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the request was in place
        sys.exit(1)


def main() -> None:
    dbt = Path(sys.executable).with_name("dbt")
    die_with_parent()
    target = os.environ.get("DBT_TARGET_PATH")
    if target and Path(target).is_absolute():
        os.chdir(Path(target).parent)
    os.execv(dbt, [str(dbt), *sys.argv[1:]])


if __name__ == "__main__":
    main()
