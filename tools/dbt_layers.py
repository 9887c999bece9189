"""The dbt graph's layers, enforced (`make lint`): every arrow points one way.

staging -> intermediate -> marts -> reports, read from dbt's manifest:
- only staging models read sources, and staging models read nothing but sources and seeds;
- no model reads a model of a later layer;
- marts and reports read staging only where `STAGING_READS` says why (otherwise through intermediate).

Usage: python tools/dbt_layers.py [dbt_project/target/manifest.json]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from contract.dbt import DBT_PROJECT_DIR

LAYERS = ("staging", "intermediate", "marts", "reports")
DEFAULT_MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"

# mart or report -> staging models it reads directly, and why no intermediate model stands between them
_NAMES = "the candidates' names, joined for the people a recruiter reads; no logic to share"
_AUDIT = "a report of an audit table the intake writes (one row per file, quarantined row or run); no logic"
STAGING_READS: Mapping[str, tuple[frozenset[str], str]] = {
    "fct_follow_ups_due": (frozenset({"stg_sourcing__candidates"}), _NAMES),
    "fct_interested_not_in_ats": (frozenset({"stg_sourcing__candidates"}), _NAMES),
    "fct_reconnects_due": (frozenset({"stg_sourcing__candidates"}), _NAMES),
    "fct_rediscovery_matches": (frozenset({"stg_sourcing__candidates"}), _NAMES),
    "fct_prospect_segments": (frozenset({"stg_sourcing__candidates"}), "the candidate's profile detail, as landed"),
    "dim_recruiters": (frozenset({"stg_team__recruiters"}), "the recruiter dimension is the landed table, typed"),
    "dim_roles": (frozenset({"stg_team__recruiters"}), "the owning recruiter's name, as landed"),
    "dq_requisitions": (frozenset({"stg_team__recruiters"}), "the owning recruiter's name, as landed"),
    "dim_candidates": (frozenset({"stg_sourcing__candidates"}), "a candidate's name, as landed (never contact data)"),
    "dq_erasure_log": (frozenset({"stg_audit__erasure_log"}), _AUDIT),
    "dq_unread_landing_entries": (frozenset({"stg_audit__unread_landing_entries"}), _AUDIT),
    "dq_quarantine_summary": (frozenset({"stg_audit__quarantine"}), _AUDIT),
    "dq_reconciliation": (frozenset({"stg_audit__reconciliation"}), _AUDIT),
    "dq_source_freshness": (frozenset({"stg_audit__intake_files"}), _AUDIT),
}


def layer_of(node: Mapping) -> str | None:
    parts = Path(node["original_file_path"]).parts
    return parts[1] if len(parts) > 2 and parts[0] == "models" and parts[1] in LAYERS else None


def problems(manifest: Mapping) -> Iterator[str]:
    """Every edge of the graph that breaks a rule above, as a sentence naming both ends."""
    nodes = manifest["nodes"]
    for node in nodes.values():
        if node["resource_type"] != "model":
            continue
        name, layer = node["name"], layer_of(node)
        if layer is None:
            yield f"{name}: not in a layer folder ({', '.join(LAYERS)})"
            continue
        for parent_id in node["depends_on"]["nodes"]:
            if parent_id.startswith("source."):
                if layer != "staging":
                    yield f"{name} ({layer}) reads source {parent_id.split('.', 2)[2]}: only staging reads sources"
                continue
            parent = nodes[parent_id]
            if parent["resource_type"] != "model":
                continue
            parent_layer = layer_of(parent)
            if layer == "staging":
                yield f"{name} (staging) reads model {parent['name']}: staging reads sources only"
            elif parent_layer is not None and LAYERS.index(parent_layer) > LAYERS.index(layer):
                yield f"{name} ({layer}) reads {parent['name']} of a later layer ({parent_layer})"
            elif layer in ("marts", "reports") and parent_layer == "staging":
                allowed, _why = STAGING_READS.get(name, (frozenset(), ""))
                if parent["name"] not in allowed:
                    yield (
                        f"{name} ({layer}) reads {parent['name']} (staging) directly: go through an intermediate "
                        "model or say why in tools/dbt_layers.py STAGING_READS"
                    )


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_MANIFEST
    found = list(problems(json.loads(path.read_text())))
    for problem in found:
        print(f"dbt layers: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
