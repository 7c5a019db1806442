"""Screenshots for the README (run by hand, not by CI): the Superset dashboard and a mart's page
in the Dagster UI (its picture, its preview, its lineage), taken with headless Chromium into
``docs/images/``.

    apt-get install -y chromium                          # the browser (Debian's)
    .venv-bi/bin/pip install -r bi/requirements-screenshots.txt   # Playwright, driving it
    make bi                                              # Superset imported, a run done
    .venv-bi/bin/python -m bi.screenshots [--mart mart_product_segments]

``--mart`` names a mart with a picture (``mart_product_segments``, ``mart_supplier_segments``,
``mart_cost_to_serve_customer_month``).

Superset is logged in as the admin through its login form; the Dagster UI (a webserver on the
data home's instance) needs no login.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from playwright.sync_api import Page, sync_playwright

from bi.server import ADMIN, PROJECT_ROOT, admin_password, free_port, running

IMAGES = PROJECT_ROOT / "docs" / "images"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: the project environment's Python (where Dagster lives)
PROJECT_PYTHON = os.environ.get("CHAINSEG_PYTHON", str(PROJECT_ROOT / ".venv" / "bin" / "python"))
DAGSTER_UI = """
import os, sys
from settings.dbt import prepare_manifest
from settings.paths import export_environment, paths
export_environment(paths().ensure())
prepare_manifest()
webserver = os.path.join(os.path.dirname(sys.executable), "dagster-webserver")
os.execv(webserver, [webserver, "-m", "orchestration.definitions", "-h", "127.0.0.1",
                     "-p", sys.argv[1]])
"""


@contextmanager
def dagster_ui(timeout: float = 180.0) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [PROJECT_PYTHON, "-c", DAGSTER_UI, str(port)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(f"{url}/server_info", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Dagster UI did not start")
            time.sleep(1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _settle(page: Page, seconds: float) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(seconds * 1000)


def superset_dashboard(page: Page, url: str, out: Path) -> None:
    for _ in range(3):  # the login form is a React page: fill it once it has settled
        page.goto(f"{url}/login/")
        _settle(page, 2)
        page.fill("input#username", ADMIN)
        page.fill("input#password", admin_password())
        page.press("input#password", "Enter")
        _settle(page, 2)
        if "/login" not in page.url:
            break
    else:
        raise RuntimeError(f"cannot log in to Superset at {url}")
    page.goto(f"{url}/superset/dashboard/chainseg-segmentation/?standalone=0")
    _settle(page, 8)
    page.screenshot(path=str(out), full_page=True)


def _markdown_keys(page: Page) -> list[str]:
    """The metadata entries of the selected materialisation that Dagster shows as Markdown."""
    rows = page.locator("tr", has_text="[Show Markdown]")
    return [rows.nth(i).locator("td").first.inner_text().strip() for i in range(rows.count())]


def _markdown_shot(page: Page, key: str, out: Path) -> None:
    """A Markdown metadata entry opened in its dialog, once its pictures are drawn."""
    row = page.locator("tr").filter(has=page.get_by_text(key, exact=True))
    row.get_by_text("[Show Markdown]").first.click()
    dialog = page.get_by_role("dialog").first
    dialog.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=dialog] img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    _settle(page, 1)
    page.screenshot(path=str(out), full_page=True)
    dialog.get_by_role("button", name="Close").click()
    dialog.wait_for(state="hidden")


def dagster_asset(page: Page, url: str, mart: str, out: Path) -> None:
    """The mart's asset page: its latest materialisation's picture (``dagster-mart.png``) and
    preview of its first rows (``dagster-mart-events.png``), each opened from the Events tab's
    metadata, and its lineage (``dagster-mart-lineage.png``)."""
    page.goto(f"{url}/assets/{mart}")
    _settle(page, 6)
    if "not found" in page.content().lower():  # asset keys carry a prefix: find it in the catalog
        page.goto(f"{url}/assets?q={mart}")
        _settle(page, 4)
        page.get_by_role("link", name=mart).first.click()
        _settle(page, 6)
    skip = page.get_by_role("button", name="Skip")  # the first-visit community dialog
    if skip.count():
        skip.first.click()
    # the latest materialisation with its metadata (row counts, preview, pictures)
    page.get_by_role("tab", name="Events").first.click()
    _settle(page, 4)
    keys = _markdown_keys(page)
    drawn = [key for key in keys if key != "preview"]
    if not drawn or "preview" not in keys:
        raise RuntimeError(f"{mart}'s latest materialisation has no preview or picture: {keys}")
    _markdown_shot(page, drawn[0], out / "dagster-mart.png")
    _markdown_shot(page, "preview", out / "dagster-mart-events.png")
    page.get_by_role("tab", name="Lineage").first.click()
    _settle(page, 6)
    page.screenshot(path=str(out / "dagster-mart-lineage.png"), full_page=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mart", default="mart_product_segments")
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        with running() as url:
            superset_dashboard(page, url, IMAGES / "superset-dashboard.png")
        with dagster_ui() as url:
            dagster_asset(page, url, args.mart, IMAGES)
        browser.close()
    print(f"screenshots in {IMAGES}")


if __name__ == "__main__":
    main()
