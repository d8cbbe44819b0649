"""The wheel carries the app, the embedded store and resources/, and runs from a fresh venv."""
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.fail(result.stdout + result.stderr)
    (found,) = out.glob("sevendigital_browser-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv with only the wheel installed; its dependencies come from the test venv."""
    env_dir = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, timeout=120)
    py = env_dir / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # Dependencies (PySide6 & co.) are reused from this venv by path; the app itself comes only from
    # the wheel (a plain path entry does not activate this venv's editable-install finder).
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, timeout=300, capture_output=True)
    return env_dir


def test_wheel_carries_app_sandbox_and_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "app/main.py" in names
    assert any(n.startswith("app/sandbox/") for n in names)
    assert any(n.endswith("share/sevendigital-browser/resources/icons/net.sevendigitalbrowser.Browser.svg")
               for n in names)
    assert any(n.endswith("share/applications/net.sevendigitalbrowser.Browser.desktop") for n in names)
    assert not any(n.startswith("tests/") for n in names)
    # Every file of resources/ travels (a new folder there needs a line in [tool.setuptools.data-files]).
    shipped = {n.split("/share/sevendigital-browser/", 1)[1] for n in names if "/share/sevendigital-browser/" in n}
    wanted = {str(p.relative_to(ROOT)) for p in (ROOT / "resources").rglob("*")
              if p.is_file() and "hicolor" not in p.parts}
    assert wanted <= shipped, sorted(wanted - shipped)


def _run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(venv / "bin" / "sevendigital-browser"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_installed_app_prints_its_version(venv, tmp_path):
    from app import __version__

    result = _run(venv, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sevendigital-browser {__version__}"


def test_installed_app_finds_its_resources_and_starts(venv, tmp_path):
    code = ("import app, app.settings.paths as p; print(app.__file__); print(p.resources_dir())")
    result = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    module_file, resources = result.stdout.split()
    assert str(venv) in module_file                       # the wheel's copy, not the checkout
    assert Path(resources, "icons", "net.sevendigitalbrowser.Browser.svg").is_file()
    assert str(venv) in resources
    started = _run(venv, "--quit-after", "1500", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
