"""mkdocs hook: the home page is the repository's README, read at build time so the two never
drift apart; its ``docs/x.md`` links point to the pages beside it on the site."""

import re
from pathlib import Path

_DOCS_LINK = re.compile(r"\]\(docs/")


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Replace the home page's body with the README, its ``](docs/...)`` links made relative."""
    if page.file.src_uri != "index.md":
        return markdown
    readme = Path(config["docs_dir"]).parent / "README.md"
    return _DOCS_LINK.sub("](", readme.read_text(encoding="utf-8"))
