"""factcheck: an editorial fact-check and review workflow for publishers."""

__version__ = "0.1.0"
