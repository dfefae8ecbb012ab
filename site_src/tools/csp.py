"""The site's Content-Security-Policy: only the site itself (plus WebAssembly compilation).

One value for the <meta http-equiv> in every page (set by macros/site.py into config.extra.csp)
and for the HTTP header sent by serve.py (which a Web Worker needs: <meta> does not govern it).
"""

CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; "
    "worker-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "manifest-src 'self'; base-uri 'none'; form-action 'none'"
)
