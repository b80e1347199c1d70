"""The static site's side of the service: which articles exist (``articles``), an article's
comment block as the theme renders it (``comment_block``), the fast path and the full build
(``publish``), sample comments for a new site, Finnish dates, and serving the built site in
development (``serve``). Imports no blueprint: the Pelican plugin uses it too."""
