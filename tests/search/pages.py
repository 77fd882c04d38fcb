"""Publishing real pages the way the admin does (revision, then publish), so signals and the queue run."""

import datetime

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from best_practices.models import BestPracticeArticlePage, StaffingCaseStudyPage
from members.models import MemberLibraryPage


def _body(text):
    return [("paragraph", RichText(f"<p>{text}</p>"))] if text else []


def publish_article(parent, title, body="", summary="", themes=(), countries=("KZ",), date=None, live=True):
    page = BestPracticeArticlePage(
        title=title,
        summary=summary,
        body=_body(body),
        countries=list(countries),
        publication_date=date or datetime.date(2024, 5, 1),
        live=False,
    )
    parent.add_child(instance=page)
    if themes:
        page.themes.add(*themes)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def publish_case_study(parent, title, body="", summary="", themes=(), country="UZ", date=None):
    page = StaffingCaseStudyPage(
        title=title,
        summary=summary,
        body=_body(body),
        country=country,
        publication_date=date or datetime.date(2023, 3, 1),
        live=False,
    )
    parent.add_child(instance=page)
    if themes:
        page.themes.add(*themes)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def publish_member_library(parent, title, summary="", country="KG", city="Bishkek"):
    page = MemberLibraryPage(title=title, summary=summary, country=country, city=city, live=False)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def save_draft(page, **changes):
    """A new draft revision of a live page: its text must stay out of search until published."""
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, _body(value) if name == "body" else value)
    return page.save_revision()


def make_private(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
