"""Couriers the leader ships with, and where a member can track a parcel.

The tracking pages are the couriers' own public pages. Couriers move their
pages now and then, so the links live in the ``TrackingLink`` table, which the
leader edits in admin (seeded from ``TRACKING_URLS`` below by a data
migration). A courier without a row uses the general row (empty courier);
without that, cekresi.com, which tracks every Indonesian courier. Only while
the table is empty (a fresh test database) do the built-in links below apply.
"""

import time
from urllib.parse import quote

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _


class Courier(models.TextChoices):
    JNE = "jne", "JNE"
    JNT = "jnt", "J&T Express"
    SICEPAT = "sicepat", "SiCepat"
    ANTERAJA = "anteraja", "AnterAja"
    POS = "pos", "Pos Indonesia"
    NINJA = "ninja", "Ninja Xpress"
    IDEXPRESS = "idexpress", "ID Express"
    SPX = "spx", "SPX (Shopee Express)"
    LION = "lion", "Lion Parcel"
    TIKI = "tiki", "TIKI"
    WAHANA = "wahana", "Wahana"
    SAP = "sap", "SAP Express"
    JNT_CARGO = "jnt_cargo", "J&T Cargo"
    GOSEND = "gosend", "GoSend"
    GRAB = "grab", "GrabExpress"
    OTHER = "other", _("Other / delivered by hand")


# {resi} is replaced by the URL-quoted tracking number.
TRACKING_URLS = {
    Courier.JNE: "https://www.jne.co.id/tracking-package?resi={resi}",
    Courier.JNT: "https://jet.co.id/track?awb={resi}",
    Courier.SICEPAT: "https://www.sicepat.com/checkAwb?awb={resi}",
    Courier.ANTERAJA: "https://anteraja.id/tracking/{resi}",
    Courier.POS: "https://www.posindonesia.co.id/id/tracking/{resi}",
    Courier.NINJA: "https://www.ninjaxpress.co/id-id/tracking?id={resi}",
    Courier.IDEXPRESS: "https://idexpress.com/lacak-paket/?data={resi}",
    Courier.SPX: "https://spx.co.id/track?{resi}",
    Courier.LION: "https://lionparcel.com/track/stt?q={resi}",
    Courier.TIKI: "https://www.tiki.id/id/track?awb={resi}",
    Courier.WAHANA: "https://www.wahana.com/lacak-kiriman?resi={resi}",
    Courier.SAP: "https://www.sap-express.id/layanan/tracking?awb={resi}",
    Courier.JNT_CARGO: "https://www.jtcargo.id/tracking?awb={resi}",
}
ANY_COURIER_URL = "https://cekresi.com/?noresi={resi}"
TRACKING_LINKS_CACHE_KEY = "orders:tracking-links:v1"


# A list page asks for many links: keep the templates in the process for a few
# seconds instead of asking the shared cache once per order.
_LOCAL_SECONDS = 10.0
_local: dict = {"until": 0.0, "templates": None}


def tracking_templates() -> dict[str, str]:
    """Return {courier: template} from the table ("" = general), cached."""
    now = time.monotonic()
    if _local["templates"] is not None and now < _local["until"]:
        return _local["templates"]
    templates = cache.get(TRACKING_LINKS_CACHE_KEY)
    if templates is None:
        from orders.models import TrackingLink

        templates = dict(TrackingLink.objects.values_list("courier", "url_template"))
        cache.set(TRACKING_LINKS_CACHE_KEY, templates, 300)
    _local.update(until=now + _LOCAL_SECONDS, templates=templates)
    return templates


def forget_local_templates() -> None:
    _local.update(until=0.0, templates=None)


def tracking_url(courier: str, tracking_no: str) -> str:
    """Return the page where this parcel can be tracked, or "" without a resi."""
    resi = (tracking_no or "").strip()
    if not resi:
        return ""
    templates = tracking_templates()
    if templates:
        template = templates.get(courier or "") or templates.get("", ANY_COURIER_URL)
    else:
        template = TRACKING_URLS.get(courier, ANY_COURIER_URL)
    # replace, not str.format: a template typed in admin must not reach
    # format's attribute lookups.
    return template.replace("{resi}", quote(resi, safe=""))


def any_courier_tracking_url(tracking_no: str) -> str:
    """Return cekresi.com's page for the resi (works for every courier)."""
    resi = (tracking_no or "").strip()
    return ANY_COURIER_URL.format(resi=quote(resi, safe="")) if resi else ""
