"""Test photos made with Pillow, never downloaded: gradients with a few shapes, so every crop,
rotation and resize shows (a flat colour would hide a wrong crop)."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw


def photo(width: int = 1600, height: int = 1067, fmt: str = "JPEG", mode: str = "RGB",
          orientation: int | None = None, icc: bytes | None = None, exif_extra: bool = True,
          marker: tuple[float, float] | None = None) -> bytes:
    """A picture `width` x `height` as stored in the file (before any EXIF rotation).
    `marker`: a red disc at this fraction of the picture, to check where crops land."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    blue = Image.linear_gradient("L").rotate(90).resize((width, height))
    image = Image.merge("RGB", (image.getchannel(0), blue, Image.new("L", (width, height), 120)))
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 10, height // 10, width // 3, height // 2), fill=(30, 160, 60))
    if marker:
        x, y, r = marker[0] * width, marker[1] * height, max(4, min(width, height) // 20)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(230, 20, 20))
    if mode == "RGBA":
        image = image.convert("RGBA")
        image.putalpha(Image.linear_gradient("L").resize((width, height)))
    elif mode != "RGB":
        image = image.convert(mode)
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if exif_extra:
        exif[0x010F] = "TestCam"            # Make
        exif[0x8825] = {1: "N"}             # GPS info: must never reach public/
    out = io.BytesIO()
    options: dict = {"exif": exif.tobytes()} if fmt in ("JPEG", "WEBP", "PNG") else {}
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        options["quality"] = 85
    image.save(out, fmt, **options)
    return out.getvalue()


def srgb_profile() -> bytes:
    from PIL import ImageCms
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
