"""The post-build pipeline: what the site build writes besides the pages.

``plugin.BuildPlugin`` (the MkDocs plugin ``cyberquote-build`` in mkdocs.yml) reads the rates and
the CSP before the pages are rendered, and once every language's pages are written publishes the
quote widget's runtime (``assets``, ``pyodide``, ``runtime``, ``wheel``, ``names``: Pyodide, the
widget files, the kernel wheel, the snapshot, the rates file, under hashed names), the print
exports (``exports``), the 404 pages (``not_found``), the print stylesheets and the sitemaps
(``theme``), then precompresses the site (``compress``). ``files`` writes what they publish.
"""
