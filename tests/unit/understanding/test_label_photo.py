"""Label photos: hostile files get a reason (never an exception), EXIF/GPS is stripped,
the OCR text goes through the shared model-number and date reading, and real OCR reads a
handful of generated labels."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from bot.understanding.label_ocr import OcrLine
from bot.understanding.label_photo import (
    MAX_BYTES,
    ImageRejectedError,
    Reason,
    clean_ocr_line,
    interpret,
    read_label,
    sanitise_image,
    sniff,
)
from tests.fixtures.labels.make_labels import available_fonts, catalogue_models, make_sample

TODAY = date(2026, 1, 1)


def _jpeg(size=(64, 48), colour=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", **save)
    return out.getvalue()


def _png(size=(64, 48), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG", **save)
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_claiming(width: int, height: int) -> bytes:
    """A small PNG file whose header claims width x height pixels (a decompression bomb):
    the pixel data is a few kilobytes of compressed zeros, too few for that size, so only
    a check of the header (not a decode) can call it too large."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    idat = zlib.compress(b"\x00" * 200_000, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("label.jpg", b"not really")
    return out.getvalue()


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (80, 40), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"secret comment")
    return out.getvalue()


# --- sniffing and refusing ------------------------------------------------------------------------

HOSTILE = {
    "truncated JPEG": (_jpeg((400, 300), quality=95)[:700], Reason.DAMAGED),
    "JPEG magic then garbage": (b"\xff\xd8\xff\xe0" + b"\x13" * 4000, Reason.DAMAGED),
    "PNG bomb (400 megapixels)": (_png_claiming(20_000, 20_000), Reason.TOO_LARGE),
    "PNG bomb under Pillow's own limit (49 megapixels)": (_png_claiming(7_000, 7_000), Reason.TOO_LARGE),
    "SVG renamed .jpg": (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', Reason.UNSUPPORTED_TYPE),
    "bare SVG": (b"<svg onload=alert(1)></svg>", Reason.UNSUPPORTED_TYPE),
    "HTML renamed .jpg": (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", Reason.NOT_AN_IMAGE),
    "ZIP renamed .jpg": (_zip(), Reason.NOT_AN_IMAGE),
    "GIF": (b"GIF89a" + b"\x01\x00\x01\x00\x00\x00\x00;", Reason.UNSUPPORTED_TYPE),
    "PDF": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", Reason.UNSUPPORTED_TYPE),
    "over 10 MB": (b"\xff\xd8\xff\xe0" + bytes(MAX_BYTES), Reason.TOO_LARGE),
    "empty": (b"", Reason.NOT_AN_IMAGE),
    "text": (b"A1263 made in March 2018", Reason.NOT_AN_IMAGE),
    "an MP4 video": (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64), Reason.NOT_AN_IMAGE),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_gets_a_reason_never_an_exception(name: str) -> None:
    data, reason = HOSTILE[name]
    reading = read_label(data, today=TODAY)
    assert reading.reason == reason, (name, reading)
    assert reading.model_number is None and reading.manufacture_date is None
    with pytest.raises(ImageRejectedError) as rejected:
        sanitise_image(data)
    assert rejected.value.reason == reason


def test_not_bytes_at_all_is_not_an_image() -> None:
    assert read_label("A1263.jpg").reason == Reason.NOT_AN_IMAGE  # type: ignore[arg-type]
    assert read_label(None).reason == Reason.NOT_AN_IMAGE  # type: ignore[arg-type]


def test_the_type_comes_from_the_bytes_not_the_name() -> None:
    assert sniff(_jpeg()) == "image/jpeg"
    assert sniff(_png()) == "image/png"
    webp = io.BytesIO()
    Image.new("RGB", (8, 8)).save(webp, "WEBP")
    assert sniff(webp.getvalue()) == "image/webp"
    assert sniff(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic") == "image/heic"
    with pytest.raises(ImageRejectedError) as rejected:
        sniff(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf")
    assert rejected.value.reason == Reason.UNSUPPORTED_TYPE


# --- re-encoding --------------------------------------------------------------------------------------


def test_sanitising_strips_exif_gps_and_comments_and_turns_the_photo_upright() -> None:
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS is there before
    clean, content_type = sanitise_image(original)
    assert content_type == "image/jpeg"
    image = Image.open(io.BytesIO(clean))
    assert image.size == (40, 80)  # orientation 6 applied, then dropped
    assert not image.getexif()
    assert "exif" not in image.info and "comment" not in image.info and "icc_profile" not in image.info
    assert b"PhoneMaker" not in clean and b"secret comment" not in clean


def test_a_png_stays_png_without_its_text_chunks() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 51.5,-0.12")
    clean, content_type = sanitise_image(_png(pnginfo=info))
    assert content_type == "image/png"
    assert b"GPS" not in clean and Image.open(io.BytesIO(clean)).info.get("Comment") is None


def test_transparency_is_flattened_and_webp_becomes_jpeg() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 0, 0, 0)).save(out, "WEBP", lossless=True)
    clean, content_type = sanitise_image(out.getvalue())
    assert content_type == "image/jpeg"
    assert Image.open(io.BytesIO(clean)).getpixel((5, 5)) >= (250, 250, 250)


def test_a_polyglot_loses_what_follows_the_picture() -> None:
    clean, _ = sanitise_image(_jpeg() + _zip())
    assert b"PK\x03\x04" not in clean


def test_heic_is_decoded_and_re_encoded() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    heif = pillow_heif.from_pillow(Image.new("RGB", (64, 32), (0, 200, 0)))
    out = io.BytesIO()
    try:
        heif.save(out, quality=80)
    except Exception as error:  # noqa: BLE001 - this pillow-heif build cannot encode
        pytest.skip(f"no HEIC encoder here: {error}")
    assert sniff(out.getvalue()) == "image/heic"
    clean, content_type = sanitise_image(out.getvalue())
    assert content_type == "image/jpeg" and Image.open(io.BytesIO(clean)).size == (64, 32)


# --- the OCR text through the shared reading ------------------------------------------------------------


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("MFG2020-06", "MFG 2020-06"),
        ("ModelNo.:A1229", "Model No.: A1229"),
        ("M0DELA1642", "Model A1642"),
        ("Model No. 41229", "Model No. A1229"),
        ("Model Al1642", "Model A1642"),
        ("Model AI263", "Model A1263"),
        ("Manufactured:March2023", "Manufactured: March 2023"),
        ("Date Code:O3/2O18", "Date Code: 03/2018"),
        ("633MagneticBattery\uff08MagGo)", "633 Magnetic Battery(MagGo)"),
        ("Power Core10000", "PowerCore 10000"),
        ("S/N: S6U35RMNS6Z9", "S/N: S6U35RMNS6Z9"),  # a serial is not a number to mend
        ("Model Al1275", "Model Al1275"),  # A1275 is not in the catalogue: not mended
    ],
)
def test_the_ocr_step_only_puts_back_spaces_and_digits(ocr: str, expected: str) -> None:
    known = {m for m, _ in catalogue_models()}
    assert clean_ocr_line(ocr, known) == expected


