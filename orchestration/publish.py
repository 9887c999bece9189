"""The last step of a run: publish the build over the served warehouse."""

from pathlib import Path

import dagster as dg

from intake.erasure import kept_rows_anonymized_in_this_run, remove_digests, rows_anonymized_in_this_run
from orchestration.resources import WarehouseResource
from orchestration.spark import SparkResource

PUBLISH_KEY = dg.AssetKey(["published_warehouse"])


def build_publish_asset(upstream: list[dg.AssetsDefinition]) -> dg.AssetsDefinition:
    """An asset downstream of everything the run builds: it runs only when all of it succeeded."""
    upstream_keys = [key for assets_def in upstream for key in assets_def.keys]

    @dg.asset(key=PUBLISH_KEY, deps=upstream_keys, group_name="publish", kinds={"duckdb"})
    def published_warehouse(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, spark: SparkResource
    ) -> dg.MaterializeResult:
        """The served warehouse, replaced atomically by this run's build."""
        with warehouse.connect() as con:
            anonymized = rows_anonymized_in_this_run(con)
            kept_anonymized = kept_rows_anonymized_in_this_run(con)
        served = warehouse.publish(compact=anonymized > 0)
        if spark.enabled:  # the served views now read this run's Parquet; an erasure leaves no older copy
            spark.keep_only(context.run.run_id, keep_previous=not anonymized)
        # digests written before this erasure can name the people it anonymized (docs/privacy.md)
        digests = remove_digests(Path(warehouse.digest_dir)) if kept_anonymized and warehouse.digest_dir else 0
        if digests:
            context.log.info("removed %d digest files written before this run's erasure", digests)
        context.log.info("published %s", served.name)
        return dg.MaterializeResult(
            metadata={"path": str(served), "bytes": served.stat().st_size, "digests_removed": digests}
        )

    return published_warehouse
