"""Pages of the training app: Belajar, Murid saya, Kamus, segmentation, promo."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.errors import KongsiError, NotFoundError, PermissionDeniedError
from community.forms import form_error_text
from community.limits import id_or_none
from community.roles import Role, has_role, is_leader
from community.selectors import member_for_user
from training import selectors, services
from training.forms import (
    CheckForm,
    CompetitorPriceForm,
    GlossarySearchForm,
    PromoSlotForm,
    UncheckForm,
)
from training.models import ChecklistItem, PromoSlot


def _member_or_404(request):
    member = member_for_user(request.user)
    if member is None:
        raise Http404
    return member


def _is_mentor(user) -> bool:
    return has_role(user, Role.MENTOR, Role.LEADER)


@login_required
def path(request):
    """The trainee's own path: stages, items, explanations, progress."""
    member = member_for_user(request.user)
    enrollment = selectors.enrollment_of(member) if member else None
    progress = None
    if enrollment is not None:
        progress = selectors.progress_of(enrollment, selectors.stage_list())
    return render(
        request,
        "training/path.html",
        {
            "member": member,
            "enrollment": enrollment,
            "progress": progress,
            "is_mentor_page_visible": _is_mentor(request.user),
        },
    )


@login_required
def mentor_home(request):
    """Murid saya: each trainee's stage, progress and last activity."""
    if not _is_mentor(request.user):
        raise PermissionDenied
    member = member_for_user(request.user)
    if is_leader(request.user):
        enrollments = selectors.enrollment_queryset().order_by(
            "completed_at", "last_activity_at", "pk"
        )
    elif member is None:
        raise Http404
    else:
        enrollments = selectors.mentor_enrollments(member)
    stages = selectors.stage_list()
    rows = [selectors.progress_of(enrollment, stages) for enrollment in enrollments]
    return render(
        request,
        "training/mentor.html",
        {
            "rows": rows,
            "stalled_count": sum(1 for row in rows if row.is_stalled),
            "stalled_days": _stalled_days(),
        },
    )


def _stalled_days() -> int:
    return settings.KONGSI_STALLED_DAYS


def _trainee_enrollment(request, pk: int):
    """The enrolment for a mentor page: the mentor's or, for the leader, any."""
    enrollment = selectors.enrollment_get_for(request.user, pk)
    member = member_for_user(request.user)
    if not is_leader(request.user) and (
        member is None or enrollment.mentor_id != member.pk
    ):
        # The trainee themselves: their own page is Belajar.
        raise Http404
    return enrollment


@login_required
def trainee_detail(request, pk: int):
    """One trainee for the mentor: tick with a note and photo, untick, history."""
    enrollment = _trainee_enrollment(request, pk)
    progress = selectors.progress_of(enrollment, selectors.stage_list())
    return render(
        request,
        "training/trainee.html",
        {
            "enrollment": enrollment,
            "progress": progress,
            "check_form": CheckForm(),
            "uncheck_form": UncheckForm(),
            "history": selectors.check_history(enrollment)[:30],
        },
    )


def _refuse_own_trainee(request, enrollment) -> None:
    """A trainee never ticks their own checklist: 403 before the form (the
    service's own rule, asked before the form is read)."""
    try:
        services.check_may_tick(enrollment=enrollment, actor=request.user)
    except PermissionDeniedError as error:
        raise PermissionDenied(str(error.message)) from None
    except NotFoundError:
        raise Http404 from None


@login_required
@require_POST
def item_tick(request, pk: int, item_id: int):
    enrollment = selectors.enrollment_get_for(request.user, pk)
    item = get_object_or_404(ChecklistItem, pk=item_id)
    _refuse_own_trainee(request, enrollment)
    form = CheckForm(request.POST, request.FILES)
    target = reverse("training:trainee", args=[enrollment.pk])
    if not form.is_valid():
        messages.error(
            request,
            _("Check the note and the photo.") + " " + form_error_text(form),
        )
        return redirect(f"{target}#item-{item.pk}")
    try:
        services.item_check(
            enrollment=enrollment,
            item=item,
            actor=request.user,
            note=form.cleaned_data["note"],
            evidence=form.cleaned_data["evidence"],
        )
    except KongsiError as error:
        if error.status_code == 404:
            raise Http404 from None
        if error.status_code == 403:
            raise PermissionDenied from None
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("'%(item)s' is ticked.") % {"item": item.title})
    return redirect(f"{target}#item-{item.pk}")


