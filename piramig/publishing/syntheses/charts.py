"""The syntheses' charts: matplotlib on its Agg backend (offline, no display), in one French style, the State
design system's palette (bleu France #000091, rouge Marianne #E1000F, greys), readable in black and white: each
series differs by its fill and its hatching, not by its colour alone, and carries its value. Every chart has a
title, its unit on the axis and its source line.

A chart is PNG bytes; a ChartCache renders the same chart once (a regional synthesis and its open-data variant
share every chart whose figures the disclosure control left whole)."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from piramig.publishing.syntheses.french import MASKED, SECRET, is_missing, number, percent  # noqa: E402

BLEU_FRANCE = "#000091"
ROUGE_MARIANNE = "#E1000F"
BLEU_CLAIR = "#CACAFB"
GRIS_FONCE = "#3A3A3A"
GRIS = "#666666"
GRIS_CLAIR = "#DDDDDD"
CM = 1 / 2.54
WIDTH_CM = 16
DPI = 130

# (face colour, edge and hatch colour, hatch): distinct in colour, and in black and white by fill and hatching.
STYLES = {
    "principal": (BLEU_FRANCE, BLEU_FRANCE, None),
    "national": ("white", GRIS_FONCE, "////"),
    "precedent": (BLEU_CLAIR, BLEU_FRANCE, "...."),
    "accent": (ROUGE_MARIANNE, ROUGE_MARIANNE, "xxx"),
    "secondaire": (GRIS_CLAIR, GRIS_FONCE, "\\\\\\\\"),
}


def _font() -> str:
    for family in ("Liberation Sans", "Arial", "DejaVu Sans"):
        try:
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
            return family
        except ValueError:
            continue
    return "sans-serif"


STYLE = {
    "font.family": _font(),
    "font.size": 8,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.edgecolor": GRIS,
    "axes.labelcolor": GRIS_FONCE,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": GRIS_FONCE,
    "ytick.color": GRIS_FONCE,
    "hatch.linewidth": 0.7,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
}


@dataclass(frozen=True)
class Series:
    label: str
    values: list  # numbers, None (missing) or SECRET (masked)
    style: str = "principal"


def _numbers(values: list) -> list[float]:
    return [0.0 if is_missing(v) or v == SECRET else float(v) for v in values]


def _text(value, unit: str) -> str:
    if value == SECRET:
        return MASKED
    if is_missing(value):
        return "–"
    return percent(value) if unit == "%" else number(value, 2 if unit == "ETP" else 0)


def _label_width_in(labels: list[str], size: float = 8) -> float:
    """About how wide the longest label prints, in inches (no layout pass: tight_layout costs a draw)."""
    return max((len(label) for label in labels), default=0) * size * 0.52 / 72


def _finish(fig, title: str, source: str, masked: bool) -> bytes:
    fig.suptitle(title, x=0.01, y=1 - 0.08 / fig.get_figheight(), ha="left", va="top", fontsize=10,
                 fontweight="bold", color=BLEU_FRANCE)
    note = source + ("   s : secret statistique (effectif de 1 à 10 ou masqué en second)" if masked else "")
    fig.text(0.01, 0.005, note, fontsize=7, color=GRIS, style="italic", ha="left", va="bottom")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor="white", pil_kwargs={"compress_level": 3})
    plt.close(fig)
    return buffer.getvalue()


def _masked(series: list[Series]) -> bool:
    return any(v == SECRET for s in series for v in s.values)


def _bars(ax, positions: list[float], series: list[Series], unit: str, horizontal: bool, labels: bool = True,
          font_size: float = 7) -> None:
    count = len(series)
    width = 0.8 / count
    for index, s in enumerate(series):
        face, edge, hatch = STYLES[s.style]
        # The first series on the left of a group, or on top of it when the bars are horizontal.
        step = -width if horizontal else width
        offsets = [p - step * (count - 1) / 2 + step * index for p in positions]
        values = _numbers(s.values)
        draw = ax.barh if horizontal else ax.bar
        bars = draw(offsets, values, width * 0.92, label=s.label, color=face, edgecolor=edge, hatch=hatch,
                    linewidth=0.7)
        if labels:
            ax.bar_label(bars, labels=[_text(v, unit) for v in s.values], padding=2,
                         fontsize=font_size - 0.5 * horizontal, color=GRIS_FONCE)


def grouped_bars(title: str, categories: list[str], series: list[Series], unit: str, axis_label: str, source: str,
                 height_cm: float = 8.0, rotate: bool = False) -> bytes:
    """Vertical bars, one group per category (a year, a region)."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH_CM * CM, height_cm * CM))
        _bars(ax, list(range(len(categories))), series, unit, horizontal=False,
              font_size=5.5 if len(categories) * len(series) > 20 else 7)
        ax.set_xticks(range(len(categories)), categories, rotation=55 if rotate else 0,
                      ha="right" if rotate else "center")
        ax.set_ylabel(axis_label)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: percent(v) if unit == "%" else number(v)))
        ax.margins(y=0.15)
        if len(series) > 1:
            fig.legend(loc="upper left", ncols=len(series), bbox_to_anchor=(0.01, 1 - 0.32 / (height_cm * CM)))
        height = height_cm * CM
        bottom = (_label_width_in(categories) * 0.82 if rotate else 0.2) + 0.45
        fig.subplots_adjust(left=0.12, right=0.98, top=1 - (0.75 if len(series) > 1 else 0.5) / height,
                            bottom=bottom / height)
        return _finish(fig, title, source, _masked(series))


