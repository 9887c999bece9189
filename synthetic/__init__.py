"""The demo-data generator."""

# the ATS shapes the generator writes: the contract's ats/* tables, or a connector's tables
ATS_SHAPES = ("contract", "greenhouse", "lever")
