"""One tick of the new-drop sensor, as the Dagster daemon does it, and the run it requests.

    .venv/bin/python bench/sensor_tick.py --landing L --warehouse W --cursor FINGERPRINT --summary-json FILE

Evaluates `new_drop_sensor` (orchestration/automation.py) against the cursor its previous
tick left; when it requests a run, runs the pipeline the way `funnel run` does (the daemon launches
the same job in a new process). bench/run_bench.py starts it the moment a drop lands and times the
drop to the dashboards showing it. Writes what happened to FILE as JSON.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

import dagster as dg

from orchestration.definitions import build_definitions
from orchestration.runner import run_pipeline
from settings import load_settings

SENSOR = "new_drop_sensor"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--landing", required=True)
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--cursor", required=True, help="the landing fingerprint the sensor's previous tick left")
    parser.add_argument("--summary-json", required=True)
    args = parser.parse_args()

    settings = load_settings(landing_dir=args.landing, warehouse=args.warehouse)
    started = time.perf_counter()
    sensor = build_definitions(settings).get_sensor_def(SENSOR)
    request = sensor(dg.build_sensor_context(cursor=args.cursor))
    tick_seconds = time.perf_counter() - started
    outcome = {"tick_seconds": tick_seconds, "requested": isinstance(request, dg.RunRequest), "run": None}
    if outcome["requested"]:
        outcome["run"] = dataclasses.asdict(run_pipeline(settings, quiet=True))
    Path(args.summary_json).write_text(json.dumps(outcome, indent=2))
    return 0 if outcome["requested"] and outcome["run"]["success"] else 1


if __name__ == "__main__":
    sys.exit(main())
