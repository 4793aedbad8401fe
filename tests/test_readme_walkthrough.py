"""The README's walkthrough, run verbatim (ports aside) against a real `ketenmeldingen serve --demo`.

If this fails, the README tells newcomers something that is not true.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.environment import ROOT, free_port


def _walkthrough_script(port: int, receiver_port: int) -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Walkthrough") : readme.index("## Configuration")]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) >= 8, "the walkthrough lost its steps"
    script = "set -euo pipefail\n" + "\n".join(blocks)
    return script.replace("localhost:8000", f"localhost:{port}").replace("9000", str(receiver_port))


@pytest.mark.skipif(shutil.which("curl") is None, reason="the walkthrough uses curl")
def test_readme_walkthrough_works_verbatim(tmp_path: Path) -> None:
    port, receiver_port = free_port(), free_port()
    env = {
        **os.environ,
        "KETEN_DATABASE_URL": f"sqlite:///{tmp_path / 'ketenmeldingen.db'}",
        "KETEN_PORT": str(port),
        "KETEN_PUBLIEKE_URL": f"http://localhost:{port}",
        "KETEN_WEBHOOK_ALLOW_LOOPBACK": "true",
        "KETEN_WEBHOOK_POLL_INTERVAL_SECONDEN": "0.2",
    }
    exe = str(Path(sys.executable).parent / "ketenmeldingen")
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen([exe, "serve", "--demo"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://localhost:{port}/health/ready", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        result = subprocess.run(
            ["bash", "-c", _walkthrough_script(port, receiver_port)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert re.search(r"^1 nl\.justitiabelen\.detentie\.gestart ", out, re.M)
    assert '"detentie": "WJSG_51C"' in out
    assert '"sociaal_netwerk": "AVG_TOESTEMMING"' in out
    assert '"onderdak": "PBW_18A"' in out
    for who, status in [
        ("demo-bij-zvh-fryslan", 200),
        ("demo-politie", 200),
        ("demo-bij-amsterdam", 404),
        ("demo-gemeente-amsterdam", 404),
    ]:
        assert f"{who}: {status}" in out
    assert '"intact": true' in out
    assert re.search(r"^webhook \S+ nl\.justitiabelen\.detentie\.gestart sequence 1$", out, re.M), out
