"""axe-core, at the frontend lockfile's version (Pants' frontend:axe target), run on the page
the browser shows."""

from pathlib import Path

from playwright.sync_api import Page

# Where Pants puts the target's output in the test's sandbox.
AXE_SCRIPT = Path("frontend/axe.min.js")

# One line per violation: the rule, its impact, what it asks for and the first elements it names.
_RUN_AXE = """
async () => {
  const { violations } = await axe.run(document, { resultTypes: ["violations"] });
  return violations.map((violation) =>
    `${violation.id} (${violation.impact}): ${violation.help} — ` +
    violation.nodes.slice(0, 5).map((node) => `${node.target.join(" ")} ${node.failureSummary}`).join(" | "));
}
"""


def load_axe_on_every_document(page: Page) -> None:
    # An init script runs before the page's own and is exempt from its Content-Security-Policy.
    page.add_init_script(path=str(AXE_SCRIPT))


def axe_violations(page: Page) -> list[str]:
    return list(page.evaluate(_RUN_AXE))