def horizontal_panels(title: str, panels: list[tuple[str, list[str], list[Series]]], unit: str, axis_label: str,
                      source: str) -> bytes:
    """Horizontal bars, categories top to bottom, in one or more groups (a breakdown each) with their own heading,
    on one axis (one axis draws much faster than one per group)."""
    positions, labels, headings, top = [], [], [], 0.0
    for index, (panel, categories, _) in enumerate(panels):
        if len(panels) > 1:
            top -= 1.3 if index else 0.3
            headings.append((top, panel))
        for category in categories:
            top -= 1
            positions.append(top)
            labels.append(category)
    series = [Series(s.label, [v for _, _, group in panels for v in group[i].values], s.style)
              for i, s in enumerate(panels[0][2])]
    top_margin = 0.8 if len(series) > 1 else 0.55
    # Each category as tall as its bars (a single bar gets room for its label), headings a row and a half.
    rows = len(positions) * max(1.6, len(series)) + 1.5 * len(headings)
    inches = top_margin + 0.75 + 0.12 * rows
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH_CM * CM, inches))
        _bars(ax, positions, series, unit, horizontal=True)
        ax.set_yticks(positions, labels)
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(min(positions) - 0.7, 0.5 if headings else max(positions) + 0.7)
        for index, (y, heading) in enumerate(headings):
            ax.text(-0.01, y, heading, transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=8.5,
                    fontweight="bold", color=BLEU_FRANCE)
            if index:
                ax.axhline(y + 0.65, color=GRIS_CLAIR, linewidth=0.6)
        ax.set_xlabel(axis_label)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: percent(v) if unit == "%" else number(v)))
        ax.margins(x=0.18)
        if len(series) > 1:
            fig.legend(loc="upper left", ncols=len(series), bbox_to_anchor=(0.01, 1 - 0.32 / inches))
        width = WIDTH_CM * CM
        left = _label_width_in(labels + [h for _, h in headings]) + 0.25
        fig.subplots_adjust(left=left / width, right=0.97, top=1 - top_margin / inches, bottom=0.7 / inches)
        return _finish(fig, title, source, _masked(series))


@dataclass
class ChartCache:
    """Charts by their content: the same title, figures and source render once."""

    charts: dict[str, bytes] = field(default_factory=dict)
    rendered: int = 0

    def get(self, kind: str, *args, **kwargs) -> bytes:
        key = hashlib.sha256(json.dumps([kind, args, kwargs], default=lambda o: o.__dict__,
                                        sort_keys=True).encode()).hexdigest()
        if key not in self.charts:
            self.charts[key] = {"bars": grouped_bars, "panels": horizontal_panels}[kind](*args, **kwargs)
            self.rendered += 1
        return self.charts[key]
