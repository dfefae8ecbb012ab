"""Build time only, run inside the Pyodide the site ships (under Node): the standard-library zip
trimmed to the modules this Python has loaded, for the quote's runtime (runtime.mjs) and the
renewal page's (macros/plugin/renewal_stdlib.py). Never shipped to a browser.

The build reads this file as text and runs it in Pyodide, then calls `write_stdlib_zip` once the
work to trace has run. Nothing is imported at the top: what this file imported would be counted
as used by the quote or by review().
"""


def write_stdlib_zip(out: str, *, optimize: int) -> list[str]:
    """Writes to `out` every module the standard-library zip has given this process, as bytecode
    compiled by this Python (`optimize`, and no column tables when the process runs with
    PYTHONNODEBUGRANGES), stored: the server's brotli compresses bytecode better than deflate
    does file by file. Returns the modules' names, sorted. A module without source (the process
    booted from a zip already trimmed) is left out."""
    import sys
    import zipimport

    stdlib = next(p for p in sys.path if p.endswith(".zip"))
    loaders = {
        module.__spec__.name: module.__loader__
        for module in list(sys.modules.values())
        if isinstance(getattr(module, "__loader__", None), zipimport.zipimporter)
        and module.__loader__.archive == stdlib
    }
    import importlib._bootstrap_external as bx  # after the census: build-time only
    import zipfile

    entries = {}
    for name, loader in sorted(loaders.items()):
        source = loader.get_source(name)
        if source is None:
            continue
        path = loader.get_filename(name)
        code = compile(source, path, "exec", dont_inherit=True, optimize=optimize)
        stem = name.replace(".", "/") + ("/__init__" if loader.is_package(name) else "")
        entries[stem + ".pyc"] = bytes(bx._code_to_timestamp_pyc(code, 0, 0))
        parts = stem.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            entries["/".join(parts[:depth]) + "/"] = b""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for entry in sorted(entries):
            info = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, entries[entry])
    return sorted(loaders)
