"""Small SVG charts drawn on the server: no scripts, no outside hosts, no inline CSS.

Colours are SVG presentation attributes (not `style`), so the console's Content
Security Policy (`style-src 'self'`) leaves them alone. Every label is escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

PALETTE = ("#1d4ed8", "#b45309", "#15803d", "#b91c1c", "#7c3aed", "#0e7490", "#4b5563")
INK = "#1b1f24"
GRID = "#d5dae1"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
WIDTH = 560
_ids = itertools.count(1)


def _label_width(labels: Iterable[str]) -> int:
    """Room on the left for the longest category label (about 7 units a character)."""
    longest = max((len(label[:28]) for label in labels), default=4)
    return min(16 + 7 * longest, 210)


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    chart_id = f"chart-{next(_ids)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}">{escape(title)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _nice_max(value: float) -> float:
    """The top of the value axis: a round number at or above `value`, in four even steps."""
    for step in (
        1,
        2,
        5,
        10,
        20,
        25,
        50,
        100,
        200,
        250,
        500,
        1000,
        2000,
        5000,
        10_000,
        25_000,
        50_000,
        100_000,
    ):
        if value <= step * 4:
            return float(step * 4)
    return float(value)


def _fmt(value: float, percent: bool) -> str:
    return f"{value:.0f}%" if percent else f"{value:,.0f}"


def _empty(title: str) -> Markup:
    return _svg(
        WIDTH, 60, title, [f'<text x="10" y="35" {FONT} fill="{INK}">No data for this selection.</text>']
    )


def column_chart(
    points: Sequence[tuple[str, float]], *, title: str, percent: bool = False, colour: str = PALETTE[0]
) -> Markup:
    """Vertical bars over days (x labels thinned out to stay readable)."""
    if not points:
        return _empty(title)
    width, height, left, bottom, top = WIDTH, 220, 44, 36, 12
    plot_w, plot_h = width - left - 22, height - bottom - top
    top_value = 100.0 if percent else _nice_max(max(v for _, v in points))
    body = _axis(left, top, plot_w, plot_h, top_value, percent)
    slot = plot_w / len(points)
    bar = max(slot * 0.8, 1.0)
    every = max(1, round(len(points) / 8))
    for index, (label, value) in enumerate(points):
        h = plot_h * (value / top_value) if top_value else 0
        x = left + index * slot + (slot - bar) / 2
        body.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(label)}: {_fmt(value, percent)}</title></rect>"
        )
        if index % every == 0:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" {FONT} fill="{INK}" '
                f'text-anchor="middle">{escape(label[5:] if len(label) == 10 else label)}</text>'
            )
    return _svg(width, height, title, body)


def line_chart(points: Sequence[tuple[str, float]], *, title: str, percent: bool = True) -> Markup:
    """A line over days (a share in percent by default)."""
    if not points:
        return _empty(title)
    width, height, left, bottom, top = WIDTH, 220, 44, 36, 12
    plot_w, plot_h = width - left - 22, height - bottom - top
    top_value = 100.0 if percent else _nice_max(max(v for _, v in points))
    body = _axis(left, top, plot_w, plot_h, top_value, percent)
    step = plot_w / max(len(points) - 1, 1)
    coords = [
        (left + i * step, top + plot_h - plot_h * (v / top_value if top_value else 0))
        for i, (_, v) in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    body.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[2]}" stroke-width="2"/>')
    every = max(1, round(len(points) / 8))
    for index, ((label, value), (x, y)) in enumerate(zip(points, coords, strict=False)):
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[2]}">'
            f"<title>{escape(label)}: {_fmt(value, percent)}</title></circle>"
        )
        if index % every == 0:
            body.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" {FONT} fill="{INK}" text-anchor="middle">'
                f"{escape(label[5:] if len(label) == 10 else label)}</text>"
            )
    return _svg(width, height, title, body)


def _axis(left: int, top: int, plot_w: int, plot_h: int, top_value: float, percent: bool) -> list[str]:
    body = []
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" {FONT} fill="{INK}" text-anchor="end">{_fmt(value, percent)}</text>'
        )
    return body


def bar_chart(items: Sequence[tuple[str, float]], *, title: str) -> Markup:
    """Horizontal bars, one per category, with the count at the end of each."""
    if not items:
        return _empty(title)
    row, left, width = 26, _label_width(label for label, _ in items), WIDTH
    height = row * len(items) + 16
    top_value = max(v for _, v in items) or 1
    plot_w = width - left - 50
    body = []
    for index, (label, value) in enumerate(items):
        y = 8 + index * row
        w = plot_w * value / top_value
        colour = PALETTE[index % len(PALETTE)]
        body.append(
            f'<text x="{left - 8}" y="{y + 16}" {FONT} fill="{INK}" text-anchor="end">{escape(label[:28])}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 8}" fill="{colour}">'
            f"<title>{escape(label)}: {value:,.0f}</title></rect>"
            f'<text x="{left + w + 6:.1f}" y="{y + 16}" {FONT} fill="{INK}">{value:,.0f}</text>'
        )
    return _svg(width, height, title, body)


def stacked_bar_chart(
    items: Sequence[tuple[str, dict[str, int]]], *, series: Sequence[str], title: str
) -> Markup:
    """Horizontal bars split by series (e.g. tickets per model, by remedy), with a legend."""
    if not items:
        return _empty(title)
    row, left, width = 26, _label_width(label for label, _ in items), WIDTH
    legend_h = 24
    height = row * len(items) + 16 + legend_h
    top_value = max(sum(parts.values()) for _, parts in items) or 1
    plot_w = width - left - 50
    body = []
    for s_index, name in enumerate(series):
        x = 10 + s_index * 130
        body.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{PALETTE[s_index % len(PALETTE)]}"/>'
            f'<text x="{x + 18}" y="17" {FONT} fill="{INK}">{escape(name)}</text>'
        )
    for index, (label, parts) in enumerate(items):
        y = legend_h + 8 + index * row
        x = float(left)
        body.append(
            f'<text x="{left - 8}" y="{y + 16}" {FONT} fill="{INK}" text-anchor="end">{escape(label[:28])}</text>'
        )
        for s_index, name in enumerate(series):
            value = parts.get(name, 0)
            if not value:
                continue
            w = plot_w * value / top_value
            body.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                f'fill="{PALETTE[s_index % len(PALETTE)]}"><title>{escape(label)}, {escape(name)}: {value:,}</title></rect>'
            )
            x += w
        body.append(f'<text x="{x + 6:.1f}" y="{y + 16}" {FONT} fill="{INK}">{sum(parts.values()):,}</text>')
    return _svg(width, height, title, body)
