"""References in and out: reading BibTeX, RIS and CSL-JSON, parsing citation strings,
and printing citations in a CSL style."""
