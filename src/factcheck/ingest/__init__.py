"""Reading articles: formats, metadata, boilerplate, statements and claim kinds.

The rest of the tool calls only :func:`read_article`.
"""

from __future__ import annotations

from factcheck.ingest.model import DetectedSource, ParsedArticle, ParsedStatement
from factcheck.ingest.reader import read_article

__all__ = ["DetectedSource", "ParsedArticle", "ParsedStatement", "read_article"]
