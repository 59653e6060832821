"""The projects app's benchmark cases (``make bench``): its summary, its heaviest lists at
the first and a deep page, with the filters a summary links to and a search, its
exports, its admin pages and the longest history and workflow log."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from cuizhai.core.base.api.pagination import encode_cursor, keyset_ordering
from cuizhai.core.base.bench import Case, summary_cases
from projects.models import MonthlyProgress, Project, ProjectProblem


def api(name, namespace="projects-api", **params):
    url = reverse(f"{namespace}:{name}")
    return f"{url}?{urlencode(params)}" if params else url


def admin(name, *args, **params):
    url = reverse(f"admin:projects_{name}", args=args)
    return f"{url}?{urlencode(params)}" if params else url


def deep(model):
    """An offset halfway through the table, rounded to a page of 50."""
    return model.objects.count() // 100 * 50


def cursor_at(queryset, row):
    """The ``?cursor=`` a client walking every page of ``queryset`` (in the list's order)
    holds after ``row`` rows."""
    names = [name for name, _field in keyset_ordering(queryset)]
    values = queryset.order_by(*names).values_list(*[n.lstrip("-") for n in names])[row - 1]
    return encode_cursor(names, values)


def cases():
    year = timezone.localdate().year - 1  # the last whole year
    heavy_project = Project.objects.order_by("-version").values_list("pk", flat=True).first()
    heavy_problem = (ProjectProblem.objects.order_by("-version")
                     .values_list("pk", flat=True).first())
    busiest = (MonthlyProgress.objects.values("project").annotate(n=Count("pk"))
               .order_by("-n").values_list("project", flat=True).first())
    projects_deep, problems_deep = deep(Project), deep(ProjectProblem)
    progress_deep = deep(MonthlyProgress)
    middle_page = max(1, Project.objects.count() // 100)  # the admin shows 50 a page
    return [
        *summary_cases(f"projects summary {year}", api("summary", year=year)),
        Case("projects list, first 50", api("project-list", limit=50)),
        Case(f"projects list, 50 at offset {projects_deep:,}",
             api("project-list", limit=50, offset=projects_deep)),
        Case(f"projects list, 50 by cursor after row {projects_deep:,}",
             api("project-list", limit=50,
                 cursor=cursor_at(Project.objects.order_by("code"), projects_deep))),
        Case("projects list, first 1000", api("project-list", limit=1000)),
        Case("projects ?status=construction, first 50",
             api("project-list", status="construction", limit=50)),
        Case("projects ?q=黄河 (search), first 50", api("project-list", q="黄河", limit=50)),
        Case("problems list, first 50", api("projectproblem-list", limit=50)),
        Case(f"problems list, 50 at offset {problems_deep:,}",
             api("projectproblem-list", limit=50, offset=problems_deep)),
        Case("problems ?is_open=true, first 1000",
             api("projectproblem-list", is_open="true", limit=1000)),
        Case("progress list, first 50", api("monthlyprogress-list", limit=50)),
        Case(f"progress list, 50 at offset {progress_deep:,}",
             api("monthlyprogress-list", limit=50, offset=progress_deep)),
        Case(f"progress list, 50 by cursor after row {progress_deep:,}",
             api("monthlyprogress-list", limit=50,
                 cursor=cursor_at(MonthlyProgress.objects.order_by("-year", "-month", "pk"),
                                  progress_deep))),
        Case(f"progress ?year={year}, first 50",
             api("monthlyprogress-list", year=year, limit=50)),
        Case("visits list, first 50", api("visit-list", limit=50)),
        Case("needs list, first 50", api("enterpriseneed-list", limit=50)),
        Case("enterprises list, first 50", api("enterprise-list", namespace="core-api", limit=50)),
        Case("support outcomes list, first 50", api("supportoutcome-list", limit=50)),
        Case(f"history of a project saved {Project.objects.get(pk=heavy_project).version:,} "
             "times", reverse("projects-api:project-history", args=[heavy_project])),
        Case(f"transitions of a problem with "
             f"{ProjectProblem.objects.get(pk=heavy_problem).transitions.count():,} steps",
             reverse("projects-api:projectproblem-transitions", args=[heavy_problem])),
        Case("admin project changelist", admin("project_changelist")),
        Case(f"admin project changelist, page {middle_page:,}",
             admin("project_changelist", p=middle_page)),
        Case("admin problem changelist", admin("projectproblem_changelist")),
        Case("admin progress changelist", admin("monthlyprogress_changelist")),
        Case("admin visit changelist", admin("visit_changelist")),
        Case("admin project change form (most progress rows)",
             admin("project_change", busiest)),
        Case("CSV export, all projects", api("project-list", format="csv"), export="csv"),
        Case("CSV export, projects ?status=construction",
             api("project-list", status="construction", format="csv"), export="csv"),
        Case("XLSX export, projects ?status=construction",
             api("project-list", status="construction", format="xlsx"), export="xlsx"),
        Case(f"CSV export, progress ?year={year}",
             api("monthlyprogress-list", year=year, format="csv"), export="csv"),
        Case("XLSX export, all projects", api("project-list", format="xlsx"), export="xlsx"),
        Case("CSV export, all progress rows", api("monthlyprogress-list", format="csv"),
             export="csv"),
        Case("XLSX export, all progress rows", api("monthlyprogress-list", format="xlsx"),
             export="xlsx"),
        Case("CSV export, all problems", api("projectproblem-list", format="csv"),
             export="csv"),
    ]
