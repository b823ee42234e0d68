import os
import subprocess
import urllib.request

from .conftest import REPO, _free_port

SCRIPT = os.path.join(REPO, "scripts", "local-endpoint.sh")


def run(*args, env=None):
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=60, env=env)


def test_start_status_stop(tmp_path):
    import pytest
    if os.path.exists(os.path.join(REPO, "target", "local-endpoint.pid")):
        pytest.skip("an endpoint started by scripts/local-endpoint.sh is running; not touching it")
    port = _free_port()
    r = run("start", "--port", str(port))
    try:
        assert r.returncode == 0, r.stderr
        assert f"export AWS_ENDPOINT_URL=http://127.0.0.1:{port}" in r.stdout
        pid = int(open(os.path.join(REPO, "target", "local-endpoint.pid")).read())
        urllib.request.urlopen(f"http://127.0.0.1:{port}/ha-local/report", timeout=5).read()
        assert run("status", "--port", str(port)).returncode == 0
    finally:
        s = run("stop")
    assert s.returncode == 0, s.stderr
    assert not os.path.exists(os.path.join(REPO, "target", "local-endpoint.pid"))
    try:
        os.kill(pid, 0)
        alive = True
    except OSError:
        alive = False
    assert not alive
    assert run("status", "--port", str(port)).returncode == 3


def test_port_busy_is_reported():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = run("start", "--port", str(port))
    assert r.returncode == 1 and "already in use" in r.stderr
