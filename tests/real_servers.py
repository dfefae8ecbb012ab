"""Debian's nginx and Apache started on 127.0.0.1 with the configs `cyberquote deploy` prints.

Used by tests/test_servers.py and bench/bench_servers.py. Each server runs in the foreground as
a child process, from a scratch folder that holds its main config, pid, logs and temp files;
the generated config is included in that main config as it would be under Debian's stock one
(nginx: inside `http { }`; Apache: after the modules, with `a2enmod rewrite headers` done by
LoadModule). Workers run as www-data, so the scratch folder is made readable to them.

    site = Scratch.create()            # /tmp/cq-servers-XXXX, mode 0755
    site.publish(built_site)           # copies the built site to where the configs point
    with site.nginx() as nginx, site.apache() as apache, site.serve_py() as dev:
        nginx.url, apache.url, apache.htaccess_url, dev.url   # each ends in /cyber/

Nothing listens anywhere but 127.0.0.1, and each server is stopped by its own pid.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_src"))
from cyberstaff.deploy import HTACCESS_OVERRIDE, config, deployment  # noqa: E402

PREFIX = "/cyber/"
NGINX = "/usr/sbin/nginx"
APACHE = "/usr/sbin/apache2"
BROTLI_STATIC = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
APACHE_MODULES = "/usr/lib/apache2/modules"
SYSTEM_DEPS = ROOT / "site_src" / "tools" / "system-deps.sh"
SERVE = ROOT / "site_src" / "tools" / "serve.py"
START_TIMEOUT_S = 15.0

NGINX_MAIN = """\
user www-data;
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
load_module {brotli};
events {{ worker_connections 512; }}
http {{
    # As Debian's stock nginx.conf
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {dir}/access.log;
    gzip on;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    include {dir}/cyberquote.conf;
}}
"""

APACHE_MAIN = """\
# As Debian's apache2.conf, with every path under the scratch folder
DefaultRuntimeDir {dir}/run
PidFile {dir}/apache2.pid
Mutex file:{dir}/lock default
ErrorLog {dir}/error.log
LogLevel warn
User www-data
Group www-data
ServerName 127.0.0.1
Timeout 60
KeepAlive On
HostnameLookups Off
IncludeOptional /etc/apache2/mods-enabled/*.load
IncludeOptional /etc/apache2/mods-enabled/*.conf
# a2enmod rewrite headers
<IfModule !mod_rewrite.c>
    LoadModule rewrite_module {modules}/mod_rewrite.so
</IfModule>
<IfModule !mod_headers.c>
    LoadModule headers_module {modules}/mod_headers.so
</IfModule>
AccessFileName .htaccess
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
<Directory />
    Options FollowSymLinks
    AllowOverride None
    Require all denied
</Directory>
<Directory {www}/>
    Options Indexes FollowSymLinks
    AllowOverride None
    Require all granted
</Directory>
LogFormat "%h %l %u %t \\"%r\\" %>s %O" common
CustomLog {dir}/access.log common

# The generated vhost
Include {dir}/cyberquote.conf

# A shared host's docroot, the site in its cyber/ folder with the generated .htaccess
Listen 127.0.0.1:{htaccess_port}
<VirtualHost 127.0.0.1:{htaccess_port}>
    DocumentRoot {docroot}
    <Directory {docroot}>
        AllowOverride {override}
    </Directory>
</VirtualHost>
"""


def install_missing() -> None:
    """Debian's nginx (with brotli_static) and Apache, installed like Chromium when missing."""
    if not all(Path(p).exists() for p in (NGINX, APACHE, BROTLI_STATIC)):
        subprocess.run(["bash", str(SYSTEM_DEPS)], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    stop(process)
    errors = log.read_text(errors="replace") if log.exists() else ""
    raise RuntimeError(f"server on port {port} did not start:\n{errors[-3000:]}")


def die_with_parent() -> None:
    """In the child: SIGTERM when the process that started it dies (a killed test run leaves
    no server behind). Linux's PR_SET_PDEATHSIG."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own master process (fast shutdown for both), then wait."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _run_checked(command: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} refused the config:\n{done.stderr}")


@dataclass
class Running:
    """A started server: its base URL(s) and its process."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    htaccess_url: str | None = None

    def errors(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Scratch:
    """A folder readable by www-data with the site where the configs point, and the servers."""

    dir: Path
    roots: list[Path] = field(default_factory=list)

    @classmethod
    def create(cls) -> Scratch:
        path = Path(tempfile.mkdtemp(prefix="cq-servers-"))
        path.chmod(0o755)  # mkdtemp gives 0700: www-data would get 403 for everything
        www = path / "www"
        # nginx and the Apache vhost: the site's own folder, named unlike the prefix (Alias).
        # The .htaccess host: a docroot with the site in cyber/, as on a shared host.
        scratch = cls(path, [www / "cyberquote-site", www / "docroot" / PREFIX.strip("/")])
        for root in scratch.roots:
            root.mkdir(parents=True)
        return scratch

    @property
    def site_root(self) -> Path:
        return self.roots[0]

    @property
    def docroot(self) -> Path:
        return self.roots[1].parent

    def publish(self, site: Path, *, age_days: float = 0.0) -> None:
        """Copy the built site over what is served (new files added, none removed), readable by
        all; with age_days, date every file that long ago (a site published a while back, which
        a browser without cache headers would keep heuristically)."""
        for root in self.roots:
            shutil.copytree(site, root, dirs_exist_ok=True, copy_function=shutil.copy2)
            for path in [root, *root.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
                if age_days:
                    old = time.time() - age_days * 86400
                    os.utime(path, (old, old))
        htaccess = config(deployment("apache", PREFIX, None, htaccess=True))
        (self.roots[1] / ".htaccess").write_text(htaccess, encoding="utf-8")

    def _nginx_files(self, generated: str, home: Path) -> list[str]:
        """Write the main config around the generated one; the command that runs it."""
        (home / "tmp").mkdir(parents=True, exist_ok=True)
        (home / "cyberquote.conf").write_text(generated, encoding="utf-8")
        main = home / "nginx.conf"
        main.write_text(NGINX_MAIN.format(dir=home, brotli=BROTLI_STATIC), encoding="utf-8")
        return [NGINX, "-p", str(home), "-c", str(main), "-e", str(home / "error.log")]

    def _apache_files(
        self, generated: str, home: Path, htaccess_port: int
    ) -> tuple[list[str], dict[str, str]]:
        """Write the main config around the generated vhost; the command and its environment."""
        for sub in ("run", "lock"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        (home / "cyberquote.conf").write_text(generated, encoding="utf-8")
        main = home / "apache2.conf"
        main.write_text(
            APACHE_MAIN.format(
                dir=home,
                modules=APACHE_MODULES,
                www=self.dir / "www",
                docroot=self.docroot,
                htaccess_port=htaccess_port,
                override=HTACCESS_OVERRIDE,
            ),
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "APACHE_RUN_USER": "www-data",
            "APACHE_RUN_GROUP": "www-data",
            "APACHE_PID_FILE": str(home / "apache2.pid"),
            "APACHE_RUN_DIR": str(home / "run"),
            "APACHE_LOCK_DIR": str(home / "lock"),
            "APACHE_LOG_DIR": str(home),
            "LANG": "C",
        }
        return [APACHE, "-d", str(home), "-f", str(main)], env

    def syntax_check(self, server: str, generated: str) -> str:
        """`nginx -t` / `apache2 -t` of a generated config in its main config: their output
        (RuntimeError when refused). Nothing is started or bound."""
        install_missing()
        home = self.dir / f"check-{server}"
        if server == "nginx":
            command, env = self._nginx_files(generated, home), None
        else:
            command, env = self._apache_files(generated, home, free_port())
        done = subprocess.run(
            [*command, "-t"], capture_output=True, text=True, env=env, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{server} refused the config:\n{done.stderr}")
        return done.stderr

    @contextmanager
    def nginx(self) -> Iterator[Running]:
        install_missing()
        home = self.dir / "nginx"
        port = free_port()
        target = deployment("nginx", PREFIX, str(self.site_root), listen=f"127.0.0.1:{port}")
        command = self._nginx_files(config(target), home)
        _run_checked([*command, "-t", "-q"])
        with open(home / "stderr.log", "wb") as err:
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=err, preexec_fn=die_with_parent
            )
        _wait_listening(port, process, home / "error.log")
        try:
            yield Running("nginx", f"http://127.0.0.1:{port}{PREFIX}", process, home / "error.log")
        finally:
            stop(process)

    @contextmanager
    def apache(self) -> Iterator[Running]:
        install_missing()
        home = self.dir / "apache"
        port, htaccess_port = free_port(), free_port()
        target = deployment("apache", PREFIX, str(self.site_root), listen=f"127.0.0.1:{port}")
        command, env = self._apache_files(config(target), home, htaccess_port)
        _run_checked([*command, "-t"], env)
        with open(home / "stderr.log", "wb") as err:
            process = subprocess.Popen(
                [*command, "-DFOREGROUND"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=err,
                preexec_fn=die_with_parent,
            )
        _wait_listening(port, process, home / "error.log")
        _wait_listening(htaccess_port, process, home / "error.log")
        try:
            yield Running(
                "apache",
                f"http://127.0.0.1:{port}{PREFIX}",
                process,
                home / "error.log",
                htaccess_url=f"http://127.0.0.1:{htaccess_port}{PREFIX}",
            )
        finally:
            stop(process)

    @contextmanager
    def serve_py(self) -> Iterator[Running]:
        """site_src/tools/serve.py on the same files, for comparison (it picks its own port)."""
        log = self.dir / "serve.log"
        with open(log, "wb") as err:
            process = subprocess.Popen(
                [
                    sys.executable,
                    str(SERVE),
                    "--port",
                    "0",
                    "--prefix",
                    PREFIX,
                    str(self.site_root),
                ],
                stdout=subprocess.PIPE,
                stderr=err,
                preexec_fn=die_with_parent,
            )
        assert process.stdout is not None
        url = process.stdout.readline().decode().strip()
        if not url.startswith("http://127.0.0.1:"):
            stop(process)
            raise RuntimeError(f"serve.py did not start:\n{log.read_text(errors='replace')}")
        try:
            yield Running("serve.py", url, process, log)
        finally:
            stop(process)

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
