from __future__ import annotations

import json
import mimetypes

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hromada.accounts.actions import (
    api_token_create,
    api_token_revoke,
    email_verification_send,
    phone_verification_send,
    phone_verify,
    user_cancel_deletion,
    user_request_deletion,
    user_update_profile,
)
from hromada.accounts.models import VerificationLevel
from hromada.accounts.oidc import oidc_providers
from hromada.accounts.permissions import can_verify_in_person
from hromada.accounts.selectors import api_tokens_of, verifications_of
from hromada.core import ratelimit
from hromada.core.actions import notification_mark_read
from hromada.core.forms import form_within_limit, run_form_action
from hromada.core.http import HromadaRequest
from hromada.core.ids import parse_id
from hromada.core.notifications import localized_path, notification_text
from hromada.core.pagination import paginate
from hromada.core.personal_data import personal_data_export
from hromada.core.registry import cabinet_sections, personal_data_sections, search_sources
from hromada.core.selectors import notifications_for, unread_notification_count
from hromada.territory.models import Institution
from hromada.territory.selectors import institution_get, institutions_search

from .forms import DeletionForm, InstitutionFilterForm, PhoneCodeForm, ProfileForm, SiteSearchForm, TokenForm
from .models import Statement
from .selectors import (
    article_get,
    articles_published,
    help_page_get,
    help_pages,
    search_source,
    site_appearance,
    site_search,
    statement_get,
)


def home(request: HromadaRequest) -> HttpResponse:
    hromada = request.hromada
    articles = list(articles_published(hromada=hromada)[:6])
    return render(
        request,
        "portal/home.html",
        {
            "articles": articles,
            "institution_count": Institution.objects.filter(hromada=hromada, is_active=True).count(),
        },
    )


def institutions(request: HromadaRequest) -> HttpResponse:
    form = InstitutionFilterForm(request.GET or None, hromada=request.hromada)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = institutions_search(
        hromada=request.hromada,
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        district_id=filters["district"].pk if filters.get("district") else None,
    )
    page, query_string = paginate(request, queryset, per_page=20)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "query_string": query_string,
        "filter_query": params.urlencode(),
    }
    template = "portal/_institution_results.html" if request.htmx else "portal/institutions.html"
    return render(request, template, context)


def institution_detail(request: HromadaRequest, institution_id: int) -> HttpResponse:
    institution = institution_get(hromada=request.hromada, institution_id=institution_id)
    if institution is None:
        raise Http404
    return render(request, "portal/institution.html", {"institution": institution})


def news(request: HromadaRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "")[:200]
    page, query_string = paginate(
        request, articles_published(hromada=request.hromada, kind=kind, query=query), per_page=10
    )
    return render(
        request,
        "portal/news.html",
        {"page_obj": page, "query_string": query_string, "kind": kind, "query": query},
    )


def search(request: HromadaRequest) -> HttpResponse:
    """The site search: every kind of content grouped, or one kind page by page (``type``)."""
    sources = search_sources()
    form = SiteSearchForm(request.GET if "q" in request.GET else None, sources=sources)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        source = search_source(form.cleaned_data["type"])
        context["query"] = query
        if source is None:
            context["groups"] = site_search(hromada=request.hromada, query=query)
        else:
            page, query_string = paginate(
                request, source.find(hromada=request.hromada, query=query), per_page=20
            )
            context |= {
                "source": source,
                "page_obj": page,
                "query_string": query_string,
                "hits": [source.hit(row) for row in page.object_list],
                "more_url": source.more_url(query) if source.more_url else None,
            }
    return render(request, "portal/search.html", context)


def article(request: HromadaRequest, slug: str) -> HttpResponse:
    item = article_get(hromada=request.hromada, slug=slug)
    if item is None:
        raise Http404
    return render(request, "portal/article.html", {"article": item})


def help_index(request: HromadaRequest) -> HttpResponse:
    # One place for help: with the help centre installed, its index lists these pages too.
    if apps.is_installed("hromada.help"):
        return redirect("help:index")
    return render(
        request,
        "portal/help.html",
        {"pages": help_pages(hromada=request.hromada)},
    )


def help_page(request: HromadaRequest, slug: str) -> HttpResponse:
    page = help_page_get(hromada=request.hromada, slug=slug)
    if page is None:
        raise Http404
    return render(request, "portal/help_page.html", {"page": page})


def _identity_providers() -> list[dict[str, str]]:
    return [{"key": p.key, "name": p.name} for p in oidc_providers().values()]


def _cabinet(request: HromadaRequest, template: str, context: dict, current: str) -> HttpResponse:
    sections = cabinet_sections()
    context.update({"sections": sections, "current_section": current})
    return render(request, template, context)


@login_required
def cabinet(request: HromadaRequest) -> HttpResponse:
    user = request.user
    overview = [(s, s.summary(request) if s.summary else None) for s in cabinet_sections()]
    return _cabinet(
        request,
        "portal/cabinet.html",
        {
            "overview": overview,
            "unread": unread_notification_count(recipient=user),
            "needs_verification": user.verification_level < VerificationLevel.STRONG,
        },
        "overview",
    )


@login_required
def profile(request: HromadaRequest) -> HttpResponse:
    user = request.user
    initial = {
        "full_name": user.full_name,
        "birth_date": user.birth_date,
        "phone": user.phone or "",
        "registered_address": user.registered_address,
        "district": user.district,
        "preferred_language": user.preferred_language,
        "notification_email": user.notification_email,
    }
    hromada = user.hromada or request.hromada
    form = ProfileForm(request.POST or None, initial=initial, hromada=hromada)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_within_limit(request, form, "profile", limit=20, window=60)
    ):
        data = form.cleaned_data
        saved = run_form_action(
            form,
            user_update_profile,
            user=user,
            full_name=data["full_name"],
            birth_date=data["birth_date"],
            registered_address=data["registered_address"],
            district=data["district"],
            phone=data["phone"],
            preferred_language=data["preferred_language"],
            notification_email=data["notification_email"],
        )
        if saved is not None:
            messages.success(request, _("Your profile is saved."))
            return redirect("portal:profile")
    return _cabinet(request, "portal/profile.html", {"form": form}, "profile")


