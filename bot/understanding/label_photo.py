"""A photo of a power bank's label: checked, re-encoded, read (model number and date).

Plain Python, no Rasa import. Two entry points:

- :func:`sanitise_image`: the only bytes of a customer's picture ever kept. JPEG, PNG, WebP
  and HEIC only, sniffed from the bytes (never the name or the declared type); at most
  10 MB and 40 megapixels, the size read from the header before any pixel is decoded (a
  decompression bomb is refused undecoded); decoded, turned upright by its EXIF
  orientation and re-encoded from the pixels alone (no EXIF, no GPS, no comments, no ICC):
  PNG stays PNG, everything else becomes JPEG.
- :func:`read_label`: the same checks, then OCR (:mod:`bot.understanding.label_ocr`), then
  the text goes through the SAME reading as typed text (``find_model_numbers`` and
  ``find_dates`` of :mod:`bot.understanding.model_numbers`). Before that reading, one small
  OCR-only step puts back spaces OCR drops ("MFG2020-06", "ModelNo.:A1229") and reads
  O/I/l/S/B/Z as digits inside digit runs. A wrong model number is worse than none: a
  model number is given only when no other competes with it, the product name printed
  beside it (if any) agrees, and either it is in the catalogue and read confidently, or it
  is not but reads cleanly, has the catalogue's shape and is no single misread digit away
  from one of ours.

Never raises for a bad file: the reading says why (``reason``), one of :class:`Reason`.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageOps

from bot.understanding.label_ocr import OcrLine, OcrUnavailableError, Trust, get_engine
from bot.understanding.model_numbers import closest_models, find_dates, find_model_numbers, load_product_names
from bot.understanding.product_features import MERGED_WORDS
from bot.understanding.textdist import edit_distance

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_STORED_SIDE = 4096  # re-encoded photos keep at most this many pixels on the longest side
JPEG_QUALITY = 90


class Reason:
    """Why a picture gave no reading (``LabelReading.reason``)."""

    NOT_AN_IMAGE = "not_an_image"  # HTML, ZIP, text, random bytes
    UNSUPPORTED_TYPE = "unsupported_type"  # an image, but not JPEG/PNG/WebP/HEIC (GIF, SVG, TIFF...)
    TOO_LARGE = "too_large"  # over 10 MB, or over 40 megapixels (decompression bombs too)
    DAMAGED = "damaged"  # claims to be a JPEG/PNG/... but cannot be decoded (truncated...)
    NO_LABEL_TEXT = "no_label_text"  # no text read at all
    NO_MODEL_NUMBER = "no_model_number"  # text, but no model number read with certainty
    OCR_UNAVAILABLE = "ocr_unavailable"  # the OCR engine is not installed on this server


class ImageRejectedError(ValueError):
    """A file that is not a picture we accept; ``reason`` is one of :class:`Reason`."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class LabelReading:
    """What a label photo says.

    Attributes:
        model_number: Normalised ("A1263"), or None when not read with certainty.
        manufacture_date: ISO ``YYYY-MM`` (or ``YYYY-MM-DD``/``YYYY``), or None.
        text: The OCR text (after the OCR-only clean-up), lines joined by newlines.
        confidence: OCR confidence (0..1) of the line the model number was read on
            (of the date's line when there is no model number; 0 when nothing was read).
        reason: None when a model number was read; otherwise one of :class:`Reason`.
        candidates: Models the label may be, when the model number was not read but a
            product name was (or several model numbers competed), sorted.
        content_type: The sniffed type ("image/jpeg", ...), None when not an image.
        seconds: Time spent in the OCR.
    """

    model_number: str | None = None
    manufacture_date: str | None = None
    text: str = ""
    confidence: float = 0.0
    reason: str | None = None
    candidates: tuple[str, ...] = ()
    content_type: str | None = None
    seconds: float = 0.0
    engine: str | None = None


# --- the file ----------------------------------------------------------------------------------

_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
_PIL_FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/heic": "HEIF"}


def sniff(data: bytes) -> str:
    """The content type the bytes are, from their magic numbers.

    Raises:
        ImageRejectedError: ``unsupported_type`` for other images (GIF, SVG, BMP, TIFF, AVIF,
            ICO, PDF), ``not_an_image`` for anything else.
    """
    head = bytes(data[:64])
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        major = head[8:12]
        brands = {head[i : i + 4] for i in range(16, min(len(head), int.from_bytes(head[:4], "big")), 4)}
        if major in _HEIC_BRANDS or (major in {b"mif1", b"msf1"} and brands & _HEIC_BRANDS):
            return "image/heic"
        if major in {b"avif", b"avis", b"mif1", b"msf1"}:
            raise ImageRejectedError(Reason.UNSUPPORTED_TYPE, "AVIF")
        raise ImageRejectedError(Reason.NOT_AN_IMAGE, "an ISO media file that is not HEIC (a video?)")
    for magic, kind in (
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"BM", "BMP"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"%PDF", "PDF"),
        (b"\x00\x00\x01\x00", "ICO"),
        (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
        (b"\xff\x0a", "JPEG XL"),
        (b"8BPS", "PSD"),
    ):
        if head.startswith(magic):
            raise ImageRejectedError(Reason.UNSUPPORTED_TYPE, kind)
    text = bytes(data[:1024]).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        raise ImageRejectedError(Reason.UNSUPPORTED_TYPE, "SVG")
    raise ImageRejectedError(Reason.NOT_AN_IMAGE)


