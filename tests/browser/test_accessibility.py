"""axe-core scans of every kind of public page, in English, Russian and Kazakh: no serious or critical violation.

axe-core comes from node_modules/ (package.json pins it; `make test-tools`, run by scripts/test.sh, installs it)
and is injected by the test only: the site never loads it. The scan's context ignores the site's CSP, which
would refuse the injected script; every other browser test keeps the CSP check.
"""

import warnings
from pathlib import Path

import pytest

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}

RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
            target: node.target.join(" "),
            html: node.html.slice(0, 160),
            summary: node.failureSummary,
        })),
    }));
}"""


def axe_violations(page):
    """Run axe-core on the page as it is now; returns its violations."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not at {AXE}: run `make test-tools` (scripts/test.sh does it).")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def describe(url, violations):
    lines = []
    for violation in violations:
        lines.append(f"{url}: [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['html']}")
            lines.extend(f"       {line}" for line in (node["summary"] or "").splitlines())
    return lines


def scan_urls(content, language):
    """(name, path) of each kind of public page in `language`."""
    translated = {
        "en": (content.article, content.case_study, content.kaznu),
        "ru": (content.article_ru, content.case_study_ru, content.kaznu_ru),
        "kk": (content.article_kk, content.case_study_kk, content.kaznu_kk),
    }[language]
    article, case_study, profile = translated
    return [
        ("home page", f"/{language}/"),
        ("article", article.url),
        ("case study", case_study.url),
        ("member profile", profile.url),
        ("member directory", f"/{language}/members/"),
        ("listing with filters", f"/{language}/practices/?theme=library-systems&type=article"),
        ("search results", f"/{language}/search/?q=koha"),
    ]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_public_pages_have_no_serious_or_critical_axe_violations(axe_page, site_content, language):
    page = axe_page
    blocking, other = [], []
    for name, path in scan_urls(site_content, language):
        response = page.goto(f"{page.base_url}{path}")
        assert response.status == 200, f"{name} {path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        if name == "search results":
            # Scan the open suggestion list too: its ARIA roles exist only while it is shown.
            box = page.get_by_role("combobox")
            box.fill("")
            box.press_sequentially("catal", delay=20)
            page.get_by_role("option").first.wait_for()
        for violation in axe_violations(page):
            (blocking if violation["impact"] in BLOCKING else other).append(describe(f"{name} {path}", [violation]))
    if other:
        warnings.warn("axe-core, moderate and minor:\n" + "\n".join("\n".join(lines) for lines in other), stacklevel=1)
    assert not blocking, "axe-core found serious or critical violations:\n" + "\n".join(
        line for lines in blocking for line in lines
    )
