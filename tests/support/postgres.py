"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, pg_ctl start on a
free loopback port, stopped and deleted at the end. Skips (with the reason) when PostgreSQL's
server programs are not installed."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_bindir() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(os.path.realpath(initdb)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root, so run the server as 'postgres'.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Yield the URL of a superuser connection to a fresh database ``kcdesk_test``."""
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL server programs (initdb, pg_ctl) are not installed")
    root = Path(tempfile.mkdtemp(prefix="kcdesk-pg-"))
    data = root / "data"
    root.chmod(0o777)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        _as_owner(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "kcdesk",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
        env=env,
    )
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_owner(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                opts,
                "-l",
                str(root / "log.txt"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        subprocess.run(
            [
                str(bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "kcdesk",
                "kcdesk_test",
            ],
            check=True,
            capture_output=True,
            env=env,
        )
        yield f"postgresql+psycopg://kcdesk@127.0.0.1:{port}/kcdesk_test"
    finally:
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            env=env,
        )
        shutil.rmtree(root, ignore_errors=True)


def reset_schema(url: str) -> None:
    """Empty the database between tests (drop and recreate the public schema)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
