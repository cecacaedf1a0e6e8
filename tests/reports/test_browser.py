"""The audit page and the dashboard in a real browser (Debian's Chromium + Playwright).

Skipped, with the reason shown, where Chromium or the playwright package is absent.
Screenshots go to tests/_screenshots/ (gitignored) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_helpers import SCREENSHOTS

AS_OF = "2019-01-01"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors, page errors and any dialog."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.problems = []  # type: ignore[attr-defined]
    tab.on("console", lambda m: m.type in ("error", "warning") and tab.problems.append(m.text))
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))

    def dialog(d: Any) -> None:
        tab.problems.append(f"dialog: {d.message}")
        d.dismiss()

    tab.on("dialog", dialog)
    yield tab
    context.close()


def open_file(page: Any, path: Path, shot: str, *, width: int = 1100) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)


def test_audit_page_shows_review_box(cli, reviewed, workspace: Path, page: Any) -> None:
    cli("report", "--all", "--as-of", AS_OF)
    open_file(page, workspace / "reports" / "ketamine.html", "audit.png")
    box = page.locator("aside.review-box")
    assert box.is_visible()
    text = box.inner_text()
    assert text.startswith("Reviewed\n")
    assert "Last updated 8 Aug 2018 (originally 31 Aug 2010)" in text
    assert (
        "Scientifically reviewed by Dana Lee, PhD, scientific advisory board on 8 Aug 2018" in text
    )
    assert "Next review due" in text
    assert page.locator("table.statements tbody tr").count() == len(reviewed["checkworthy"])
    assert page.get_by_role("link", name="doi:10.1126/science.1190287").is_visible()
    assert page.evaluate("document.scripts.length") == 0
    assert page.problems == []


# A wide monospace face stands in for whatever fonts a reader's phone has:
# the page must not depend on this machine's fonts to fit.
@pytest.mark.parametrize("font", [None, "monospace"])
@pytest.mark.parametrize("name", ["ketamine.html", "index.html"])
def test_pages_fit_a_phone(
    cli, reviewed, workspace: Path, page: Any, name: str, font: str | None
) -> None:
    cli("report", "--all", "--as-of", AS_OF)
    open_file(
        page, workspace / "reports" / name, f"phone-{font or 'default'}-{name}.png", width=360
    )
    if font:
        page.add_style_tag(content=f"* {{ font-family: {font} !important; }}")
    if name == "ketamine.html":
        assert page.locator("aside.review-box").is_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.problems == []


def test_dashboard_charts_visible(cli, reviewed, workspace: Path, page: Any) -> None:
    cli("report", "--all", "--as-of", "2019-09-01")
    open_file(page, workspace / "reports" / "index.html", "dashboard.png")
    charts = page.locator("figure.chart svg")
    assert charts.count() >= 6
    for i in range(charts.count()):
        assert charts.nth(i).is_visible()
        assert charts.nth(i).bounding_box()["height"] > 10
    assert "Re-review overdue" in page.locator("figure.chart").nth(1).inner_text()
    page.get_by_role("link", name="How Ketamine Lifts Depression Within Hours").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/ketamine.html")
    assert page.problems == []


def test_print_layout(cli, reviewed, workspace: Path, page: Any) -> None:
    cli("report", "ketamine", "--as-of", AS_OF)
    page.goto((workspace / "reports" / "ketamine.html").as_uri())
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and page.problems == []


def test_hostile_text_runs_no_script(cli, hostile, workspace: Path, page: Any) -> None:
    cli("report", "--all", "--as-of", AS_OF)
    for name in ("evil.html", "index.html"):
        open_file(page, workspace / "reports" / name, f"hostile-{name}.png")
        assert page.evaluate("window.__pwned === undefined")
        assert page.evaluate("document.scripts.length") == 0
        assert page.locator("img, iframe").count() == 0
        if name == "evil.html":  # shown as text, exactly as written
            statements = page.locator("table.statements").inner_text()
            assert "<script>window.__pwned=3</script>" in statements
    assert page.problems == []


def test_badge_snippet_in_a_page(cli, hostile, workspace: Path, page: Any) -> None:
    snippet = cli("badge", "evil", "--format", "html").stdout
    host = workspace / "host.html"
    host.write_text(f"<!doctype html><meta charset=utf-8><title>host</title><body>{snippet}")
    open_file(page, host, "badge.png")
    assert page.evaluate("window.__pwned === undefined")
    assert "Scientifically reviewed by <b>Eve</b>" in page.locator("aside.fc-review").inner_text()
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)"
    )
    assert data["lastReviewed"] == "2018-08-08"
    assert page.problems == []


def _forced(cli: Any) -> None:
    """The example article signed off with one statement of eight checked."""
    article = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"
    cli("reviewer", "add", "drlee", "--name", "Dana Lee", "--credentials", "MD")
    cli("article", "add", str(article), "--slug", "ketamine")
    cli("verdict", "ketamine:2", "supported", "--reviewer", "drlee", "--date", "2018-08-08")
    cli(
        "signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08",
        "--force", "--note", "deadline",
    )  # fmt: skip


# (state, as of, headline, the border colour of its tone)
BOX_STATES = {
    "overdue": ("2020-01-01", "Review overdue since 8 Feb 2019", "rgb(180, 35, 24)"),
    "forced": ("2018-08-09", "Partly reviewed: 1 of 10 statements checked", "rgb(154, 91, 0)"),
}


@pytest.mark.parametrize("state", sorted(BOX_STATES))
def test_box_says_what_the_records_back(
    cli, workspace: Path, page: Any, state: str, request: pytest.FixtureRequest
) -> None:
    as_of, headline, colour = BOX_STATES[state]
    if state == "forced":
        _forced(cli)
    else:
        request.getfixturevalue("reviewed")
    cli("report", "ketamine", "--as-of", as_of)
    open_file(page, workspace / "reports" / "ketamine.html", f"box-{state}.png")
    audit = page.locator("aside.review-box")
    snippet = cli("badge", "ketamine", "--format", "html", "--as-of", as_of).stdout
    host = workspace / "host.html"
    host.write_text(f"<!doctype html><meta charset=utf-8><title>host</title><body>{snippet}")
    lines = audit.inner_text().split("\n")
    lines = [line for line in lines if line]
    assert lines[0] == headline
    assert audit.evaluate("e => getComputedStyle(e).borderLeftColor") == colour
    assert "Reviewed" not in lines and not any(x.startswith("Next review") for x in lines)
    if state == "forced":
        assert "(1 of 10 statements checked)" in lines[1]
        signoffs = page.locator("table.signoffs").inner_text()
        assert "forced" in signoffs and "1 of 10 statements checked" in signoffs
    open_file(page, host, f"badge-{state}.png", width=600)
    badge = page.locator("aside.fc-review")
    assert [x for x in badge.inner_text().split("\n") if x] == lines
    assert badge.evaluate("e => getComputedStyle(e).borderLeftColor") == colour
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)"
    )
    if state == "forced":  # a forced sign-off is not a review to search engines
        assert "lastReviewed" not in data and "reviewedBy" not in data
    else:  # the date of our sign-off, however long ago: never the page's, never today
        assert data["lastReviewed"] == "2018-08-08"
    assert page.problems == []
