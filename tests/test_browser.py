"""JupyterLab in a real browser: notebook 07 runs, its figure and the explorer widget render.

Starts JupyterLab (token auth, 127.0.0.1, a free port, throw-away config / runtime /
settings / workspace folders) on a *copy* of ``notebooks/`` in a temporary folder, so
nothing the browser runs or autosaves touches the committed notebooks; figures go to a
temporary ``ANALYSIS_FIGURES_DIR``. Headless Chromium (Debian's ``chromium``, driven by
Python ``playwright``) opens ``07-explorer.ipynb``, waits for the kernel to be idle, runs
all cells, and checks that an ``<img>`` output and the explorer's dropdowns render and
that choosing another actor in the browser updates the counts. A screenshot is written
to ``build/browser/explorer.png`` (``$ANALYSIS_BUILD_DIR/browser``).

Without chromium or playwright the test skips with how to enable it, except in CI
(``CI=true``), where it fails: ``.ci/run`` installs chromium.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NOTEBOOK = "07-explorer.ipynb"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SETTINGS = {  # JupyterLab user settings for the run: no news toast, every cell in the DOM
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
SERVER_TIMEOUT = 60  # s, for the server to answer /api/status
STEP_TIMEOUT = 45_000  # ms, for any one browser step (page load, idle kernel, outputs)


def _requirements():
    """Skip with instructions (fail in CI) when chromium or playwright is missing."""
    missing = []
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"chromium ({CHROMIUM}): apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright: .venv/bin/pip install playwright (uses the system chromium; "
                       "no `playwright install` needed)")
    if missing:
        msg = "browser test needs " + "; ".join(missing)
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(msg + " (CI must run this test: .ci/run installs chromium)")
        pytest.skip(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(proc, url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"jupyter lab not ready after {SERVER_TIMEOUT} s:\n{log.read_text(errors='replace')[-3000:]}")


def _stop_server(proc, base: str, token: str) -> None:
    if proc.poll() is None:
        try:  # clean shutdown: kernels first, then the server
            req = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST", data=b"")
            urllib.request.urlopen(req, timeout=5).close()
        except OSError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
    try:  # the server ran in its own session: end any kernel it left behind
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@pytest.mark.slow
def test_notebook_07_renders_figure_and_explorer_in_jupyterlab(tmp_path, seeds):
    _requirements()
    from playwright.sync_api import expect, sync_playwright

    from analysis.explorer import explore
    from analysis.framing import lexicon_hits

    t0 = time.monotonic()
    # what the browser must show after switching the actor: computed here, independently of the kernel
    ex = explore(seeds, lexicon_hits(seeds, "actors"), lexicon_hits(seeds, "frames"), n_boot=0)
    sel = ex.selection
    t = ex.table
    same = t[(t.group.astype(str) == sel["group"]) & (t.voice.astype(str) == sel["voice"])
             & (t.frame.astype(str) == sel["frame"]) & (t.actor.astype(str) != sel["actor"])]
    best = same.loc[same.n_pairs.idxmax()]
    other, n_other = str(best.actor), int(best.n_pairs)
    assert n_other == len(ex.lines(actor=other)) > 0
    # a copy of the notebooks: the browser's outputs and autosaves never reach the repo
    nbdir = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", nbdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp_path / "lab-settings"
    for name, value in SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value), encoding="utf-8")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "ANALYSIS_FIGURES_DIR": str(tmp_path / "figures"),
        "ANALYSIS_BUILD_DIR": str(tmp_path / "build"),
    }
    token = secrets.token_hex(16)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={nbdir}",
           "--LabApp.news_url=None"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = tmp_path / "jupyter.log"
    shot = ROOT / "build" / "browser" / "explorer.png"
    if os.environ.get("ANALYSIS_BUILD_DIR"):
        shot = Path(os.environ["ANALYSIS_BUILD_DIR"]) / "browser" / "explorer.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as logf:
        proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=logf, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    browser = None
    try:
        _wait_ready(proc, f"{base}/api/status?token={token}", log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 2200})
            page.set_default_timeout(STEP_TIMEOUT)
            expect.set_options(timeout=STEP_TIMEOUT)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?reset&token={token}", wait_until="domcontentloaded")
            panel = page.locator(".jp-NotebookPanel").filter(has=page.locator(".jp-Notebook"))
            expect(panel.first).to_be_visible()
            # the notebook's own indicator says idle before the kernel connects: wait for the status bar
            expect(page.locator(".jp-StatusBar-Widget").get_by_text(re.compile(r"\|\s*Idle"))).to_be_visible()
            try:
                page.locator(".lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
                page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
                figure = page.locator(".jp-OutputArea-output img")
                expect(figure.first).to_be_visible()
                explorer = page.locator(".analysis-explorer")
                expect(explorer).to_be_visible()
            except Exception:
                page.screenshot(path=str(shot))
                raise
            actor = explorer.locator(".explorer-actor select")
            options = actor.locator("option").all_inner_texts()
            assert {"Russia", "NATO", "Serbia"} <= set(options), options
            expect(explorer.locator("table.explorer-counts")).to_be_visible()
            expect(explorer.locator("table.kwic mark").first).to_be_visible()
            assert figure.first.evaluate("img => img.naturalWidth") > 100
            # a selection made in the browser reaches the kernel and comes back as that cell's counts
            actor.select_option(other)
            expect(explorer.locator(".explorer-selection")).to_contain_text(f"{other} ×")
            first = explorer.locator("table.explorer-counts tbody tr").first.locator("td")
            expect(first.nth(1)).to_have_text(str(n_other))
            expect(explorer.locator("table.kwic caption")).to_have_text(
                f"{min(n_other, 50)} of {n_other} concordance lines")
            explorer.scroll_into_view_if_needed()
            page.locator(".jp-Cell").filter(has=figure.first).first.scroll_into_view_if_needed()
            page.screenshot(path=str(shot))
            assert not [e for e in errors if "widget" in e.lower()], errors
            browser.close()
            browser = None
    finally:
        if browser is not None:
            try:
                browser.close()
            except Exception:
                pass
        _stop_server(proc, base, token)
    assert shot.stat().st_size > 10_000
    # the committed notebook is untouched (no outputs) and the figure went to the temp folder
    assert '"outputs": []' in (ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8")
    assert (tmp_path / "figures" / "07-frame-profile.png").is_file()
    print(f"browser test: {time.monotonic() - t0:.1f} s; screenshot {shot}")
