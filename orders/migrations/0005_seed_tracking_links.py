"""Seed the tracking-link table with the links the code carried until now."""

from django.db import migrations

# A copy (not an import) of orders.couriers.TRACKING_URLS as of this migration,
# so later edits of the code do not change what the migration did.
LINKS = {
    "jne": "https://www.jne.co.id/tracking-package?resi={resi}",
    "jnt": "https://jet.co.id/track?awb={resi}",
    "sicepat": "https://www.sicepat.com/checkAwb?awb={resi}",
    "anteraja": "https://anteraja.id/tracking/{resi}",
    "pos": "https://www.posindonesia.co.id/id/tracking/{resi}",
    "ninja": "https://www.ninjaxpress.co/id-id/tracking?id={resi}",
    "idexpress": "https://idexpress.com/lacak-paket/?data={resi}",
    "spx": "https://spx.co.id/track?{resi}",
    "lion": "https://lionparcel.com/track/stt?q={resi}",
    "tiki": "https://www.tiki.id/id/track?awb={resi}",
    "wahana": "https://www.wahana.com/lacak-kiriman?resi={resi}",
    "sap": "https://www.sap-express.id/layanan/tracking?awb={resi}",
    "jnt_cargo": "https://www.jtcargo.id/tracking?awb={resi}",
    "": "https://cekresi.com/?noresi={resi}",
}


def seed(apps, schema_editor):
    TrackingLink = apps.get_model("orders", "TrackingLink")
    for courier, template in LINKS.items():
        TrackingLink.objects.get_or_create(
            courier=courier, defaults={"url_template": template}
        )


class Migration(migrations.Migration):
    dependencies = [("orders", "0004_tracking_links_and_unique_resi")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
