import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from hromada.core.errors import ApplicationError
from hromada.core.uploads import DOCUMENTS, IMAGES, clean_upload

SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Taken at Khreshchatyk 1</x:xmpmeta>'
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Comment", "Author"}


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Phone maker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (50.0, 27.0, 1.5),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (30.0, 31.0, 2.5),
        }
    )
    return exif


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def two_colour_photo(width: int = 80, height: int = 40) -> Image.Image:
    """Left half red, right half blue."""
    image = Image.new("RGB", (width, height), "blue")
    image.paste("red", (0, 0, width // 2, height))
    return image


def noisy_jpeg(size: int = 256) -> bytes:
    return encode(Image.effect_noise((size, size), 80).convert("RGB"), "JPEG", quality=95)


def png_claiming_size(width: int, height: int) -> bytes:
    """A real 1×1 PNG whose header says it is width × height (with a valid checksum)."""
    data = bytearray(encode(Image.new("L", (1, 1)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def reopen(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def refusal(data, **kwargs) -> ApplicationError:
    kwargs.setdefault("filename", "upload.jpg")
    with pytest.raises(ApplicationError) as caught:
        clean_upload(data, **kwargs)
    assert caught.value.fields["file"] == [str(caught.value.message)]
    return caught.value


# Metadata --------------------------------------------------------------------------------------------


def test_jpeg_loses_gps_exif_xmp_icc_and_comments():
    photo = encode(
        two_colour_photo(),
        "JPEG",
        exif=camera_exif(),
        icc_profile=SRGB_PROFILE,
        xmp=XMP,
        comment=b"Home address",
    )
    assert reopen(photo).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the fixture really carries GPS

    upload = clean_upload(photo, filename="IMG_0001.JPG")

    cleaned = reopen(upload.content)
    assert cleaned.format == "JPEG"
    assert upload.content_type == "image/jpeg"
    assert upload.extension == "jpg"
    assert len(cleaned.getexif()) == 0
    assert not cleaned.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not METADATA_KEYS & cleaned.info.keys()
    assert b"Khreshchatyk" not in upload.content
    assert b"Home address" not in upload.content


def test_jpeg_comment_is_dropped_without_a_colour_profile_too():
    photo = encode(two_colour_photo(), "JPEG", comment=b"Home address")

    upload = clean_upload(photo, filename="photo.jpg")

    assert "comment" not in reopen(upload.content).info
    assert b"Home address" not in upload.content


@pytest.mark.parametrize("fmt, content_type", [("WEBP", "image/webp"), ("PNG", "image/png")])
def test_png_and_webp_lose_their_metadata_and_keep_their_format(fmt, content_type):
    params = {"exif": camera_exif(), "icc_profile": SRGB_PROFILE}
    if fmt == "PNG":
        text = PngInfo()
        text.add_text("Author", "Olena Petrenko")
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        params["pnginfo"] = text
    else:
        params["xmp"] = XMP
    picture = encode(two_colour_photo(), fmt, **params)

    upload = clean_upload(picture, filename="picture")

    cleaned = reopen(upload.content)
    assert cleaned.format == fmt
    assert upload.content_type == content_type
    assert len(cleaned.getexif()) == 0
    assert not METADATA_KEYS & cleaned.info.keys()
    assert b"Olena" not in upload.content
    assert b"Khreshchatyk" not in upload.content


def test_exif_orientation_is_applied_to_the_pixels():
    # Stored 80×40 with orientation 6: shown turned 90° clockwise, so the red left half ends up on top.
    photo = encode(two_colour_photo(80, 40), "JPEG", exif=camera_exif(orientation=6), quality=95)

    upload = clean_upload(photo, filename="portrait.jpg")

    cleaned = reopen(upload.content).convert("RGB")
    assert (upload.width, upload.height) == (40, 80) == cleaned.size
    top, bottom = cleaned.getpixel((20, 10)), cleaned.getpixel((20, 70))
    assert top[0] > 200 and top[2] < 60  # red
    assert bottom[2] > 200 and bottom[0] < 60  # blue


def test_animated_gif_keeps_its_first_frame_as_a_png():
    frames = [Image.new("P", (30, 30), colour) for colour in (1, 2)]
    gif = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, comment=b"hi")

    upload = clean_upload(gif, filename="animation.gif")

    cleaned = reopen(upload.content)
    assert cleaned.format == "PNG"
    assert getattr(cleaned, "n_frames", 1) == 1
    assert (upload.content_type, upload.extension) == ("image/png", "png")
    assert upload.original_name == "animation.png"


def test_transparency_survives_cleaning():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([0, 0, 0, 255, 0, 0])
    image.paste(1, (0, 0, 10, 20))
    palette_png = encode(image, "PNG", transparency=0)

    upload = clean_upload(palette_png, filename="logo.png")

    cleaned = reopen(upload.content).convert("RGBA")
    assert cleaned.getpixel((15, 5))[3] == 0
    assert cleaned.getpixel((5, 5)) == (255, 0, 0, 255)


def test_cmyk_jpeg_becomes_rgb():
    cmyk = encode(Image.new("CMYK", (10, 10), (0, 255, 255, 0)), "JPEG")

    upload = clean_upload(cmyk, filename="print.jpg")

    assert reopen(upload.content).mode == "RGB"


# What is refused -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, filename",
    [
        (b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>", "photo.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "drawing.svg"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "photo.png"),
        (b"Just some text", "notes.pdf"),
    ],
)
def test_disguised_files_are_refused_whatever_their_name(content, filename):
    error = refusal(content, filename=filename)

    assert error.code == "file_type"


def test_the_name_does_not_decide_the_type():
    png = encode(two_colour_photo(), "PNG")

    upload = clean_upload(png, filename="report.pdf")

    assert (upload.content_type, upload.original_name) == ("image/png", "report.png")


def test_oversize_file_is_refused():
    error = refusal(noisy_jpeg(), max_bytes=1000)

    assert error.code == "file_too_large"


def test_the_size_limit_is_read_from_settings_at_call_time(settings):
    settings.HROMADA_UPLOAD_MAX_BYTES = 100

    assert refusal(PDF_BYTES + b" " * 100, filename="a.pdf").code == "file_too_large"

    settings.HROMADA_UPLOAD_MAX_BYTES = 10_000
    assert clean_upload(PDF_BYTES, filename="a.pdf").content_type == "application/pdf"


def test_an_oversize_stream_is_not_read_to_the_end():
    stream = io.BytesIO(b"%PDF-" + b"x" * 5_000_000)

    refusal(stream, max_bytes=1000, filename="big.pdf")

    assert stream.tell() <= 1001


def test_empty_file_is_refused():
    assert refusal(b"").code == "file_empty"


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_jpeg_is_refused(cut):
    photo = noisy_jpeg()

    error = refusal(photo[: int(len(photo) * cut)])

    assert error.code == "file_damaged"


def test_truncated_png_is_refused():
    png = encode(Image.effect_noise((200, 200), 80), "PNG")

    assert refusal(png[: len(png) // 2], filename="x.png").code == "file_damaged"


def test_png_with_a_broken_checksum_is_refused():
    png = bytearray(encode(Image.effect_noise((50, 50), 80), "PNG"))
    png[40] ^= 0xFF  # inside the first data chunk

    assert refusal(bytes(png), filename="x.png").code == "file_damaged"


@pytest.mark.parametrize("width, height", [(100_000, 100_000), (7_000, 7_000)])
def test_decompression_bombs_are_refused_before_decoding(width, height):
    error = refusal(png_claiming_size(width, height), filename="bomb.png")

    assert error.code == "image_too_large"


def test_an_extremely_long_side_is_refused():
    strip = encode(Image.new("L", (20_000, 1)), "PNG")

    assert refusal(strip, filename="strip.png").code == "image_too_large"


def test_pixel_cap_can_be_tightened_per_call():
    photo = encode(two_colour_photo(80, 40), "PNG")

    assert refusal(photo, filename="x.png", max_pixels=1000).code == "image_too_large"


def test_types_outside_the_allowed_set_are_refused():
    error = refusal(PDF_BYTES, filename="scan.pdf", allowed=IMAGES)

    assert error.code == "file_type"
    assert "PDF" not in str(error.message)
    assert "JPEG" in str(error.message)


def test_unknown_allowed_types_are_a_programming_error():
    with pytest.raises(ValueError):
        clean_upload(PDF_BYTES, filename="a.pdf", allowed=frozenset({"text/html"}))


# Documents -------------------------------------------------------------------------------------------


def test_pdf_is_accepted_as_it_is():
    upload = clean_upload(PDF_BYTES, filename="Рішення сесії.pdf", allowed=DOCUMENTS)

    assert upload.content == PDF_BYTES
    assert (upload.content_type, upload.extension) == ("application/pdf", "pdf")
    assert upload.width is None and upload.height is None
    assert upload.original_name == "Рішення сесії.pdf"


def test_pdf_without_its_end_marker_is_refused():
    assert refusal(PDF_BYTES[:-8], filename="cut.pdf").code == "file_damaged"


# Input forms and names -------------------------------------------------------------------------------


def test_django_uploaded_files_are_read_from_the_start():
    uploaded = SimpleUploadedFile("scan.pdf", PDF_BYTES, content_type="image/jpeg")
    uploaded.read()  # a form may already have looked at it

    upload = clean_upload(uploaded, filename=uploaded.name)

    assert upload.content == PDF_BYTES
    assert upload.content_type == "application/pdf"


@pytest.mark.parametrize(
    "filename, expected",
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\olena\\Заява.PDF", "Заява.pdf"),
        ("invoice\u202egpj.exe", "invoicegpj.pdf"),
        ("  .hidden  ", "hidden.pdf"),
        ("a<b>c:d|e?.pdf", "a_b_c_d_e.pdf"),
        ("", "file.pdf"),
        ("x" * 300 + ".pdf", "x" * 100 + ".pdf"),
        ("line\nbreak\x00.pdf", "linebreak.pdf"),
    ],
)
def test_original_name_is_sanitised_and_gets_the_true_extension(filename, expected):
    assert clean_upload(PDF_BYTES, filename=filename).original_name == expected


def test_as_file_gives_a_django_file_with_the_clean_name():
    upload = clean_upload(PDF_BYTES, filename="a.pdf")

    django_file = upload.as_file()

    assert django_file.name == "a.pdf"
    assert django_file.read() == PDF_BYTES