def lines(*texts: str, confidence: float = 0.97) -> list[OcrLine]:
    return [OcrLine(t, confidence) for t in texts]


def test_model_and_date_are_read_as_typed_text_is() -> None:
    reading = interpret(lines("PowerCore 10000", "Model: A1263", "Input: 5V=2A", "MFD 2018.03"), today=TODAY)
    assert (reading.model_number, reading.manufacture_date, reading.reason) == ("A1263", "2018-03", None)
    for date_text, iso in (("Date code 03/2018", "2018-03"), ("Manufactured: March 2023", "2023-03")):
        assert interpret(lines("Model A1257", date_text), today=TODAY).manufacture_date == iso


def test_a_model_the_product_name_contradicts_is_not_given() -> None:
    # "PowerCore 10000" is A1263; a label read as A1268 beside it is a misread somewhere.
    reading = interpret(lines("PowerCore 10000", "Model: A1268", "MFD 2018.03"), today=TODAY)
    assert reading.model_number is None and reading.reason == Reason.NO_MODEL_NUMBER
    assert reading.candidates == ("A1263", "A1268")


def test_two_different_model_numbers_give_none() -> None:
    reading = interpret(lines("Model: A1263", "FCC ID: 2AOKB-A1647"), today=TODAY)
    assert reading.model_number is None and reading.candidates == ("A1263", "A1647")


