import datetime

import factory
import wagtail_factories

from best_practices.models import BestPracticeArticlePage, BestPracticeIndexPage, StaffingCaseStudyPage


class BestPracticeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Best practices"

    class Meta:
        model = BestPracticeIndexPage


class BestPracticeArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Best practice {n}")
    summary = "How one library solved a common problem."
    publication_date = datetime.date(2024, 5, 1)
    countries = ["KZ"]

    class Meta:
        model = BestPracticeArticlePage


class StaffingCaseStudyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Staffing case study {n}")
    summary = "Retaining young librarians with a mentoring scheme."
    publication_date = datetime.date(2024, 6, 1)
    country = "KZ"
    staff_count_before = 40
    staff_count_after = 44
    turnover_before_pct = 18
    turnover_after_pct = 9

    class Meta:
        model = StaffingCaseStudyPage