@login_required
@require_POST
def item_untick(request, pk: int, item_id: int):
    enrollment = selectors.enrollment_get_for(request.user, pk)
    item = get_object_or_404(ChecklistItem, pk=item_id)
    _refuse_own_trainee(request, enrollment)
    form = UncheckForm(request.POST)
    target = reverse("training:trainee", args=[enrollment.pk])
    if not form.is_valid() and form.data.get("reason", "").strip():
        # A reason too long: untick nothing (an empty one is the service's).
        messages.error(request, form_error_text(form))
        return redirect(f"{target}#item-{item.pk}")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.item_uncheck(
            enrollment=enrollment, item=item, actor=request.user, reason=reason
        )
    except KongsiError as error:
        if error.status_code == 404:
            raise Http404 from None
        if error.status_code == 403:
            raise PermissionDenied from None
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("The tick of '%(item)s' is taken back.") % {"item": item.title}
        )
    return redirect(f"{target}#item-{item.pk}")


@login_required
def evidence(request, check_id: int):
    """Serve an evidence photo to the trainee, their mentor and the leader."""
    check = selectors.check_get_for(request.user, check_id)
    if not check.evidence:
        raise Http404
    return FileResponse(check.evidence.open("rb"))


@login_required
def glossary(request):
    form = GlossarySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    terms = selectors.glossary_search(query)
    return render(
        request,
        "training/glossary.html",
        {"form": form, "terms": terms, "query": query},
    )


@login_required
def segmentation(request):
    """Stage 4 worksheet: where a category sells, and competitor prices."""
    from catalog.models import Category

    member = _member_or_404(request)
    categories = list(Category.objects.order_by("name"))
    category = None
    wanted = id_or_none(request.GET.get("category") or request.POST.get("category"))
    if wanted is not None:
        category = next((c for c in categories if c.pk == wanted), None)
    form = CompetitorPriceForm(request.POST or None)
    if request.method == "POST" and category is not None and form.is_valid():
        try:
            services.competitor_price_record(
                member=member, category=category, **form.cleaned_data
            )
        except KongsiError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error.message))
        else:
            messages.success(request, _("Competitor price saved."))
            return redirect(
                reverse("training:segmentation") + f"?category={category.pk}"
            )
    spread = None
    prices = []
    if category is not None:
        spread = selectors.segmentation_for_category(category.pk)
        prices = selectors.competitor_prices_for(member, category)
    price_values = [price.price for price in prices]
    return render(
        request,
        "training/segmentation.html",
        {
            "categories": categories,
            "category": category,
            "spread": spread,
            "prices": prices,
            "price_low": min(price_values) if price_values else None,
            "price_high": max(price_values) if price_values else None,
            "form": form,
        },
    )


def _week_start(raw: str | None) -> datetime.date:
    today = timezone.localdate()
    if raw:
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            pass
    return today


@login_required
def promo(request):
    """Stage 3 promo planner: record slots, see the week."""
    member = _member_or_404(request)
    shops = member.shops.all()
    shop_list = list(shops)  # one read for the choices and "has shops"
    form = PromoSlotForm(request.POST or None, shops=shops, shop_list=shop_list)
    if request.method == "POST" and form.is_valid():
        try:
            services.promo_slot_create(member=member, **form.cleaned_data)
        except KongsiError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error.message))
        else:
            messages.success(request, _("Promo saved. We remind you an hour before."))
            return redirect("training:promo")
    start = _week_start(request.GET.get("minggu"))
    return render(
        request,
        "training/promo.html",
        {
            "form": form,
            "has_shops": bool(shop_list),
            "week": selectors.promo_slots_for_week(member, start),
            "start": start,
            "previous_week": start - datetime.timedelta(days=7),
            "next_week": start + datetime.timedelta(days=7),
        },
    )


@login_required
@require_POST
def promo_delete(request, pk: int):
    member = _member_or_404(request)
    slot = get_object_or_404(PromoSlot, pk=pk, member=member)
    services.promo_slot_delete(slot=slot, member=member)
    messages.success(request, _("Promo removed."))
    return redirect("training:promo")


def home_panel_context(request, member) -> dict | None:
    """Beranda panel: the member's own progress, and a mentor's trainees."""
    enrollment = selectors.enrollment_of(member)
    is_mentor = has_role(request.user, Role.MENTOR)
    if enrollment is None and not is_mentor:
        return None
    context = {}
    if enrollment is not None:
        stages = selectors.stage_list(with_terms=False)  # the panel shows no terms
        context["progress"] = selectors.progress_of(enrollment, stages)
    if is_mentor:
        counts = selectors.mentor_counts(member)
        context["trainee_count"] = counts["trainees"]
        context["stalled_count"] = counts["stalled"]
    return context
