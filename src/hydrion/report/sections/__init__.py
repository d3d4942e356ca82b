"""Report sections, in the order they appear. Each module has ``build(kb) -> Section``."""

SECTIONS: tuple[str, ...] = (
    "hydrion.report.sections.knowledge_base",
    "hydrion.report.sections.transport",
    "hydrion.report.sections.predictions",
    "hydrion.report.sections.stability",
    "hydrion.report.sections.electrodes",
    "hydrion.report.sections.cells",
)
