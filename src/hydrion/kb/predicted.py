"""How a stored MD prediction is told apart from a measured record.

:mod:`hydrion.atomistic.predictions` stores a machine-learned-potential MD prediction as its
own material record named ``"<measured material's name> [MD prediction <digest>]"``. The
knowledge base leaves such records out of its listings and queries of measured values
(:meth:`~hydrion.kb.knowledge_base.KnowledgeBase.materials`); :mod:`hydrion.atomistic.stored`
reads them back to show beside the measurements.
"""

from __future__ import annotations

#: what every prediction record's name carries after the measured material's name
PREDICTION_TAG = "[MD prediction "


def is_prediction(name: str) -> bool:
    """Whether a record's name is that of a stored MD prediction (not a measurement)."""
    return PREDICTION_TAG in name
