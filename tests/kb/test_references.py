"""The review's references that results cite come from the curated records (read from their
cache), not from ``references.yaml`` parsed once more per process (issue 12, start-up)."""

import hydrion.bundled_yaml
from hydrion.kb.curated import load_curated
from hydrion.kb.references import REVIEW, cited_references


def test_cited_references_are_the_curated_ones_without_reading_the_yaml(monkeypatch):
    load_curated()  # the process's curated records, as every command has them

    def no_yaml(*args, **kwargs):
        raise AssertionError("references.yaml parsed again")

    monkeypatch.setattr(hydrion.bundled_yaml, "bundled_yaml", no_yaml)
    cited = cited_references([19, 0, 19, 100_000])  # repeated and unknown numbers
    curated = load_curated().references
    assert cited == (REVIEW, curated[19])
    # Matsuo et al. 2007, ref. [19] of Pang et al. 2022
    assert cited[1].doi == "10.1063/1.2817934"
