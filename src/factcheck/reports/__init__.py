"""Reports: the article audit, the portfolio dashboard, the review box and ClaimReview.

One data layer (:mod:`.model`, built by :mod:`.build` from bulk reads in
:mod:`.queries`), many writers (:mod:`.writers`, chosen by ``ReportFormat``), Jinja2
templates with a typed context (``templates/``), and :mod:`.publish` to put pages
on disk a batch at a time.
"""
