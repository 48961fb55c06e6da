"""Photos a tipster attaches: read with Pillow and re-encoded as a fresh JPEG, so that nothing but the pixels is
kept — no EXIF (GPS position, camera serial number, time taken), no XMP, no ICC profile, no comment, no trailing
bytes (issue 19 item 2: "photo metadata is stripped by re-encoding before anything is stored").

In: the bytes as uploaded (JPEG, PNG, WebP, GIF; at most MAX_FILE_BYTES, at most MAX_PIXELS pixels).
Out: `CleanPhoto` — JPEG bytes, at most MAX_SIDE pixels on the long side, turned upright by its EXIF orientation.
Refused with a Vietnamese message (`PhotoRefused`): anything else (a PDF, a HEIC, a video, a broken file).
The uploads themselves never touch the disk: the portal keeps them in memory (`PortalUploadHandler`).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from PIL import Image, ImageOps, UnidentifiedImageError

from antq.core.errors import ValidationFailed

MAX_PHOTOS = 5  # per submission or per reply
MAX_FILE_BYTES = 8 * 1024 * 1024  # a phone camera's JPEG is 2–6 MB
MAX_PIXELS = 50_000_000  # a 50-megapixel camera; more is a decompression bomb, not a photo
MAX_SIDE = 2048  # stored size: enough to read a number plate, a fifth of the bytes of the original
QUALITY = 85
FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "MPO"})  # MPO: the JPEG some phones write

NOT_IMAGE = "Tệp “{name}” không phải là ảnh. Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."
TOO_BIG = "Ảnh “{name}” quá lớn: mỗi ảnh tối đa 8 MB."
TOO_MANY_PIXELS = "Ảnh “{name}” có kích thước quá lớn (tối đa 50 triệu điểm ảnh)."
TOO_MANY = f"Chỉ gửi tối đa {MAX_PHOTOS} ảnh mỗi lần."


class PhotoRefused(ValidationFailed):
    code = "photo_refused"


@dataclass(frozen=True)
class CleanPhoto:
    """A re-encoded photo: only `photo_clean` makes one, so a service taking it cannot store an original."""

    data: bytes
    content_type: str = "image/jpeg"


def photo_clean(data: bytes, *, name: str = "") -> CleanPhoto:
    """Uploaded bytes → a metadata-free JPEG; raises PhotoRefused (field "photos") with the reason."""
    label = name[:60] or "ảnh"
    if len(data) > MAX_FILE_BYTES:
        raise PhotoRefused(TOO_BIG.format(name=label), field="photos")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
            if image.format not in FORMATS:
                raise PhotoRefused(NOT_IMAGE.format(name=label), field="photos")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoRefused(TOO_MANY_PIXELS.format(name=label), field="photos")
            image.load()
            upright = ImageOps.exif_transpose(image)  # the photo as it was seen, before the orientation tag goes
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoRefused(NOT_IMAGE.format(name=label), field="photos") from exc
    except Image.DecompressionBombWarning as exc:
        raise PhotoRefused(TOO_MANY_PIXELS.format(name=label), field="photos") from exc
    rgb = upright.convert("RGB")
    rgb.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image from the pixels alone: nothing of the original's `info` (exif, icc_profile, comment…) comes along.
    pixels = Image.frombytes("RGB", rgb.size, rgb.tobytes())
    out = io.BytesIO()
    pixels.save(out, format="JPEG", quality=QUALITY, optimize=True)
    return CleanPhoto(data=out.getvalue())


class PortalUploadHandler(FileUploadHandler):
    """Keeps the portal's uploads in memory, never in a temporary file (where an original photo with its GPS tag
    would sit on disk), and stops keeping a file's bytes past MAX_FILE_BYTES (its size still says it was too
    big, so the form can say so). A request larger than all the photos allowed keeps no file at all."""

    def handle_raw_input(  # type: ignore[override]
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        self.request_too_big = content_length > MAX_PHOTOS * MAX_FILE_BYTES + 1024 * 1024

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0
        raise StopFutureHandlers

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if not self.request_too_big and self.received <= MAX_FILE_BYTES:
            self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received if not self.request_too_big else MAX_FILE_BYTES + 1,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
