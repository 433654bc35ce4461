"""Small bar charts drawn as inline SVG on the server: no script, no external asset, every label escaped."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLUE = "#000091"  # bleu France
GREY = "#929292"


def french_number(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def french_value(value: float | None) -> str:
    """A count as a whole number, a rate or a median with one decimal."""
    return french_number(value, 0 if value is None or float(value).is_integer() else 1)


def column_chart(title: str, unit: str, points: list[tuple[str, float | None]]) -> SafeString:
    """Vertical bars, one per label (years), the value written above each."""
    width, height, top, bottom, left = 420, 220, 30, 30, 10
    known = [v for _, v in points if v is not None]
    peak = max(known) if known else 1
    step = (width - 2 * left) / max(len(points), 1)
    bars = []
    for i, (label, value) in enumerate(points):
        x = left + i * step + step * 0.2
        bar = 0 if value is None else (height - top - bottom) * value / (peak or 1)
        y = height - bottom - bar
        bars.append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{step * 0.6:.1f}' height='{bar:.1f}' fill='{BLUE}'/>"
                    f"<text x='{x + step * 0.3:.1f}' y='{y - 6:.1f}' text-anchor='middle' font-size='12'>"
                    f"{escape(french_number(value))}</text>"
                    f"<text x='{x + step * 0.3:.1f}' y='{height - bottom + 16:.1f}' text-anchor='middle' "
                    f"font-size='12'>{escape(label)}</text>")
    return mark_safe(
        f"<figure class='fr-mb-4w'><svg role='img' aria-label='{escape(title)}' viewBox='0 0 {width} {height}' "
        f"width='100%' style='max-width:{width}px'><title>{escape(title)}</title>{''.join(bars)}"
        f"<line x1='{left}' y1='{height - bottom}' x2='{width - left}' y2='{height - bottom}' stroke='{GREY}'/></svg>"
        f"<figcaption class='fr-text--sm'>{escape(title)} ({escape(unit)}). Source : PIRAMIG, rapports d'activité."
        "</figcaption></figure>")


def bar_chart(title: str, unit: str, points: list[tuple[str, float | None]], maximum: float = 100) -> SafeString:
    """Horizontal bars, one per label (PASS), the value at the end of each."""
    row, label_width, bar_width = 22, 300, 240
    height = row * len(points) + 10
    bars = []
    for i, (label, value) in enumerate(points):
        y = 5 + i * row
        length = 0 if value is None else bar_width * min(value, maximum) / maximum
        short = label if len(label) <= 45 else label[:44] + "…"
        bars.append(f"<text x='{label_width - 6}' y='{y + 14}' text-anchor='end' font-size='12'>{escape(short)}</text>"
                    f"<rect x='{label_width}' y='{y + 3}' width='{length:.1f}' height='{row - 8}' fill='{BLUE}'/>"
                    f"<text x='{label_width + length + 4:.1f}' y='{y + 14}' font-size='12'>"
                    f"{escape(french_number(value, 1))}</text>")
    total = label_width + bar_width + 60
    return mark_safe(
        f"<figure class='fr-mb-4w'><svg role='img' aria-label='{escape(title)}' viewBox='0 0 {total} {height}' "
        f"width='100%' style='max-width:{total}px'><title>{escape(title)}</title>{''.join(bars)}</svg>"
        f"<figcaption class='fr-text--sm'>{escape(title)} ({escape(unit)}). Source : PIRAMIG, rapports d'activité."
        "</figcaption></figure>")
