"""ECharts is served from our own static files, exactly the pinned release."""

import base64
import hashlib
import json
from pathlib import Path

from django.contrib.staticfiles import finders

from cuizhai.dashboard.vendor import ECHARTS

VENDOR = Path(__file__).resolve().parents[2] / "cuizhai" / "dashboard" / "vendor"


def test_the_committed_file_is_the_pinned_one():
    path = finders.find(ECHARTS.static_path)
    assert path, ECHARTS.static_path
    digest = base64.b64encode(hashlib.sha384(Path(path).read_bytes()).digest()).decode()
    assert digest == ECHARTS.sha384


def test_the_pin_is_an_exact_version_with_npm_integrity():
    package = json.loads((VENDOR / "package.json").read_text())
    lock = json.loads((VENDOR / "package-lock.json").read_text())
    assert package["dependencies"] == {ECHARTS.package: ECHARTS.version}
    locked = lock["packages"][f"node_modules/{ECHARTS.package}"]
    assert locked["version"] == ECHARTS.version
    assert locked["integrity"] == ECHARTS.tarball_integrity


def test_the_file_says_its_version_and_its_licences_come_with_it():
    path = Path(finders.find(ECHARTS.static_path))
    assert f'version="{ECHARTS.version}"'.encode() in path.read_bytes() or (
        f'"{ECHARTS.version}"'.encode() in path.read_bytes())
    for name in ("LICENSE", "NOTICE", "LICENSE-zrender", "LICENSE-d3"):
        assert (path.parent / name).stat().st_size > 0, name