@never_cache
@login_required
def verification(request: HromadaRequest) -> HttpResponse:
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    phone_form = PhoneCodeForm(request.POST if action == "verify_phone" else None)
    if action == "send_email":
        ratelimit.check(request, "verify-email", limit=3, window=3600)
        email_verification_send(user=user, hromada=request.hromada, base_url=request.build_absolute_uri("/"))
        messages.success(request, _("We sent a confirmation link to %(email)s.") % {"email": user.email})
        return redirect("portal:verification")
    if action == "send_phone":
        ratelimit.check(request, "verify-phone", limit=3, window=3600)
        phone_verification_send(user=user)
        messages.success(request, _("We sent a code to %(phone)s.") % {"phone": user.phone})
        return redirect("portal:verification")
    if (
        action == "verify_phone"
        and phone_form.is_valid()
        and form_within_limit(request, phone_form, "verify-phone-code", limit=10, window=600)
        and run_form_action(phone_form, phone_verify, user=user, code=phone_form.cleaned_data["code"])
        is not None
    ):
        messages.success(request, _("Your phone number is confirmed."))
        return redirect("portal:verification")
    return _cabinet(
        request,
        "portal/verification.html",
        {
            "records": verifications_of(user=user),
            "providers": _identity_providers(),
            "levels": VerificationLevel,
            "phone_form": phone_form,
            "phone_confirmed": verifications_of(user=user).filter(method="phone_code").exists(),
            "can_verify_others": can_verify_in_person(user, request.hromada),
        },
        "verification",
    )


@login_required
def notifications(request: HromadaRequest) -> HttpResponse:
    if request.method == "POST":
        raw_id = request.POST.get("notification")
        notification_mark_read(recipient=request.user, notification_id=parse_id(raw_id))
        return redirect("portal:notifications")
    page, query_string = paginate(request, notifications_for(recipient=request.user), per_page=20)
    language = get_language()
    shown = [
        (n, notification_text(n, language=language), n.url and localized_path(n.url, language)) for n in page
    ]
    return _cabinet(
        request,
        "portal/notifications.html",
        {"page_obj": page, "shown": shown, "query_string": query_string},
        "notifications",
    )


@never_cache
@login_required
def tokens(request: HromadaRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if (
        request.method == "POST"
        and form.is_valid()
        and form_within_limit(request, form, "tokens", limit=10, window=3600)
    ):
        expires_at = form.cleaned_data["expires_at"]
        created = run_form_action(
            form,
            api_token_create,
            user=request.user,
            name=form.cleaned_data["name"],
            expires_at=expires_at,
            second_factor_passed=request.user.is_verified(),
        )
        if created is not None:
            new_secret = created[1]
            form = TokenForm()
    return _cabinet(
        request,
        "portal/tokens.html",
        {
            "form": form,
            "tokens": api_tokens_of(user=request.user),
            "new_secret": new_secret,
            "now": timezone.now(),
        },
        "tokens",
    )


@login_required
@require_POST
def token_revoke(request: HromadaRequest, token_id: int) -> HttpResponse:
    token = api_token_revoke(user=request.user, token_id=token_id)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("portal:tokens")


@login_required
def privacy(request: HromadaRequest) -> HttpResponse:
    form = DeletionForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            user_cancel_deletion(user=request.user)
            messages.success(request, _("Your deletion request is cancelled."))
            return redirect("portal:privacy")
        if form.is_valid():
            user_request_deletion(user=request.user)
            messages.success(request, _("Your deletion request is registered."))
            return redirect("portal:privacy")
    sections = [str(section.title) for section in personal_data_sections()]
    return _cabinet(request, "portal/privacy.html", {"form": form, "data_sections": sections}, "privacy")


@never_cache
@login_required
def privacy_export(request: HromadaRequest) -> HttpResponse:
    data = personal_data_export(person=request.user, language=get_language())
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-hromada-data.json"'
    return response


@require_GET
def brand_css(request: HromadaRequest) -> HttpResponse:
    """The hromada's colours as CSS variables (the pages' stylesheet uses them; no inline styles)."""
    appearance = site_appearance(hromada=request.hromada)
    css = f":root {{ --brand: {appearance.brand_colour}; --brand-ink: {appearance.brand_ink}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def emblem(request: HromadaRequest) -> FileResponse:
    """The hromada's coat of arms or logo (re-encoded on upload)."""
    appearance = site_appearance(hromada=request.hromada)
    if not appearance.emblem:
        raise Http404
    content_type = mimetypes.guess_type(appearance.emblem.name)[0] or "application/octet-stream"
    response = FileResponse(appearance.emblem.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def statement(request: HromadaRequest, kind: str) -> HttpResponse:
    """The privacy notice, terms of use or accessibility statement: the hromada's own text, or the
    built-in one filled with the hromada's name and contacts."""
    if kind not in Statement.Kind.values:
        raise Http404
    own = statement_get(hromada=request.hromada, kind=kind)
    language = get_language() or "uk"
    default = select_template(
        [f"portal/statements/{kind}.{language}.html", f"portal/statements/{kind}.uk.html"]
    )
    return render(
        request,
        "portal/statement.html",
        {
            "kind": kind,
            "title": Statement.Kind(kind).label,
            "statement": own,
            "default_template": default.template.name,
        },
    )
