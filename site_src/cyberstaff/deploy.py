"""`cyberquote deploy nginx|apache`: the web server configuration for the built site.

A Debian administrator drops the printed text in as it is: for nginx a ``server { }`` (with the
``map`` it uses) for sites-available/ or conf.d/ under the stock nginx.conf; for Apache a
``<VirtualHost>`` with the rules in a ``<Directory>``, or (``--htaccess``) the same rules as an
.htaccess that states the AllowOverride it needs. What every host must send (the CSP, the cache
policy, MIME types, the 404 pages) comes from ``cyberdocs.csp`` and ``cyberstaff.hosting``, the
same values serve.py uses; the markup is in templates/deploy-*.

The values put into the text are checked, not escaped: a prefix, folder, address or host name
that could break out of a directive is refused with a message in the user's language.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from cyberdocs.csp import CSP
from cyberquote.errors import InputError, shown
from cyberquote.words import word

from . import hosting

if TYPE_CHECKING:
    import jinja2

Server = Literal["nginx", "apache"]
SERVERS: tuple[Server, ...] = ("nginx", "apache")

# Suffixes Debian 12's /etc/nginx/mime.types has no type for. Only these are added: nginx keeps
# the first type of a suffix listed twice and warns about the second.
NGINX_MISSING = (".mjs", ".toml", ".whl", ".map", ".csv", ".webmanifest")
# What Debian's nginx mime.types calls a .js file: compressed and given a charset like the rest.
NGINX_JS = "application/javascript"
NGINX_VAR = "cyberquote_cache_control"
# What the .htaccess's directives need: FileInfo (types, rewrites, headers, filters, error
# pages), Indexes (DirectoryIndex), Options=... (its Options line, symlinks included).
HTACCESS_OVERRIDE = (
    "FileInfo Indexes Options=Indexes,MultiViews,FollowSymLinks,SymLinksIfOwnerMatch"
)

_SAFE_PATH = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")
_SAFE_ROOT = re.compile(r"/(?:[A-Za-z0-9._~+-]+/?)*")
_HOST = re.compile(r"[A-Za-z0-9*_](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
_LISTEN = re.compile(r"(?:(?P<addr>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+|\*):)?(?P<port>[0-9]{1,5})")


@dataclass(frozen=True)
class Deployment:
    """Where the built site lives: its URL prefix, its folder, the address to listen on."""

    server: Server
    prefix: str  # "/cyber/": starts and ends with "/"
    root: str  # "/var/www/cyber": absolute, no trailing "/"
    listen: str | None = None  # "127.0.0.1:8080" or "8080"; None = port 80
    server_name: str | None = None
    htaccess: bool = False

    @property
    def prefix_bare(self) -> str:
        """The prefix without its trailing slash ("/cyber"), as Alias and the redirect want."""
        return self.prefix.rstrip("/") or "/"

    def command(self) -> str:
        """The command that prints this configuration (quoted at its top)."""
        words = ["cyberquote", "deploy", self.server, "--prefix", self.prefix]
        if self.htaccess:
            return " ".join([*words, "--htaccess"])
        words += ["--root", self.root]
        if self.listen:
            words += ["--listen", self.listen]
        if self.server_name:
            words += ["--server-name", self.server_name]
        return " ".join(words)


def _refuse(key: str, value: str) -> InputError:
    """The refusal of an option's value, echoed as errors.shown makes input safe to print."""
    echoed = shown(value)
    return InputError(word(key, "ja", value=echoed), word(key, "en", value=echoed))


def deployment(
    server: str,
    prefix: str,
    root: str | None,
    *,
    listen: str | None = None,
    server_name: str | None = None,
    htaccess: bool = False,
) -> Deployment:
    """A checked Deployment; InputError (both languages) for a value that is not safe to print."""
    if server not in SERVERS:
        raise _refuse("deploy.unknown_server", server)
    if htaccess and server != "apache":
        raise _refuse("deploy.htaccess_apache_only", server)
    normal = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    if not _SAFE_PATH.fullmatch(normal) or "/../" in normal or "/./" in normal:
        raise _refuse("deploy.bad_prefix", prefix)
    if root is None:
        if not htaccess:
            raise _refuse("deploy.root_needed", server)
        root_path = ""
    else:
        root_path = root.rstrip("/") or "/"
        if not _SAFE_ROOT.fullmatch(root) or "/../" in root_path + "/" or root_path == "/":
            raise _refuse("deploy.bad_root", root)
    if listen is not None:
        match = _LISTEN.fullmatch(listen)
        if match is None or not 0 < int(match["port"]) < 65536:
            raise _refuse("deploy.bad_listen", listen)
    if server_name is not None and not all(_HOST.fullmatch(n) for n in server_name.split()):
        raise _refuse("deploy.bad_server_name", server_name)
    return Deployment(
        server=server,  # type: ignore[arg-type]
        prefix=normal,
        root=root_path,
        listen=listen,
        server_name=server_name,
        htaccess=htaccess,
    )


