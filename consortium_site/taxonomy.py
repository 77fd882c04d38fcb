"""Seed rows of the shared taxonomies; names are English msgids translated in locale/.

gettext_noop marks them for makemessages; models translate them at display time.
"""

from django.utils.translation import gettext, gettext_noop

SUSTAINABLE_DEVELOPMENT_GOALS = [
    (1, "no-poverty", gettext_noop("No poverty")),
    (2, "zero-hunger", gettext_noop("Zero hunger")),
    (3, "good-health", gettext_noop("Good health and well-being")),
    (4, "quality-education", gettext_noop("Quality education")),
    (5, "gender-equality", gettext_noop("Gender equality")),
    (6, "clean-water", gettext_noop("Clean water and sanitation")),
    (7, "clean-energy", gettext_noop("Affordable and clean energy")),
    (8, "decent-work", gettext_noop("Decent work and economic growth")),
    (9, "industry-innovation", gettext_noop("Industry, innovation and infrastructure")),
    (10, "reduced-inequalities", gettext_noop("Reduced inequalities")),
    (11, "sustainable-cities", gettext_noop("Sustainable cities and communities")),
    (12, "responsible-consumption", gettext_noop("Responsible consumption and production")),
    (13, "climate-action", gettext_noop("Climate action")),
    (14, "life-below-water", gettext_noop("Life below water")),
    (15, "life-on-land", gettext_noop("Life on land")),
    (16, "peace-justice", gettext_noop("Peace, justice and strong institutions")),
    (17, "partnerships", gettext_noop("Partnerships for the goals")),
]

STAFFING_CHALLENGES = [
    ("recruitment", gettext_noop("Recruitment")),
    ("retention", gettext_noop("Retention")),
    ("training", gettext_noop("Training and professional development")),
    ("workload", gettext_noop("Workload")),
    ("pay", gettext_noop("Pay and benefits")),
    ("succession", gettext_noop("Succession planning")),
    ("digital-skills", gettext_noop("Digital skills")),
    ("language-skills", gettext_noop("Language skills")),
    ("restructuring", gettext_noop("Restructuring")),
]

LIBRARY_SERVICES = [
    ("reference", gettext_noop("Reference and enquiry service")),
    ("interlibrary-loan", gettext_noop("Interlibrary loan")),
    ("digitisation", gettext_noop("Digitisation")),
    ("information-literacy", gettext_noop("Information literacy training")),
    ("research-data", gettext_noop("Research data support")),
    ("open-access", gettext_noop("Open access and repository")),
    ("plagiarism-checking", gettext_noop("Plagiarism checking")),
    ("e-resources", gettext_noop("Electronic resources")),
    ("reading-rooms", gettext_noop("Reading rooms")),
    ("accessibility", gettext_noop("Services for readers with disabilities")),
]

COLLECTION_LANGUAGES = [
    ("kk", gettext_noop("Kazakh")),
    ("ru", gettext_noop("Russian")),
    ("en", gettext_noop("English")),
    ("uz", gettext_noop("Uzbek")),
    ("ky", gettext_noop("Kyrgyz")),
    ("tg", gettext_noop("Tajik")),
    ("tk", gettext_noop("Turkmen")),
    ("tr", gettext_noop("Turkish")),
    ("de", gettext_noop("German")),
    ("fr", gettext_noop("French")),
    ("zh", gettext_noop("Chinese")),
    ("ar", gettext_noop("Arabic")),
    ("fa", gettext_noop("Persian")),
]

# Interface names of common theme tags (taggit slugs); other tags show their own name.
THEME_NAMES = {
    "academic-integrity": gettext_noop("Academic integrity"),
    "accessibility": gettext_noop("Accessibility"),
    "cataloguing": gettext_noop("Cataloguing"),
    "digital-skills": gettext_noop("Digital skills"),
    "digitisation": gettext_noop("Digitisation"),
    "information-literacy": gettext_noop("Information literacy"),
    "library-systems": gettext_noop("Library systems"),
    "member": gettext_noop("Member news"),
    "mentoring": gettext_noop("Mentoring"),
    "open-access": gettext_noop("Open access"),
    "outreach": gettext_noop("Outreach"),
    "rare-books": gettext_noop("Rare books"),
    "reading": gettext_noop("Reading"),
    "reading-promotion": gettext_noop("Reading promotion"),
    "recruitment": gettext_noop("Recruitment"),
    "reference-services": gettext_noop("Reference services"),
    "remote-services": gettext_noop("Remote services"),
    "repositories": gettext_noop("Repositories"),
    "research-data": gettext_noop("Research data"),
    "staffing": gettext_noop("Staffing"),
    "succession": gettext_noop("Succession planning"),
}


def theme_display_name(slug, name):
    """A theme's name in the interface language where it is a known theme, else the tag's own `name`."""
    known = THEME_NAMES.get(slug)
    return gettext(known) if known else name
