"""A material as JSON: its record with every source's DOIs resolved, where it comes from, and
the stored cells made with it (what ``hydrion db show --json`` prints)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hydrion.kb.references import describe_source

if TYPE_CHECKING:
    from hydrion.kb.knowledge_base import KnowledgeBase
    from hydrion.kb.records import Material


def material_sheet(kb: KnowledgeBase, material: Material) -> dict[str, Any]:
    """The record of ``material`` as a JSON-ready dict, sources resolved.

    Parameters
    ----------
    kb : KnowledgeBase
        The knowledge base the material was read from (its reference list, origins, cells).
    material : Material
        A record of ``kb``.

    Returns
    -------
    dict
        The record's fields; each stored value's ``source`` holds its refs, the DOIs of those
        refs (``dois``, from ``kb/data/references.yaml``), its own DOI or citation and kind;
        ``origin`` ('curated' or 'user') and ``cells`` (ids of the stored cells with it).
    """
    record = material.model_dump(mode="json", exclude_none=True)
    for field, _ in material.values():
        for item, value in zip(record[field], getattr(material, field), strict=True):
            item["source"] = describe_source(value.source, kb.references)
    record["origin"] = kb.origin(material.id)
    record["cells"] = [cell.id for cell in kb.cells(material=material.id)]
    return record
