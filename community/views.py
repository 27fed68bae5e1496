"""Pages of the community app: Beranda, profile, shops, member registration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import services
from community.errors import KongsiError
from community.forms import MemberRegisterForm, ProfileForm, ShopForm
from community.home import home_panels, work_cards_for, work_links_for
from community.roles import is_leader, is_staff_role
from community.selectors import (
    member_for_user,
    member_list,
    notification_list_for,
    shop_list_for,
)


def lockout(request, credentials=None, *args, **kwargs):
    """Shown by django-axes after too many failed logins."""
    html = render_to_string("registration/locked.html", request=request)
    return HttpResponse(html, status=429)


def _form_error(form, error: KongsiError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    """Beranda: the member's start page; later apps add panels to it."""
    member = member_for_user(request.user)
    staff = is_staff_role(request.user)
    if member is None and not staff:
        raise Http404
    # Leader and treasurer start with the day's work (without a Member row,
    # that is all their Beranda holds); members with their panels.
    work = work_cards_for(request.user) if staff else []
    first, panels = [], []
    for panel in home_panels() if member is not None else []:
        context = panel.context(request, member)
        if context is not None:
            shown = {"template": panel.template, "context": context}
            (first if panel.first else panels).append(shown)
    return render(
        request,
        "community/home.html",
        {
            "member": member,
            "is_staff_home": staff,
            "work_cards": work,
            "work_links": work_links_for(request.user) if staff else [],
            "first_panels": first,
            "panels": panels,
            "notifications": notification_list_for(member) if member else [],
        },
    )


@login_required
def profile(request):
    member = member_for_user(request.user)
    if member is None:
        raise Http404
    initial = {
        "full_name": member.full_name,
        "phone": member.phone,
        "village": member.village,
        "occupation": member.occupation,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update_profile(member=member, **form.cleaned_data)
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("community:profile")
    return render(
        request,
        "community/profile.html",
        {"form": form, "member": member, "shops": member.shops.all()},
    )


@login_required
def shop_create(request):
    member = member_for_user(request.user)
    if member is None:
        raise Http404
    form = ShopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_create(member=member, **form.cleaned_data)
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Shop added."))
            return redirect("community:profile")
    return render(request, "community/shop_form.html", {"form": form})


@login_required
def shop_edit(request, pk: int):
    shop = get_object_or_404(shop_list_for(request.user), pk=pk)
    if shop.member != member_for_user(request.user):
        raise Http404
    form = ShopForm(
        request.POST or None,
        initial={"marketplace": shop.marketplace, "name": shop.name, "url": shop.url},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_update(shop=shop, **form.cleaned_data)
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Shop saved."))
            return redirect("community:profile")
    return render(request, "community/shop_form.html", {"form": form, "shop": shop})


@login_required
def member_register(request):
    """The leader registers a new member (who starts as a trainee)."""
    if not is_leader(request.user):
        raise PermissionDenied
    form = MemberRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_register(actor=request.user, **form.cleaned_data)
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered. Send them their username and password.")
                % {"name": member.full_name},
            )
            return redirect("community:member_list")
    return render(request, "community/member_register.html", {"form": form})


@login_required
def member_directory(request):
    if not is_staff_role(request.user):
        raise PermissionDenied
    return render(request, "community/member_list.html", {"members": member_list()})


@login_required
@require_POST
def notifications_read(request):
    member = member_for_user(request.user)
    if member is not None:
        services.notification_mark_read(member=member)
    return redirect("community:home")