def _heif_opener() -> bool:
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def decode(data: bytes) -> tuple[Image.Image, str]:
    """The picture's pixels, upright, without any metadata; and its sniffed content type.

    Raises:
        ImageRejectedError: not one of the four types, too large, or damaged.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImageRejectedError(Reason.NOT_AN_IMAGE, f"{type(data).__name__}, not bytes")
    if len(data) > MAX_BYTES:
        raise ImageRejectedError(Reason.TOO_LARGE, f"{len(data)} bytes")
    if not data:
        raise ImageRejectedError(Reason.NOT_AN_IMAGE, "empty")
    content_type = sniff(data)
    if content_type == "image/heic" and not _heif_opener():
        raise ImageRejectedError(Reason.UNSUPPORTED_TYPE, "HEIC (pillow-heif is not installed)")
    try:
        # Only the sniffed format's decoder may open it; open() reads the header alone.
        image = Image.open(io.BytesIO(bytes(data)), formats=[_PIL_FORMAT[content_type]])
    except Image.DecompressionBombError as error:
        raise ImageRejectedError(Reason.TOO_LARGE, str(error)) from None
    except Exception as error:  # noqa: BLE001 - whatever a decoder throws, the file is damaged
        raise ImageRejectedError(Reason.DAMAGED, f"{type(error).__name__}: {error}") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageRejectedError(Reason.TOO_LARGE, f"{width}x{height} pixels")
    if width < 1 or height < 1:
        raise ImageRejectedError(Reason.DAMAGED, "no pixels")
    try:
        if content_type == "image/jpeg" and max(width, height) > MAX_STORED_SIDE:
            image.draft("RGB", (MAX_STORED_SIDE, MAX_STORED_SIDE))  # libjpeg decodes at 1/2, 1/4...
        image.load()
        upright = ImageOps.exif_transpose(image)
        pixels = _plain_pixels(upright)
    except Image.DecompressionBombError as error:
        raise ImageRejectedError(Reason.TOO_LARGE, str(error)) from None
    except Exception as error:  # noqa: BLE001 - truncated, corrupt, or a decoder's own error
        raise ImageRejectedError(Reason.DAMAGED, f"{type(error).__name__}: {error}") from None
    finally:
        image.close()
    if max(pixels.size) > MAX_STORED_SIDE:
        pixels.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.LANCZOS)
    return pixels, content_type


def _plain_pixels(image: Image.Image) -> Image.Image:
    """RGB or L pixels in a new image that carries no metadata at all."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def sanitise_image(data: bytes) -> tuple[bytes, str]:
    """The picture re-encoded from its pixels: no EXIF, no GPS, upright.

    Returns:
        (bytes, content type): PNG for a PNG, JPEG for JPEG, WebP and HEIC.

    Raises:
        ImageRejectedError: with ``reason`` (see :class:`Reason`).
    """
    pixels, content_type = decode(data)
    out = io.BytesIO()
    if content_type == "image/png":
        pixels.save(out, "PNG", optimize=False)
        return out.getvalue(), "image/png"
    pixels.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue(), "image/jpeg"


# --- the OCR's text, made readable by the shared reading ------------------------------------------

_MONTH_WORD = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_SPACING = (
    (re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])"), " "),  # "MagneticBattery", "ModelNo" ("PowerCore": see below)
    (re.compile(r"(?<=[0-9])(?=[A-Z][a-z]{2})"), " "),  # "633Magnetic"
    (re.compile(r"(?<=[a-z]{2})(?=[0-9])"), " "),  # "PowerCore10000"
    (re.compile(r"(?<=:)(?=\S)"), " "),  # "Model:A1652", "Code:03/2018"
    (re.compile(r"(?i)(?<=\bno\.)(?=[a-z0-9])"), " "),  # "Model No.A1652"
    (re.compile(r"(?i)\b(mfd|mfg|code|model)(?=[0-9]|a[0-9]{4}\b)"), r"\1 "),  # "MFG2020-06", "MODELA1263"
    (re.compile(rf"(?i)\b{_MONTH_WORD}\.?(?=(?:19|20)[0-9]{{2}}\b)"), r"\g<0> "),  # "March2023"
)
# Names catalogues write as one word stay one word ("PowerCore", "MagGo", not "Power Core").
_MERGED = tuple(
    (re.compile(rf"(?i)\b({first})\s*({second})"), r"\1\2") for first, second in MERGED_WORDS
)
# A run of digits in which OCR read some digits as letters: "2O18.O3", "A12G3" is not one.
_DIGIT_RUN = re.compile(r"(?<![A-Za-z0-9])[0-9OoIlSBZ|]*[0-9][0-9OoIlSBZ|]*(?:[./-][0-9OoIlSBZ|]+)*(?![A-Za-z0-9])")
_A_MODEL_RUN = re.compile(r"(?<![A-Za-z0-9])([Aa])([0-9OoIlSBZ|]{4})(?![A-Za-z0-9])")
_LOOKALIKES = str.maketrans("OoIl|SBZ", "00111582")


