"""Data contract v1 as data: the input tables (`contract.tables`), every allowed value
(`contract.vocabulary`) and the words people read for each code (`contract.labels`). A leaf package:
it imports nothing of the project, and the intake, quality suites, generator and dashboards all import
it."""
