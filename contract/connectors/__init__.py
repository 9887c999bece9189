"""The ATS connectors: one module per connector, each with a `CONNECTOR` declaration
(contract.connector). A module added here is a connector: nothing else lists them."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from contract.connector import Connector

CONTRACT_SYSTEM = "contract"  # the ATS data as the contract's ats/* tables


def _declared() -> tuple[Connector, ...]:
    modules = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
    found = tuple(import_module(f"{__name__}.{module}").CONNECTOR for module in modules)
    misnamed = [f"{module}: {c.name}" for module, c in zip(modules, found, strict=True) if c.name != module]
    if misnamed:
        raise ValueError(f"a connector's module is named after it: {', '.join(misnamed)}")
    return found


CONNECTORS: tuple[Connector, ...] = _declared()
CONNECTOR_SYSTEMS: tuple[str, ...] = tuple(c.name for c in CONNECTORS)
# where the rows of the intermediate ATS layer come from: the contract's ats/* tables or a connector's
ATS_SOURCE_SYSTEMS: tuple[str, ...] = (CONTRACT_SYSTEM, *CONNECTOR_SYSTEMS)
CONNECTORS_BY_NAME = {c.name: c for c in CONNECTORS}
