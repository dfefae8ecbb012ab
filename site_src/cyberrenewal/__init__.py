"""The renewal: next year's figures, from the insurer's letter to a checked rates file.

The workbook the secretariat fills (`sheet`) and reads back (`sheet_import`), the checks of a new
year against the last (`checks`), what changed (`diff`) and its approval document
(`diff_report`, `diff_xlsx`), and the draft of next year's file (`renewal`). No command and no
file written here: `cyberstaff`'s `rates …` commands do the I/O.
"""