def test_a_model_outside_the_catalogue_needs_a_clean_confident_read() -> None:
    assert interpret(lines("Model: A2105", confidence=0.99), today=TODAY).model_number == "A2105"
    assert interpret(lines("Model: A2105", confidence=0.85), today=TODAY).model_number is None
    assert interpret(lines("Model: A21O5", confidence=0.99), today=TODAY).model_number is None  # O for 0
    assert interpret(lines("Model: A210", confidence=0.99), today=TODAY).model_number is None  # cut off
    twice = lines("Model: A2105", "FCC ID: 2AOKB-A2105", confidence=0.85)
    assert interpret(twice, today=TODAY).model_number == "A2105"


def test_a_model_one_misread_digit_from_ours_is_not_given() -> None:
    # A1366 may be our A1336 with a 3 read as a 6: no answer, both offered.
    reading = interpret(lines("Model: A1366", confidence=0.99), today=TODAY)
    assert reading.model_number is None and reading.candidates == ("A1336", "A1366")


def test_a_low_confidence_catalogue_model_needs_the_product_name() -> None:
    assert interpret(lines("Model: A1263", confidence=0.5), today=TODAY).model_number is None
    assert interpret(lines("PowerCore 10000", "Model: A1263", confidence=0.5), today=TODAY).model_number == "A1263"


def test_a_product_name_alone_gives_candidates_not_a_model() -> None:
    reading = interpret(lines("Zolo Power Bank", "Date code 09/2024"), today=TODAY)
    assert reading.model_number is None and set(reading.candidates) == {"A1681", "A1689"}
    assert reading.manufacture_date == "2024-09"


def test_two_different_dates_give_none_and_a_future_one_is_not_taken() -> None:
    assert interpret(lines("Model A1263", "MFD 2018.03", "MFD 2019.04"), today=TODAY).manufacture_date is None
    assert interpret(lines("Model A1263", "MFD 2027.03"), today=TODAY).manufacture_date is None


def test_no_text_at_all() -> None:
    assert interpret([], today=TODAY).reason == Reason.NO_LABEL_TEXT
    blank = io.BytesIO()
    Image.new("RGB", (640, 480), (128, 128, 128)).save(blank, "PNG")
    assert read_label(blank.getvalue(), today=TODAY).reason == Reason.NO_LABEL_TEXT


# --- real OCR on generated labels ----------------------------------------------------------------------

# A handful of the generated set (seed 17): clean ones, a rotated one and a degraded one.
SAMPLES = [("clean", 1), ("clean", 2), ("clean", 3), ("hard", 3), ("hard", 10)]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[object, bytes]]:
    fonts, models = available_fonts(), catalogue_models()
    folder: Path = tmp_path_factory.mktemp("labels")
    out = []
    for half, index in SAMPLES:
        sample, data = make_sample(index, half, 17, fonts, models)
        (folder / sample.name).write_bytes(data)
        out.append((sample, data))
    return out


def test_real_ocr_reads_generated_labels(generated) -> None:
    for sample, data in generated:
        reading = read_label(data, today=TODAY)
        assert reading.reason is None, (sample.name, sample.effects, reading.text)
        assert reading.model_number == sample.model_number, (sample.name, reading.text)
        assert reading.manufacture_date == sample.manufacture_date, (sample.name, reading.text)
        assert reading.content_type == "image/jpeg" and 0 < reading.confidence <= 1


def test_the_generator_is_deterministic() -> None:
    fonts, models = available_fonts(), catalogue_models()
    first = make_sample(5, "hard", 17, fonts, models)
    assert make_sample(5, "hard", 17, fonts, models) == first
    assert make_sample(5, "hard", 18, fonts, models)[1] != first[1]
