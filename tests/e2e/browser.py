"""Debian's Chromium driven by Playwright, and what the tests read from the pages it shows."""

import os
from pathlib import Path
from typing import Protocol

from playwright.sync_api import Page, ViewportSize

# Debian's package; E2E_CHROMIUM names another Chromium-based browser (e.g. on CI hosts without it).
CHROMIUM = os.environ.get("E2E_CHROMIUM") or "/usr/bin/chromium"
# Headless, sandbox-free (the tests may run as root) and quiet: no calls home, no updates.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 812}


def watch(page: Page, *codes: str) -> None:
    """Puts `codes` on the server's watchlist through the API; one already there (another test of
    the module put it there) is fine."""
    for code in codes:
        added = page.request.post("/api/v1/watchlist", data={"code": code})
        assert added.status in (201, 409), added.text()


class OpenPage(Protocol):
    """Opens a page in a fresh browser context (empty localStorage) of the given window size,
    with a touch screen if asked."""

    def __call__(self, viewport: ViewportSize = DESKTOP, touch: bool = False) -> Page: ...


class Finger:
    """One finger on a touch screen, through Chromium's DevTools protocol: Playwright taps but
    does not drag. The page's context needs `has_touch`."""

    def __init__(self, page: Page) -> None:
        self._cdp = page.context.new_cdp_session(page)
        self._at = (0.0, 0.0)

    def _touch(self, kind: str, points: list[dict[str, float]]) -> None:
        self._cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    def down(self, x: float, y: float) -> None:
        self._at = (x, y)
        self._touch("touchStart", [{"x": x, "y": y}])

    def move_to(self, x: float, y: float, steps: int = 10) -> None:
        (x0, y0) = self._at
        for step in range(1, steps + 1):
            self._touch("touchMove", [{"x": x0 + (x - x0) * step / steps, "y": y0 + (y - y0) * step / steps}])
        self._at = (x, y)

    def up(self) -> None:
        self._touch("touchEnd", [])

SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR") or "/tmp/etftool-e2e")

# Pixels of the chart's canvases that are clearly coloured: candles, lines and bars are;
# the white background, the light grid and the slate axis labels are not.
_COLOURED_PIXELS = """
(root) => {
  let coloured = 0;
  for (const canvas of root.querySelectorAll("canvas")) {
    if (canvas.width === 0 || canvas.height === 0) continue;
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
  }
  return coloured;
}
"""

# A drawn series covers thousands of pixels; an empty chart has none.
DRAWN_CHART_PIXELS = 500


PRICE_CHART_RENDER = "etftool:price-chart-render"  # the measure PriceChart.tsx records


def coloured_chart_pixels(page: Page, test_id: str) -> int:
    return int(page.get_by_test_id(test_id).evaluate(_COLOURED_PIXELS))


def wait_for_price_chart_paint(page: Page) -> None:
    """Waits for the price chart's paint with its indicator lines (it first paints without)."""
    # A function, not an expression: Playwright evaluates expressions with eval(), which the
    # page's Content-Security-Policy forbids.
    page.wait_for_function(
        f"() => performance.getEntriesByName({PRICE_CHART_RENDER!r}).some((entry) => entry.detail.indicators)"
    )


def wait_for_drawn_chart(page: Page, test_id: str) -> None:
    """Waits (and fails on timeout) until the chart has painted a series."""
    page.wait_for_function(
        f"(root) => ({_COLOURED_PIXELS})(root) >= {DRAWN_CHART_PIXELS}",
        arg=page.get_by_test_id(test_id).element_handle(),
    )


def save_screenshot(page: Page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.mouse.move(0, 0)  # no chart crosshair or hover state in the picture
    page.screenshot(path=str(path), full_page=True)
    return path


# Every control a finger can tap smaller than 44 × 44 px; a checkbox or radio button is tapped
# through its label.
SMALL_TAP_TARGETS = """
() => [...document.querySelectorAll("a[href], button, select, textarea, input:not([type=hidden])")]
  .filter((control) => control.checkVisibility() && !control.closest(".sr-only"))
  .map((control) => {
    const byLabel = control.matches("[type=checkbox], [type=radio]");
    const box = ((byLabel && control.closest("label")) || control).getBoundingClientRect();
    const [width, height] = [Math.round(box.width), Math.round(box.height)];
    return { html: control.outerHTML.slice(0, 100), width, height };
  })
  .filter(({ width, height }) => width < 44 || height < 44)
  .map(({ html, width, height }) => `${html} is ${width}×${height}`)
"""
