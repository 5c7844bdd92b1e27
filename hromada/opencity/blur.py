"""Blurring a rectangle of a photo (a face, a licence plate) before it is published. Pure: Pillow and plain
Python, no Django.

The box is given in fractions of the picture's width and height (what a person selects on the picture as
shown, whatever its size on the screen). The region is first pixelated (shrunk to a coarse grid and
enlarged again) and then blurred, so no detail survives that a de-blurring filter could bring back; the rest
of the picture is left as it was. The caller re-encodes the result (core.uploads) and stores it in place of
the original.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageFilter

MIN_SIDE_PX = 4  # a box narrower or lower than this many pixels blurs nothing useful
GRID_CELLS = 8  # the shorter side of the box is pixelated into this many cells (at least)


@dataclass(frozen=True)
class Box:
    """A rectangle in fractions of the picture: left and top edges, width and height, each 0–1."""

    left: float
    top: float
    width: float
    height: float

    def is_valid(self) -> bool:
        parts = (self.left, self.top, self.width, self.height)
        return (
            all(0 <= p <= 1 for p in parts)
            and self.width > 0
            and self.height > 0
            and self.left + self.width <= 1 + 1e-9
            and self.top + self.height <= 1 + 1e-9
        )

    def pixels(self, size: tuple[int, int]) -> tuple[int, int, int, int]:
        """(left, upper, right, lower) in pixels of a picture of ``size``, inside it."""
        w, h = size
        left = max(0, min(w, round(self.left * w)))
        upper = max(0, min(h, round(self.top * h)))
        right = max(left, min(w, round((self.left + self.width) * w)))
        lower = max(upper, min(h, round((self.top + self.height) * h)))
        return left, upper, right, lower


def blur_box(image: Image.Image, box: Box) -> Image.Image:
    """A copy of ``image`` with ``box`` pixelated and blurred; raises ValueError for a box that is not
    inside the picture or is too small to blur."""
    if not box.is_valid():
        raise ValueError("The box is not inside the picture.")
    left, upper, right, lower = box.pixels(image.size)
    width, height = right - left, lower - upper
    if width < MIN_SIDE_PX or height < MIN_SIDE_PX:
        raise ValueError("The box is too small to blur.")
    result = image.copy()
    region = result.crop((left, upper, right, lower))
    cell = max(2, min(width, height) // GRID_CELLS)
    coarse = region.resize((max(1, width // cell), max(1, height // cell)), Image.Resampling.BOX)
    region = coarse.resize((width, height), Image.Resampling.NEAREST)
    region = region.filter(ImageFilter.GaussianBlur(radius=max(2, cell // 2)))
    result.paste(region, (left, upper))
    return result


def blur_image_bytes(content: bytes, box: Box) -> bytes:
    """Blur ``box`` of the picture in ``content``; returns the new picture in the same format (JPEG at a
    high quality, PNG and WebP as they were), for the caller to re-encode."""
    with Image.open(io.BytesIO(content)) as opened:
        source_format = opened.format if opened.format in ("JPEG", "PNG", "WEBP") else "PNG"
        opened.load()
        image = opened.copy()
    if source_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if image.mode == "P":
        image = image.convert("RGBA")
    blurred = blur_box(image, box)
    out = io.BytesIO()
    blurred.save(out, source_format, **({"quality": 90} if source_format != "PNG" else {}))
    return out.getvalue()
