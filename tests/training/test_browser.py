"""A mentor on a 360×740 phone ticks a trainee's item with a note; the
trainee's progress bar moves."""

import pytest

from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD
from tests.training.factories import make_mentor, make_trainee, manual_items
from training.models import ItemCheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def progress_value(page) -> int:
    return int(page.locator("#training-progress").get_attribute("value"))


def test_mentor_ticks_an_item_with_a_note_and_the_trainee_sees_progress(phone_page):
    mentor = make_mentor(full_name="Ahmad Fauzi")
    enrollment = make_trainee(mentor, full_name="Rahmat Hidayat")
    trainee = enrollment.trainee
    item = manual_items(1)[0]
    page = phone_page

    login(page, trainee.user.username, PASSWORD)
    page.goto(page.base_url + "/belajar/")
    assert progress_value(page) == 0
    page.context.clear_cookies()

    login(page, mentor.user.username, PASSWORD)
    page.goto(page.base_url + "/belajar/murid/")
    assert page.locator("h1").inner_text() == "Murid saya"
    assert not has_horizontal_scroll(page)
    screenshot(page, "training-murid-saya-360")
    page.click(f"text={trainee.full_name}")
    page.wait_for_load_state("domcontentloaded")
    form = page.locator(f"#item-{item.pk} form.tick-form")
    form.locator("textarea[name=note]").fill("HP sudah siap, kuota ada")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "sudah dicentang" in page.locator(".messages").inner_text()
    assert not has_horizontal_scroll(page)
    screenshot(page, "training-ticked-360")
    check = ItemCheck.objects.get(enrollment=enrollment, item=item)
    assert check.note == "HP sudah siap, kuota ada"
    page.context.clear_cookies()

    login(page, trainee.user.username, PASSWORD)
    page.goto(page.base_url + "/belajar/")
    assert progress_value(page) > 0
    assert "HP sudah siap, kuota ada" in page.locator(f"#item-{item.pk}").inner_text()
    assert not has_horizontal_scroll(page)
    screenshot(page, "training-belajar-360")
