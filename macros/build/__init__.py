"""The post-build pipeline: what the site build writes besides the pages.

``plugin.BuildPlugin`` (the MkDocs plugin ``cyberquote-build`` in mkdocs.yml) reads the rates and
the CSP before the pages are rendered, and after the last language's pages are written publishes
the quote widget's runtime (``assets``: Pyodide, the widget files, the kernel wheel, the memory
snapshot, the rates file), the print exports (``exports``), the print stylesheets and the
sitemaps (``theme``). ``files`` writes and precompresses what they publish.
"""
