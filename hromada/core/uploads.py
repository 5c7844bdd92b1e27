"""Upload policy: what the platform accepts from people, and how a file is cleaned before it is stored.

- The type is sniffed from the content (magic bytes); the file name and the client's content type are
  never trusted.
- Images (JPEG, PNG, WebP, GIF) are decoded and re-encoded with Pillow: EXIF orientation is applied, colours
  are converted to sRGB, and nothing else survives — no EXIF (GPS!), XMP, ICC profile or comments. A GIF
  keeps its first frame and becomes a PNG; animated PNG and WebP keep their first frame too.
- The pixel count and the sides are capped before decoding (decompression bombs).
- PDF documents are stored as they are, so they must be served as downloads (`Content-Disposition:
  attachment`; `X-Content-Type-Options: nosniff` is on for the whole site).
- Everything else is refused with an ApplicationError on the "file" field.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from dataclasses import dataclass
from typing import IO, NoReturn

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from .errors import ApplicationError

logger = logging.getLogger(__name__)

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
GIF = "image/gif"
PDF = "application/pdf"

IMAGES = frozenset({JPEG, PNG, WEBP, GIF})
DOCUMENTS = frozenset({PDF})

MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000
JPEG_QUALITY = 85
WEBP_QUALITY = 85
_NAME_LENGTH = 100
_PDF_TAIL = 1024  # readers look for %%EOF within the last kilobyte
_UNSAFE_IN_NAMES = str.maketrans(dict.fromkeys('<>:"/\\|?*', "_"))


@dataclass(frozen=True)
class _Kind:
    label: str
    pillow_format: str | None  # how to decode; None for documents kept as they are
    stored_type: str
    extension: str


_KINDS = {
    JPEG: _Kind("JPEG", "JPEG", JPEG, "jpg"),
    PNG: _Kind("PNG", "PNG", PNG, "png"),
    WEBP: _Kind("WebP", "WEBP", WEBP, "webp"),
    GIF: _Kind("GIF", "GIF", PNG, "png"),
    PDF: _Kind("PDF", None, PDF, "pdf"),
}


@dataclass(frozen=True)
class CleanUpload:
    """A file that passed the policy: the bytes to store and what they are."""

    content: bytes
    content_type: str
    extension: str
    original_name: str
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)

    def as_file(self) -> ContentFile:
        """For `FileField.save(name, upload.as_file())`; storage picks the final name."""
        return ContentFile(self.content, name=self.original_name)


def clean_upload(
    data: bytes | IO[bytes],
    *,
    filename: str,
    max_bytes: int | None = None,
    allowed: frozenset[str] = IMAGES | DOCUMENTS,
    max_pixels: int = MAX_PIXELS,
    max_side: int = MAX_SIDE,
) -> CleanUpload:
    """Check and clean one uploaded file, or raise ApplicationError(fields={"file": [...]}) saying why not.

    `data` is the content or a binary file (e.g. a Django UploadedFile, read from its start). `max_bytes`
    defaults to settings.HROMADA_UPLOAD_MAX_BYTES; `allowed` is a set of content types from IMAGES and
    DOCUMENTS.
    """
    unknown = allowed - _KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown upload types: {sorted(unknown)}.")
    limit = settings.HROMADA_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    content = _read(data, limit)
    if not content:
        _refuse(_("The file is empty."), "file_empty")
    if len(content) > limit:
        _refuse(
            _("The file is too large: the limit is %(limit)s.") % {"limit": filesizeformat(limit)},
            "file_too_large",
        )
    content_type = _sniff(content)
    if content_type is None or content_type not in allowed:
        accepted = ", ".join(sorted({_KINDS[t].label for t in allowed}))
        _refuse(
            _("This type of file is not accepted. Accepted types: %(types)s.") % {"types": accepted},
            "file_type",
        )
    kind = _KINDS[content_type]
    name = _safe_name(filename, kind.extension)
    if kind.pillow_format is None:
        if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-_PDF_TAIL:]:
            _refuse(_("The PDF file is damaged or incomplete."), "file_damaged")
        return CleanUpload(
            content=content, content_type=kind.stored_type, extension=kind.extension, original_name=name
        )
    image_bytes, width, height = _reencode(content, kind, max_pixels=max_pixels, max_side=max_side)
    return CleanUpload(
        content=image_bytes,
        content_type=kind.stored_type,
        extension=kind.extension,
        original_name=name,
        width=width,
        height=height,
    )


def _refuse(message: str, code: str) -> NoReturn:
    raise ApplicationError(message, code=code, fields={"file": [message]})


def _read(data: bytes | IO[bytes], limit: int) -> bytes:
    """The content, or its first limit + 1 bytes when it is longer (enough to know it is too long)."""
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    if hasattr(data, "seek"):
        data.seek(0)
    chunks = []
    remaining = limit + 1
    while remaining > 0:
        chunk = data.read(min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _sniff(content: bytes) -> str | None:
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content.startswith(b"%PDF-"):
        return PDF
    return None


def _too_many_pixels(max_pixels: int, max_side: int) -> NoReturn:
    _refuse(
        _("The image is too large: at most %(megapixels)s megapixels and %(side)s pixels on each side.")
        % {"megapixels": max_pixels // 1_000_000, "side": max_side},
        "image_too_large",
    )


def _reencode(content: bytes, kind: _Kind, *, max_pixels: int, max_side: int) -> tuple[bytes, int, int]:
    """Decode the first frame and save it again in a fresh image, without any metadata."""
    assert kind.pillow_format is not None
    formats = [kind.pillow_format]
    try:
        with Image.open(io.BytesIO(content), formats=formats) as probe:
            width, height = probe.size
            if width * height > max_pixels or max(width, height) > max_side:
                _too_many_pixels(max_pixels, max_side)
            probe.verify()  # chunk checksums (PNG) and structure, without decoding pixels
        with Image.open(io.BytesIO(content), formats=formats) as image:
            image.seek(0)
            image.load()
            icc_profile = image.info.get("icc_profile")
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            upright = _upright(image)
            clean = _to_srgb(upright, icc_profile)
            clean = _storable_mode(clean, kind, has_alpha=has_alpha)
            clean.info = {}  # encoders fall back to .info for ICC profiles and comments
            out = io.BytesIO()
            if kind.stored_type == JPEG:
                clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
            elif kind.stored_type == WEBP:
                clean.save(out, "WEBP", quality=WEBP_QUALITY)
            else:
                clean.save(out, "PNG")
    except ApplicationError:
        raise
    except Image.DecompressionBombError:
        _too_many_pixels(max_pixels, max_side)
    except Exception as exc:  # any decoder failure on untrusted bytes means a refusal, never a 500
        logger.info("Refused a damaged %s upload: %s", kind.label, exc)
        _refuse(
            _("The image is damaged or incomplete. Please save it again and upload the new copy."),
            "file_damaged",
        )
    return out.getvalue(), clean.width, clean.height


def _upright(image: Image.Image) -> Image.Image:
    """Turn the pixels as the EXIF orientation says; a broken EXIF block leaves them as they are."""
    try:
        return ImageOps.exif_transpose(image) or image
    except Exception:  # metadata is about to be dropped anyway
        logger.info("Ignored an unreadable EXIF orientation", exc_info=True)
        return image


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Bake an embedded colour profile into sRGB pixels, since the profile itself is dropped."""
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        logger.info("Ignored an unusable ICC profile", exc_info=True)
        return image
    return converted or image


def _storable_mode(image: Image.Image, kind: _Kind, *, has_alpha: bool) -> Image.Image:
    if kind.stored_type == JPEG:
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if has_alpha:
        return image if image.mode in ("RGBA", "LA") else image.convert("RGBA")
    if kind.stored_type == PNG and image.mode in ("1", "L", "RGB", "I;16"):
        return image
    return image if image.mode == "RGB" else image.convert("RGB")


def _safe_name(filename: str, extension: str) -> str:
    """The client's file name for display: no path, no control or bidi characters, the true extension."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C")).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = " ".join(stem.translate(_UNSAFE_IN_NAMES).split()).strip(" ._-")[:_NAME_LENGTH].rstrip(" .")
    return f"{stem or 'file'}.{extension}"
