"""Figures, one module per figure family (matplotlib, Agg backend)."""
