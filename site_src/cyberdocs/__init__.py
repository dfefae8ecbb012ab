"""The documents made from the rates, for the site and for print.

The premium tables (HTML for the pages, CSV for Excel), the print-ready PDF and the pamphlet, and
the checks of what they embed. One renderer fed by one `Rates`, so the table a member sees, the
CSV and the PDF cannot disagree. CPython only: the site build (`macros/`) and `cyberquote export`
use it; the browser never gets it.
"""
