"""The knowledge base: sourced records of hydride electrolytes, electrodes and cells.

>>> from hydrion.kb import open_kb
>>> kb = open_kb()
>>> kb.material("LiBH4").activation_energies[0].Ea_eV  # Matsuo et al. 2007, ref. [19]
0.69
"""

from hydrion.kb.cell_records import Cell
from hydrion.kb.curated import load_curated
from hydrion.kb.knowledge_base import KnowledgeBase, open_kb
from hydrion.kb.records import Material
from hydrion.kb.references import Reference
from hydrion.kb.store import user_db_path
from hydrion.sources import Source

__all__ = [
    "Cell",
    "KnowledgeBase",
    "Material",
    "Reference",
    "Source",
    "load_curated",
    "open_kb",
    "user_db_path",
]
