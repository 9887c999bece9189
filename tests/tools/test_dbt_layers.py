"""The dbt layer rules of `make lint` (tools/dbt_layers.py) hold on the project and catch each kind of wrong arrow."""

import json

import pytest

from tools.dbt_layers import DEFAULT_MANIFEST, problems


def model(name: str, layer: str, *parents: str) -> tuple[str, dict]:
    return f"model.p.{name}", {
        "name": name,
        "resource_type": "model",
        "original_file_path": f"models/{layer}/area/{name}.sql",
        "depends_on": {"nodes": list(parents)},
    }


def manifest(*models: tuple[str, dict]) -> dict:
    return {"nodes": dict(models)}


def test_the_project_keeps_its_layers():
    assert list(problems(json.loads(DEFAULT_MANIFEST.read_text()))) == []


@pytest.mark.parametrize(
    ("nodes", "expected"),
    [
        ([model("fct_x", "marts", "model.p.agg_y"), model("agg_y", "reports")], "reads agg_y of a later layer"),
        ([model("int_x", "intermediate", "source.p.intake.t")], "only staging reads sources"),
        ([model("stg_x", "staging", "model.p.stg_y"), model("stg_y", "staging")], "staging reads sources only"),
        ([model("fct_x", "marts", "model.p.stg_y"), model("stg_y", "staging")], "go through an intermediate model"),
    ],
    ids=["later layer", "source outside staging", "staging reads a model", "mart reads staging"],
)
def test_a_wrong_arrow_is_named(nodes, expected):
    (problem,) = problems(manifest(*nodes))
    assert expected in problem


def test_forward_arrows_and_documented_staging_reads_pass():
    nodes = [
        model("stg_sourcing__candidates", "staging", "source.p.intake.c"),
        model("int_y", "intermediate", "model.p.stg_sourcing__candidates"),
        model("fct_follow_ups_due", "marts", "model.p.int_y", "model.p.stg_sourcing__candidates"),
        model("agg_z", "reports", "model.p.fct_follow_ups_due", "model.p.int_y"),
    ]
    assert list(problems(manifest(*nodes))) == []
