"""Every question the dashboards ask, one cached function each, over the published warehouse.

`base` holds what they share (the warehouse version, the read-only connection, the viewer's scope,
the bound filters, the cache); each page has its module (`overview`, `channels`, `engagement`,
`outreach`, `network`, `quality`), the questions several pages ask have theirs (`funnel`,
`diagnosis`, `people`: the people behind a count, `reference`: values every viewer may read), and
so do the workbench, the leader's weekly view, the digest and the run history.
"""
