"""The OCR engines a label photo can be read with: text lines and their confidence, nothing more.

Two engines, both running on this machine with nothing downloaded at run time:

- ``rapidocr``: ``rapidocr-onnxruntime`` (PP-OCRv4 detection + recognition, the ONNX models
  ship inside the wheel), one ONNX Runtime thread.
- ``tesseract``: Debian's ``tesseract-ocr`` English data through ``tesserocr`` (in process;
  ``scripts/ocr-deps.sh`` installs the data), one thread, with a deskew step since
  Tesseract reads only level lines.

docs/LABEL_PHOTOS.md has the measurements behind the default. Engines are built on first
use (loading the models takes about half a second) and are safe to call from several
threads (one call at a time each). Plain Python: no Rasa import.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageOps

DEFAULT_ENGINE = os.environ.get("LABEL_OCR_ENGINE", "rapidocr")
ENGINES = ("rapidocr", "tesseract")
# Longest side given to the OCR: a phone photo (4032 px) is scaled down, which keeps a
# label's print readable and the time per photo bounded (RapidOCR's detector costs grow
# with the area: 1.6 s at 1600 px, 0.3 s at 1024 px on one core).
MAX_SIDE = 1600


class OcrUnavailableError(RuntimeError):
    """The engine's package or data is not installed here."""


@dataclass(frozen=True)
class OcrLine:
    """One line (or text box) of recognised text, in reading order."""

    text: str
    confidence: float  # 0..1


@dataclass(frozen=True)
class Trust:
    """How far one engine's confidences are believed (each engine's scale differs).

    Attributes:
        model: A catalogue model read at this confidence or more stands on its own; below
            it, only when the product name printed beside it agrees.
        unknown_model: A model not in the catalogue needs this much, a clean "A" + four
            digits, no product name of ours beside it (else it may be a misread of ours),
            or the same number read on two lines at ``model`` or more.
        date: A manufacturing date needs this much.
    """

    model: float = 0.80
    unknown_model: float = 0.95
    date: float = 0.60


class OcrEngine(Protocol):
    name: str
    trust: Trust

    def read(self, image: Image.Image) -> list[OcrLine]: ...


def prepare(image: Image.Image, max_side: int = MAX_SIDE) -> Image.Image:
    """RGB, at most ``max_side`` pixels on the longest side."""
    image = image.convert("RGB")
    if max(image.size) > max_side:
        scale = max_side / max(image.size)
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
    return image


# --- RapidOCR ----------------------------------------------------------------------------------


class RapidOcrEngine:
    name = "rapidocr"
    trust = Trust(model=0.80, unknown_model=0.95, date=0.60)
    max_side = 1024

    def __init__(self, threads: int = 1) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as error:  # pragma: no cover - depends on the install
            raise OcrUnavailableError(f"rapidocr-onnxruntime is not installed: {error}") from error
        try:
            import cv2

            cv2.setNumThreads(threads)
        except ImportError:  # pragma: no cover
            pass
        self._ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads)
        self._lock = threading.Lock()

    def read(self, image: Image.Image) -> list[OcrLine]:
        with self._lock:
            result, _ = self._ocr(prepare(image, self.max_side))
        if not result:
            return []
        return [OcrLine(str(text), float(score)) for _box, text, score in result]


# --- Tesseract ---------------------------------------------------------------------------------


def tessdata_dir() -> str | None:
    """Debian's tessdata directory holding eng.traineddata (TESSDATA_PREFIX wins)."""
    candidates = [os.environ.get("TESSDATA_PREFIX", "")]
    candidates += sorted(str(p) for p in Path("/usr/share/tesseract-ocr").glob("*/tessdata"))
    candidates += ["/usr/share/tessdata", "/usr/local/share/tessdata"]
    for directory in candidates:
        if directory and (Path(directory) / "eng.traineddata").is_file():
            return directory
    return None


def skew_angle(gray: Image.Image, limit: float = 15.0, step: float = 1.0) -> float:
    """The rotation that levels the text lines (projection profile: sharpest row histogram)."""
    import numpy as np

    small = gray.copy()
    small.thumbnail((500, 500))
    arr = np.asarray(small, dtype=np.float32)
    ink_dark = arr.mean() > 127
    ink = Image.fromarray(((arr < arr.mean() - 20) if ink_dark else (arr > arr.mean() + 20)).astype(np.uint8) * 255)
    best, best_score = 0.0, -1.0
    angle = -limit
    while angle <= limit + 1e-9:
        rows = np.asarray(ink.rotate(angle, resample=Image.NEAREST, expand=True), dtype=np.float32).sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = angle, score
        angle += step
    return best


class TesseractEngine:
    name = "tesseract"
    trust = Trust(model=0.70, unknown_model=0.90, date=0.50)
    max_side = MAX_SIDE

    def __init__(self, threads: int = 1, deskew: bool = True) -> None:
        os.environ.setdefault("OMP_THREAD_LIMIT", str(threads))
        try:
            import tesserocr
        except ImportError as error:  # pragma: no cover - depends on the install
            raise OcrUnavailableError(f"tesserocr is not installed: {error}") from error
        path = tessdata_dir()
        if path is None:
            raise OcrUnavailableError("Tesseract's English data is missing: run scripts/ocr-deps.sh")
        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(path=path, lang="eng", psm=tesserocr.PSM.AUTO, oem=tesserocr.OEM.LSTM_ONLY)
        self._deskew = deskew
        self._lock = threading.Lock()

    def read(self, image: Image.Image) -> list[OcrLine]:
        gray = ImageOps.autocontrast(prepare(image, self.max_side).convert("L"), cutoff=1)
        if min(gray.size) < 900:  # Tesseract wants ~30 px capitals; small photos are scaled up
            factor = 900 / min(gray.size)
            gray = gray.resize((round(gray.width * factor), round(gray.height * factor)), Image.BICUBIC)
        if self._deskew:
            angle = skew_angle(gray)
            if angle:
                gray = gray.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=int(gray.getpixel((0, 0))))
        level = self._tesserocr.RIL.TEXTLINE
        lines: list[OcrLine] = []
        with self._lock:
            self._api.SetImage(gray)
            self._api.Recognize()
            iterator = self._api.GetIterator()
            if iterator is None:
                return []
            for item in self._tesserocr.iterate_level(iterator, level):
                text = (item.GetUTF8Text(level) or "").strip()
                if text:
                    lines.append(OcrLine(text, max(0.0, float(item.Confidence(level))) / 100))
            self._api.Clear()
        return lines


# --- choosing one --------------------------------------------------------------------------------

_FACTORIES: dict[str, Callable[[], OcrEngine]] = {"rapidocr": RapidOcrEngine, "tesseract": TesseractEngine}
_engines: dict[str, OcrEngine] = {}
_engines_lock = threading.Lock()


def get_engine(name: str | None = None) -> OcrEngine:
    """The engine of that name (default: ``LABEL_OCR_ENGINE`` or rapidocr), built once.

    Raises:
        OcrUnavailableError: unknown name, or its package/data missing.
    """
    name = name or DEFAULT_ENGINE
    if name not in _FACTORIES:
        raise OcrUnavailableError(f"unknown OCR engine {name!r} (one of {', '.join(ENGINES)})")
    with _engines_lock:
        if name not in _engines:
            _engines[name] = _FACTORIES[name]()
        return _engines[name]
