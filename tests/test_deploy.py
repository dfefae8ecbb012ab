"""`cyberquote deploy`: what it prints, what it refuses, and that nginx and Apache accept it.

The configs as served are tested in tests/test_servers.py; here the variants those tests do not
start (port 80, the site at the root, a host name) go through `nginx -t` / `apache2 -t`.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from conftest import CYBERQUOTE
from cyberdocs.csp import CSP
from cyberstaff import hosting
from cyberstaff.cli import main
from cyberstaff.deploy import HTACCESS_OVERRIDE, config, deployment
from real_servers import Scratch


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The console script itself, as an administrator runs it."""
    return subprocess.run(
        [CYBERQUOTE, "deploy", *args], capture_output=True, text=True, timeout=60, check=False
    )


def run_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The same command in this process (quicker for the many refusals)."""
    code = main(["deploy", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def scratch() -> Iterator[Scratch]:
    made = Scratch.create()
    yield made
    made.remove()


def test_nginx_is_a_server_block_for_the_stock_nginx_conf() -> None:
    done = run("nginx", "--prefix", "/cyber/", "--root", "/var/www/cyber")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    directives = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in directives if line.strip().startswith("http")]
    assert "server {" in directives
    # Debian's table first, then the additions: a types {} alone would replace the table.
    body = "\n".join(directives)
    assert body.index("include /etc/nginx/mime.types;") < body.index("types {")
    assert "text/javascript mjs;" in text and "application/toml toml;" in text
    assert f'add_header Content-Security-Policy "{hosting.header_csp(CSP)}" always;' in text
    assert "brotli_static on;" in text and "gzip_static on;" in text
    assert "error_page 404 /cyber/404.html;" in text
    for lang in hosting.LANG_DIRS:
        assert f"error_page 404 /cyber/{lang}/404.html;" in text
    assert "listen 80;" in text


def test_apache_vhost_has_its_rules_in_a_directory_block() -> None:
    done = run("apache", "--prefix", "/cyber", "--root", "/var/www/cyber/")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    directory = text.index("<Directory /var/www/cyber>")
    assert directory < text.index("RewriteEngine On") < text.index("</Directory>")
    assert "Alias /cyber /var/www/cyber" in text and "RewriteBase /cyber/" in text
    assert "RemoveLanguage .br" in text
    assert "<VirtualHost *:80>" in text and "\nListen" not in text


def test_htaccess_states_the_allowoverride_it_needs() -> None:
    done = run("apache", "--prefix", "/cyber/", "--htaccess")
    assert done.returncode == 0, done.stderr
    head = "\n".join(done.stdout.splitlines()[:12])
    assert f"AllowOverride {HTACCESS_OVERRIDE}" in head  # what the server test grants, no more
    assert "<Directory" not in done.stdout and "<VirtualHost" not in done.stdout


@pytest.mark.parametrize(
    ("args", "ja", "en"),
    [
        (["nginx", "--prefix", "/cy ber/", "--root", "/srv/x"], "--prefix", "--prefix"),
        (["nginx", "--prefix", "/cyber/../", "--root", "/srv/x"], "--prefix", "--prefix"),
        (["nginx", "--prefix", "/cyber/"], "--root", "--root"),
        (["nginx", "--prefix", "/c/", "--root", "var/www"], "--root", "--root"),
        (["nginx", "--prefix", "/c/", "--root", "/"], "--root", "--root"),
        (["nginx", "--prefix", "/c/", "--root", '/srv/"x'], "--root", "--root"),
        (["nginx", "--prefix", "/サイバー/", "--root", "/srv/x"], "/サイバー/", "/サイバー/"),
        (["nginx", "--prefix", "/c/\n}", "--root", "/srv/x"], "\\x0a}", "\\x0a}"),
        (["apache", "--root", "/srv/x", "--listen", "99999"], "--listen", "--listen"),
        (["apache", "--root", "/srv/x", "--listen", "a b:80"], "--listen", "--listen"),
        (["apache", "--root", "/srv/x", "--server-name", "a;b"], "--server-name", "--server-name"),
        (["nginx", "--htaccess"], "apache にだけ", "apache only"),
        (["lighttpd", "--root", "/srv/x"], "指定が正しくありません", "invalid choice"),
    ],
)
def test_refused_values_get_one_clear_line(
    capsys: pytest.CaptureFixture[str], args: list[str], ja: str, en: str
) -> None:
    code, out, err = run_here(capsys, *args)
    assert code == 2 and out == "" and ja in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run_here(capsys, *args, "--lang", "en")
    assert code == 2 and out == "" and en in err


def test_a_refusal_from_the_console_script_has_no_traceback() -> None:
    done = run("apache", "--root", "relative/path")
    assert done.returncode == 2 and "--root" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("server", "prefix", "listen", "name"),
    [
        ("nginx", "/", None, None),
        ("nginx", "/cyber/", "8080", "www.example.jp"),
        ("apache", "/", None, "www.example.jp example.jp"),
        ("apache", "/cyber/", "127.0.0.1:8081", None),
    ],
)
def test_servers_accept_each_variant(
    scratch: Scratch, server: str, prefix: str, listen: str | None, name: str | None
) -> None:
    root = str(scratch.site_root)
    target = deployment(server, prefix, root, listen=listen, server_name=name)
    output = scratch.syntax_check(server, config(target))
    assert "warn" not in output.lower() and "emerg" not in output.lower(), output