def _fix_digits(match: re.Match) -> str:
    token = match[0]
    if sum(c.isdigit() for c in token) < 3:
        return token  # "IO", "S3": too little to be sure it is a number
    return token.translate(_LOOKALIKES)


# "MODEL" as OCR misreads it at the start of a line ("M0DEL", "HODEL", "Modet"), before a model number.
_MODEL_WORD = re.compile(r"^(\W*)([A-Za-z0-9]{5})(?=(?:\s*No\.?)?\s*[:.]?\s*[A4][0-9OoIl|]{4}(?![A-Za-z0-9]))")
# After "Model": "41229" is "A1229" with the A read as a 4; "Al1642" is "A1642" with the 1 doubled.
_MODEL_4 = re.compile(r"(?i)(\bmodel(?:\s*no\.?)?\s*[:.]?\s*)4([0-9]{4})(?![A-Za-z0-9])")
_MODEL_DOUBLED_1 = re.compile(r"(?<![A-Za-z0-9])A[lI|]([0-9]{4})(?![A-Za-z0-9])")


def clean_ocr_line(text: str, known: frozenset[str] | set[str] = frozenset()) -> str:
    """The OCR-only step: full-width forms folded, dropped spaces put back, digit look-alikes.

    Only adds spaces, mends the word "Model", and replaces look-alike characters inside
    digit runs; a model number is mended ("AI263", "41229" after "Model", "Al1642") only
    into a catalogue model (``known``). Model numbers and dates are then read by the same
    functions as typed text.
    """

    def fix_model(match: re.Match) -> str:
        fixed = "A" + match[2].translate(_LOOKALIKES)
        return fixed if fixed in known and sum(c.isdigit() for c in match[2]) >= 3 else match[0]

    def fix_model_word(match: re.Match) -> str:
        word = match[2].lower().replace("0", "o")
        return f"{match[1]}Model" if edit_distance(word, "model") <= 1 else match[0]

    text = unicodedata.normalize("NFKC", text).replace("\u2393", "=")
    text = _MODEL_WORD.sub(fix_model_word, text)
    for pattern, space in (*_SPACING, *_MERGED):
        text = pattern.sub(space, text)
    text = _MODEL_4.sub(lambda m: f"{m[1]}A{m[2]}" if f"A{m[2]}" in known else m[0], text)
    text = _MODEL_DOUBLED_1.sub(lambda m: f"A{m[1]}" if f"A{m[1]}" in known else m[0], text)
    text = _A_MODEL_RUN.sub(fix_model, text)
    return _DIGIT_RUN.sub(_fix_digits, text)


# --- choosing what the label says -------------------------------------------------------------------

_MANUFACTURE_CUE = re.compile(r"(?i)\b(?:mfd|mfg|manufactur\w*|date\s?code|production|made)\b")


def interpret(
    lines: Sequence[OcrLine],
    *,
    catalogue: Mapping[str, Sequence[str]] | None = None,
    today: date | None = None,
    trust: Trust | None = None,
) -> LabelReading:
    """What OCR lines say: the model number and manufacturing date, or why not."""
    trust = trust or Trust()
    known = set(catalogue) if catalogue is not None else set(load_product_names())
    cleaned = [(clean_ocr_line(line.text, known), line.confidence) for line in lines if line.text.strip()]
    text = "\n".join(t for t, _ in cleaned)
    if not text.strip():
        return LabelReading(reason=Reason.NO_LABEL_TEXT)
    starts, offset = [], 0
    for t, _ in cleaned:
        starts.append(offset)
        offset += len(t) + 1

    def line_at(position: int) -> tuple[str, float]:
        return cleaned[max(i for i, s in enumerate(starts) if s <= position)]

    mentions = find_model_numbers(text, catalogue=catalogue)
    model, confidence, candidates = _choose_model(mentions, known, trust, line_at)
    manufacture_date, date_confidence = _choose_date(text, today, trust, line_at)
    return LabelReading(
        model_number=model,
        manufacture_date=manufacture_date,
        text=text,
        confidence=round(confidence if model else date_confidence, 3),
        reason=None if model else Reason.NO_MODEL_NUMBER,
        candidates=candidates,
    )


