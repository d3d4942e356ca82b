"""Set-up shared by the knowledge-base tests."""

import pytest

from hydrion.kb import loaded_records


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The user records validated, by key, as the knowledge base reads them."""
    seen: list[str] = []
    real = loaded_records.stored_record

    def counting(kind, key, *args):
        seen.append(key)
        return real(kind, key, *args)

    monkeypatch.setattr(loaded_records, "stored_record", counting)
    return seen
