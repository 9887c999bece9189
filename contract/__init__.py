"""Data contract v1 as data: the input tables (`contract.tables`) and every allowed value
(`contract.vocabulary`). A leaf package: it imports nothing of the project, and the intake,
quality suites, generator and dashboards all import it."""
