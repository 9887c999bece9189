"""Analytics computed in Python after dbt: assets that read dbt's count tables from the build
database, run the `insights` package on them and write their results back, to be published
with everything else."""
