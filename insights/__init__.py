"""Inference on the funnel's count tables: pure pandas, statsmodels and scipy.

The warehouse counts (dbt), this package tests and estimates, and the pipeline (a Dagster asset)
and the dashboards both call it, so a finding on a page and in the published mart come from the
same function:
- `insights.rates`: rates with 95 % Wilson intervals;
- `insights.diagnosis`: why response is low (contract §9.2), Mantel-Haenszel comparisons within
  roles, Holm's correction per explanation family, a trend test for the employer brand;
- `insights.survival`: Kaplan-Meier time-to-reply and time-to-hire curves from counts per day.
"""
