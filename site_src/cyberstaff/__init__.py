"""The staff tools over the quote kernel: the command line, the premium tables, the yearly diff
(text, Markdown, HTML, Excel), the renewal draft, the premium workbook and its import, the
checks' warnings, the site build and publish commands, and the pamphlet exports.

They run in CPython only (the CLI and the site build) and never ship to the browser: the kernel
(`cyberquote`) never imports them.
"""
