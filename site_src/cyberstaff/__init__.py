"""The staff's `cyberquote` command: rates (check, diff, sheet, import, new), site (build, publish),
export and deploy, with the hosting rules the server configs and the build share.

A thin layer of I/O over `cyberquote` (the kernel), `cyberdocs` (tables, PDF, pamphlet) and
`cyberrenewal` (the workbook, the checks, the diff). CPython only: it never ships to the browser.
"""
