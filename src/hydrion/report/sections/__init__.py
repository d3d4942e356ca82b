"""Report sections, in the order they appear. Each module has ``build(kb) -> Section``."""

SECTIONS: tuple[str, ...] = (
    "hydrion.report.sections.knowledge_base",
    "hydrion.report.sections.transport",
    "hydrion.report.sections.predictions",
    "hydrion.report.sections.stability",
    "hydrion.report.sections.electrodes",
    "hydrion.report.sections.cells",
)
# Sections whose module also has ``parts()`` and ``build_part(kb, part)``: the report builds
# their parts in separate workers (the transport section's figures are half the report's time)
SPLIT: tuple[str, ...] = (
    "hydrion.report.sections.transport",
    "hydrion.report.sections.cells",
)
# Tasks ("module:part") started before all others, longest first: the report takes as long
# as its busiest worker, so the longest task must not start last (the cells' PyBaMM runs,
# with PyBaMM's import, are a fifth of the report's CPU time)
FIRST: tuple[str, ...] = (
    "hydrion.report.sections.cells:simulations",
    "hydrion.report.sections.cells:stacks",
)