def _choose_model(mentions, known, trust: Trust, line_at) -> tuple[str | None, float, tuple[str, ...]]:
    """(model number or None, its line's confidence, candidates when not sure)."""
    numbers = [m for m in mentions if m.value and not m.from_product_name]
    named: set[str] = set()
    for m in mentions:
        if m.from_product_name:
            named |= {m.value} if m.value else set(m.candidates)
    values = {m.value for m in numbers}
    if len(values) > 1:
        # "Model: A1263" and the FCC ID "2AOKB-A1263" agree; a misread line disagrees. Keep
        # what the product name supports, then the catalogue's; answer only if one is left.
        supported = {v for v in values if v in named} if named else values
        in_catalogue = {v for v in supported if v in known}
        values = in_catalogue if len(in_catalogue) == 1 else supported
    if len(values) != 1:
        return None, 0.0, tuple(sorted(values or named))
    value = next(iter(values))
    reads = [m for m in numbers if m.value == value]
    confidence = max(line_at(m.start)[1] for m in reads)
    if value in known:
        agrees = value in named
        if agrees or (not named and confidence >= trust.model):
            return value, confidence, ()
        return None, confidence, tuple(sorted({value} | named))
    # Not ours: only a clean read ("A1275", not "Al275") of the catalogue's shape ("A122"
    # is a cut-off read), no product name of ours beside it, and one edit away from none
    # of ours (A1366 may be our A1336 with one digit misread).
    clean = any(m.text == value for m in reads) and _shape(value) in {_shape(k) for k in known}
    near = closest_models(value, known, max_distance=1)
    twice = sum(line_at(m.start)[1] >= trust.model for m in reads) >= 2
    if clean and not named and not near and (confidence >= trust.unknown_model or twice):
        return value, confidence, ()
    return None, confidence, tuple(sorted({value, *near} | named))


def _shape(model: str) -> str:
    """Letters and digits in their places: A1263 -> A9999."""
    return re.sub(r"[0-9]", "9", re.sub(r"[A-Z]", "A", model))


def _choose_date(text: str, today: date | None, trust: Trust, line_at) -> tuple[str | None, float]:
    dates = [
        d
        for d in find_dates(text, today=today)
        if d.value and d.problem is None and d.role == "manufacture" and d.precision in ("month", "day")
    ]
    cued = [d for d in dates if _MANUFACTURE_CUE.search(line_at(d.start)[0])]
    pool = cued or dates
    values = {d.value for d in pool}
    if len(values) != 1:
        return None, 0.0  # none, or two different dates on one label: not ours to pick
    confidence = max(line_at(d.start)[1] for d in pool)
    if confidence < trust.date:
        return None, 0.0
    return next(iter(values)), confidence


def read_label(
    data: bytes,
    *,
    engine: str | None = None,
    catalogue: Mapping[str, Sequence[str]] | None = None,
    today: date | None = None,
) -> LabelReading:
    """Reads a label photo: model number, manufacturing date, the text, or why not.

    Blocking (about a second of CPU): run it off the event loop. Never raises for a bad
    file or a missing OCR engine; the reading's ``reason`` says what happened.

    Args:
        data: The bytes as they arrived (any name, any declared type).
        engine: "rapidocr" or "tesseract"; default ``LABEL_OCR_ENGINE`` or rapidocr.
        catalogue: Model -> names, as for ``find_model_numbers``; the shipped one by default.
        today: For the dates (a date after today is not a manufacturing date).
    """
    try:
        pixels, content_type = decode(data)
    except ImageRejectedError as rejected:
        return LabelReading(reason=rejected.reason)
    started = time.perf_counter()
    try:
        ocr = get_engine(engine)
        lines = ocr.read(pixels)
    except OcrUnavailableError as error:
        logger.error("label photo not read: %s", error)
        return LabelReading(reason=Reason.OCR_UNAVAILABLE, content_type=content_type)
    except Exception:  # noqa: BLE001 - a picture the OCR chokes on is an unreadable picture
        logger.exception("OCR failed on a %s", content_type)
        return LabelReading(reason=Reason.NO_LABEL_TEXT, content_type=content_type)
    seconds = time.perf_counter() - started
    try:
        reading = interpret(lines, catalogue=catalogue, today=today, trust=ocr.trust)
    except Exception:  # noqa: BLE001 - the text reader must not turn a photo into an error
        logger.exception("label text not understood")
        return LabelReading(reason=Reason.NO_LABEL_TEXT, content_type=content_type)
    return dataclasses.replace(reading, content_type=content_type, seconds=round(seconds, 3), engine=ocr.name)
