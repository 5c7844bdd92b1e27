"""Staff blur a rectangle of a photo (a face, a licence plate) before publishing it: the region loses its
detail, the rest stays, the unblurred file is gone, only the report's handlers may do it."""

import io
import random

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase
from PIL import Image, ImageStat

from hromada.core.errors import ApplicationError, PermissionDeniedError
from hromada.opencity import actions, blur
from hromada.opencity.models import Photo, Update
from tests.factories import UserFactory

from .factories import make_city, make_report, member_of


def _noise_png(size=(80, 60), seed=7) -> bytes:
    """A picture of random pixels: full of detail everywhere, so blurring shows in the numbers."""
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    image.putdata(
        [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size[0] * size[1])]
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _spread(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    return max(ImageStat.Stat(image.crop(box).convert("L")).stddev)


@pytest.fixture
def city(hromada):
    return make_city(hromada)


def test_the_box_loses_its_detail_and_the_rest_is_untouched():
    image = Image.open(io.BytesIO(_noise_png())).convert("RGB")
    box = blur.Box(left=0.25, top=0.5, width=0.5, height=0.5)  # pixels 20–60 × 30–60

    blurred = blur.blur_box(image, box)

    assert box.pixels(image.size) == (20, 30, 60, 60)
    assert _spread(image, (20, 30, 60, 60)) > 40 and _spread(blurred, (20, 30, 60, 60)) < 15
    assert blurred.crop((0, 0, 80, 30)).tobytes() == image.crop((0, 0, 80, 30)).tobytes()
    assert blurred.crop((0, 30, 20, 60)).tobytes() == image.crop((0, 30, 20, 60)).tobytes()


def test_a_box_outside_the_picture_or_too_small_is_refused():
    image = Image.new("RGB", (80, 60))
    for bad in (
        blur.Box(0.6, 0, 0.5, 0.5),  # past the right edge
        blur.Box(0, 0, 0, 0.5),  # no width
        blur.Box(-0.1, 0, 0.5, 0.5),
    ):
        assert not bad.is_valid()
        with pytest.raises(ValueError):
            blur.blur_box(image, bad)
    with pytest.raises(ValueError):
        blur.blur_box(image, blur.Box(0, 0, 0.01, 0.01))  # under a pixel


def test_staff_blur_a_photo_and_the_unblurred_file_is_deleted(hromada, city):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"], photos=[(_noise_png(), "plate.png")])
    photo = report.photos.get()
    old_name = photo.image.name
    before = Image.open(photo.image.open("rb")).convert("RGB")

    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.report_photo_blur(photo=photo, by=staff, left=0.25, top=0.5, width=0.5, height=0.5)

    photo.refresh_from_db()
    assert photo.image.name != old_name and not default_storage.exists(old_name)
    after = Image.open(photo.image.open("rb")).convert("RGB")
    assert after.size == before.size == (photo.width, photo.height)
    assert _spread(after, (22, 32, 58, 58)) < 15 < _spread(before, (22, 32, 58, 58))
    assert _spread(after, (0, 0, 80, 28)) > 40  # the rest keeps its detail
    assert not photo.is_public  # blurring does not publish
    note = report.updates.filter(kind=Update.Kind.INTERNAL).last()
    assert note is not None and note.author == staff


def test_only_the_reports_handlers_blur_and_a_bad_box_changes_nothing(hromada, city):
    report = make_report(hromada, city["category"], photos=[(_noise_png(), "face.png")])
    photo = report.photos.get()
    name = photo.image.name
    with pytest.raises(PermissionDeniedError):
        actions.report_photo_blur(photo=photo, by=report.reporter, left=0, top=0, width=0.5, height=0.5)
    with pytest.raises(PermissionDeniedError):
        actions.report_photo_blur(
            photo=photo, by=UserFactory(hromada=hromada), left=0, top=0, width=0.5, height=0.5
        )
    staff = member_of(city["roads"])
    with pytest.raises(ApplicationError) as outside:
        actions.report_photo_blur(photo=photo, by=staff, left=0.8, top=0, width=0.5, height=0.5)
    assert outside.value.code == "box_invalid"
    with pytest.raises(ApplicationError) as tiny:
        actions.report_photo_blur(photo=photo, by=staff, left=0, top=0, width=0.01, height=0.01)
    assert tiny.value.code == "box_too_small"
    assert Photo.objects.get(pk=photo.pk).image.name == name


def test_the_report_page_offers_the_tool_to_staff_and_keeps_bad_input(client, hromada, city):
    report = make_report(hromada, city["category"], photos=[(_noise_png(), "plate.png")])
    photo = report.photos.get()
    url = f"/city/{report.pk}/"
    client.force_login(report.reporter)
    assert "blur-picker" not in client.get(url).content.decode()
    assert client.post(f"/city/{report.pk}/photos/{photo.pk}/blur/", {}).status_code == 403

    client.force_login(member_of(city["roads"]))
    page = client.get(url).content.decode()
    assert f'data-blur-for="blur-{photo.pk}"' in page and "photo-blur.js" in page
    field = f"blur-{photo.pk}"
    bad = client.post(
        f"/city/{report.pk}/photos/{photo.pk}/blur/",
        {f"{field}-left": "70", f"{field}-top": "10", f"{field}-width": "40", f"{field}-height": "20"},
    )
    assert bad.status_code == 400
    assert 'value="70"' in bad.content.decode() and 'value="40"' in bad.content.decode()
    done = client.post(
        f"/city/{report.pk}/photos/{photo.pk}/blur/",
        {f"{field}-left": "25", f"{field}-top": "50", f"{field}-width": "50", f"{field}-height": "50"},
    )
    assert done.status_code == 302 and done["Location"].endswith(f"#photo-{photo.pk}")
    assert Photo.objects.get(pk=photo.pk).image.name != photo.image.name
    client.logout()
    assert client.get(f"/city/{report.pk}/photos/{photo.pk}/").status_code == 404  # still unpublished
