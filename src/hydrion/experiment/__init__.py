"""Lab pipelines: read instrument files and turn them into the numbers papers report."""
