"""The report's stability section marks a user's electrolytes '(user)' in its tables and
figures, as the knowledge-base and transport tables do (it showed them under their bare
names, as if they were the review's)."""

from hydrion.kb.records import Material
from hydrion.report.sections.stability import build

BASE = {"ions": ["Li"], "family": "test"}
SOURCE = {"refs": [80], "kind": "review_text"}


class UserKB:
    """What the stability section asks of a knowledge base: the review's LiBH4 and two of the
    user's electrolytes, one computable (LiBH4 again: a pellet of the user's) and one without
    thermochemistry (LiCB11H12 is not in the bundled table)."""

    def __init__(self):
        electrolyte = {**BASE, "kind": "electrolyte"}
        self.records = [
            Material.model_validate(
                {
                    **electrolyte,
                    "id": "libh4",
                    "name": "LiBH4",
                    "formula": "LiBH4",
                    "windows": [
                        {"low_V": 0, "high_V": 1.8, "method": "theoretical", "source": SOURCE}
                    ],
                }
            ),
            Material.model_validate(
                {**electrolyte, "id": "my-pellet", "name": "my pellet", "formula": "LiBH4"}
            ),
            Material.model_validate(
                {**electrolyte, "id": "my-x", "name": "my carborane", "formula": "LiCB11H12"}
            ),
            Material.model_validate(
                {**BASE, "id": "li", "name": "Li", "kind": "counter_electrode", "formula": "Li"}
            ),
        ]
        self.users = {"my-pellet", "my-x"}

    def materials(self, kind=None, **_):
        return [m for m in self.records if kind is None or m.kind == kind]

    def material(self, query):
        return next(m for m in self.records if query in (m.id, m.name))

    def cells(self, **_):
        return []

    def origin(self, record_id):
        return "user" if record_id in self.users else "curated"


def test_user_electrolytes_are_marked_in_tables_and_figures():
    section = build(UserKB())
    products, skipped = (table.frame for table in section.tables)
    assert set(products["electrolyte"]) == {"LiBH4", "my pellet (user)"}
    assert list(skipped["electrolyte"]) == ["my carborane (user)"]
    assert "LiCB11H12" in skipped["why"].iloc[0]
    # the same window for the same formula: the user's row differs only in its name
    review = products[products.electrolyte == "LiBH4"].drop(columns="electrolyte")
    mine = products[products.electrolyte == "my pellet (user)"].drop(columns="electrolyte")
    assert review.reset_index(drop=True).equals(mine.reset_index(drop=True))
    figures = {figure.slug: figure for figure in section.figures}
    assert set(figures) == {"stability-windows", "decomposition-products", "compatibility-heatmap"}
    # U1: the caption tells the two greys apart, as the heatmap's key does
    caption = figures["compatibility-heatmap"].caption
    assert "Grey with n/d: the pair was assessed but lacks an energy" in caption
    assert "grey and blank: the pair is not assessed (no shared working ion" in caption


def test_the_heatmap_and_panels_name_the_users_record():
    from hydrion.plots.stability import compat_heatmap, decomposition_figure
    from hydrion.report.sections.stability import _comparisons
    from hydrion.stability.compatibility import compatibility_matrix
    from hydrion.stability.energies import bundled

    kb = UserKB()
    comparisons, _ = _comparisons(kb, kb.materials(kind="electrolyte"))
    assert [c.name for c in comparisons] == ["LiBH4", "my pellet (user)"]
    panels = decomposition_figure(
        [c.computed[0] for c in comparisons], names=[c.name for c in comparisons]
    )
    assert [ax.get_title(loc="left") for ax in panels.axes] == [
        "LiBH₄ vs Li/Li⁺ (enthalpy)",
        "my pellet (user) vs Li/Li⁺ (enthalpy)",
    ]
    cells = compatibility_matrix(kb, bundled("enthalpy"), electrolytes=kb.records[:2])
    figure = compat_heatmap(cells, kb=kb, names={"my-pellet": "my pellet (user)"})
    rows = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert rows == ["LiBH₄", "my pellet (user)"]
