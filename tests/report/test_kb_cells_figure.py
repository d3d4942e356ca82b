"""The review-cells figure explains its colours in its own legend."""

from hydrion.kb import open_kb
from hydrion.report.sections import knowledge_base


def test_cells_figure_legend_names_the_capacity_bases(monkeypatch):
    # was: blue and orange points explained only in the caption, not in the figure
    drawn = {}

    def keep(fig, *args, **kwargs):
        drawn["fig"] = fig

    monkeypatch.setattr(knowledge_base, "figure_from_matplotlib", keep)
    knowledge_base._cells_figure(open_kb())
    legend = [t.get_text() for t in drawn["fig"].axes[0].get_legend().get_texts()]
    # the review's cells give capacities per cathode active mass, or per sulfur (S) mass
    assert legend[-2:] == ["per cathode active mass", "per S mass"]
    assert {"Li cells", "Na cells", "Mg cells"} <= set(legend)
