"""The staff tools over the quote kernel: the command line, the premium tables, the yearly diff,
the renewal draft and the pamphlet exports.

They run in CPython only (the CLI and the site build) and never ship to the browser: the kernel
(`cyberquote`) never imports them.
"""