def _types_by_content_type(suffixes: tuple[str, ...], *, bare: bool) -> list[tuple[str, str]]:
    """[(content type, "mjs js")] for the given suffixes, grouped, in hosting.TYPES order."""
    grouped: dict[str, list[str]] = {}
    for suffix in suffixes:
        value = hosting.TYPES[suffix]
        grouped.setdefault(hosting.media_type(value) if bare else value, []).append(suffix)
    return [
        (value, " ".join(s.lstrip(".") if bare else s for s in found))
        for value, found in grouped.items()
    ]


def _environment() -> jinja2.Environment:
    import jinja2  # only this command needs it (the site extra)

    return jinja2.Environment(
        loader=jinja2.PackageLoader("cyberstaff", "templates"),
        autoescape=False,  # config text, not HTML: every value is checked by deployment()
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _common(target: Deployment) -> dict[str, object]:
    return {
        "command": target.command(),
        "prefix": target.prefix,
        "prefix_bare": target.prefix_bare,
        "root": target.root,
        "csp": hosting.header_csp(CSP),
        "nosniff": hosting.NOSNIFF,
        "referrer_policy": hosting.REFERRER_POLICY,
        "immutable": hosting.IMMUTABLE,
        "revalidate": hosting.REVALIDATE,
        "hashed_url": hosting.HASHED_URL,
        "hidden_url": hosting.HIDDEN_URL,
        "lang_dirs": hosting.LANG_DIRS,
    }


def nginx_config(target: Deployment) -> str:
    """The nginx map and server { } (text for sites-available/ or conf.d/)."""
    text = [hosting.media_type(t) for t in hosting.TYPES.values() if "charset" in t]
    compress = [t for t in (*hosting.TEXT_TYPES, NGINX_JS) if t != "text/html"]
    with_charset = [t for t in dict.fromkeys([*text, NGINX_JS]) if t != "text/html"]
    listen = [target.listen] if target.listen else ["80", "[::]:80"]
    return (
        _environment()
        .get_template("deploy-nginx.conf")
        .render(
            **_common(target),
            var=NGINX_VAR,
            listen=listen,
            server_name=target.server_name or "_",
            nginx_types=_types_by_content_type(NGINX_MISSING, bare=True),
            gzip_types=" ".join(dict.fromkeys(compress)),
            charset_types=" ".join(with_charset),
        )
    )


def apache_config(target: Deployment) -> str:
    """The Apache <VirtualHost> (rules in its <Directory>), or the .htaccess with the same rules."""
    env = _environment()
    common = _common(target)
    rules = env.get_template("deploy-apache-rules.conf").render(
        **common,
        apache_types=_types_by_content_type(tuple(hosting.TYPES), bare=False),
        text_types=" ".join(hosting.TEXT_TYPES),
    )
    if target.htaccess:
        return env.get_template("deploy-htaccess").render(
            **common, rules=rules.rstrip("\n"), allow_override=HTACCESS_OVERRIDE
        )
    match = _LISTEN.fullmatch(target.listen or "80")
    assert match is not None  # checked by deployment()
    port, addr = match["port"], match["addr"] or "*"
    return env.get_template("deploy-apache-vhost.conf").render(
        **common,
        rules=rules.rstrip("\n"),
        listen_directive=target.listen if port != "80" or addr != "*" else None,
        vhost=f"{addr}:{port}",
        server_names=(target.server_name or "").split(),
    )


def config(target: Deployment) -> str:
    """The configuration text for the deployment's server."""
    return nginx_config(target) if target.server == "nginx" else apache_config(target)


def cmd_deploy(args: argparse.Namespace) -> int:
    """`cyberquote deploy nginx|apache ...`: the configuration on stdout."""
    target = deployment(
        args.server,
        args.prefix,
        args.root,
        listen=args.listen,
        server_name=args.server_name,
        htaccess=args.htaccess,
    )
    sys.stdout.write(config(target))
    return 0
