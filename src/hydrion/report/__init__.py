"""The HTML report: knowledge-base tables and model results with their sources."""
