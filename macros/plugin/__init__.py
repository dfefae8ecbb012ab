"""The site build's MkDocs plugin: what the build does besides rendering the pages.

``plugin.BuildPlugin`` (the MkDocs plugin ``cyberquote-build`` in mkdocs.yml, its options in
``config``) reads the rates before the pages are rendered and hands them to the page macros (one
``config.SiteContext``), and once every language's pages are written publishes the
quote widget's runtime (``assets``, ``pyodide``, ``runtime``, ``wheel``, ``names``: Pyodide, the
widget files, the kernel wheel, the snapshot, the rates file, under hashed names), the renewal
page's (``renewal_runtime``), the print
exports (``exports``), the 404 pages (``not_found``), the print stylesheets and the sitemaps
(``theme``), then precompresses the site (``compress``). ``files`` writes what they publish.
"""
