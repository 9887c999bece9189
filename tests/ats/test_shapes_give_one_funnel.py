"""The same generated scenario landed as the contract's ats/* tables, as Greenhouse and as Lever
connector tables gives one fct_prospect_funnel (role_id names the ATS's own role ids)."""

from pathlib import Path

import pytest

from synthetic.landing import GenerateOptions, generate_landing
from tests.support import rows, run

pytestmark = pytest.mark.slow  # runs the pipeline once per ATS shape

SHAPE_IDS = ("role_id",)  # the only funnel column whose values differ by ATS: job / posting ids


def funnel(warehouse: Path) -> list[dict]:
    return [
        {k: v for k, v in row.items() if k not in SHAPE_IDS}
        for row in rows(warehouse, "select * from marts.fct_prospect_funnel order by prospect_id")
    ]


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("shapes")
    built = {}
    for shape in ("contract", "greenhouse", "lever"):
        landing = root / shape
        generate_landing(GenerateOptions(out=landing, prospects=3_000, seed=11, ats=shape), echo=lambda _: None)
        summary = run(landing, root / f"{shape}.duckdb")
        assert summary.success, summary.failures
        built[shape] = root / f"{shape}.duckdb"
    return built


@pytest.mark.parametrize("shape", ["greenhouse", "lever"])
def test_connector_shape_gives_the_contract_shapes_funnel(warehouses, shape):
    expected, actual = funnel(warehouses["contract"]), funnel(warehouses[shape])
    assert len(actual) == len(expected) > 2_000
    differing = [(e["prospect_id"], e, a) for e, a in zip(expected, actual) if e != a]
    assert differing == []
    hired = sum(r["hired_at"] is not None for r in actual)
    withdrew = sum(r["outcome"] == "withdrew" for r in actual)
    assert hired > 0 and withdrew > 0, "the scenario exercises hires and withdrawals"


ROLE_FACTS = "select role_title, department, seniority, recruiter_id, is_open from marts.dim_roles order by all"


@pytest.mark.parametrize("shape", ["greenhouse", "lever"])
def test_connector_roles_and_stage_names_map_onto_the_contract(warehouses, shape):
    """Jobs / postings give the same roles (seniority from the title, recruiter by e-mail, closed
    ones closed); every stage name maps, the demo's custom ones through its mapping/ats.yml."""
    assert rows(warehouses[shape], ROLE_FACTS) == rows(warehouses["contract"], ROLE_FACTS)
    (stages,) = rows(
        warehouses[shape],
        "select count(*) filter (where is_unmapped) as unmapped, "
        "count(*) filter (where mapped_in = 'mapping/ats.yml' and stage_events > 0) as overridden "
        "from marts.dq_ats_stage_mapping",
    )
    assert stages["unmapped"] == 0 and stages["overridden"] > 0
