"""Charts as SVG, drawn with matplotlib (no browser JavaScript). One module for dashboards and documents."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no display: render to files only
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

FONT = ["Liberation Serif", "DejaVu Serif"]
MAX_BARS = 30  # a bar chart shows at most this many units, the largest first


def top_caption(shown: int, total: int, noun: str = "đơn vị") -> str:
    """ "10 đơn vị cao nhất trong 34" when a chart shows only the top `shown` of `total` units; "" otherwise."""
    return f"{shown} {noun} cao nhất trong {total}" if 0 < shown < total else ""


def vn_number(value: float, _position: object = None) -> str:
    """2991 → "2.991"; 94.5 → "94,5" (Vietnamese separators)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", "§").replace(".", ",").replace("§", ".")


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str = "",
    fmt: str = "svg",
    width: float = 7.5,
    highlight: str | None = None,
) -> bytes:
    """Horizontal bars, largest first (at most MAX_BARS, the title then says so: "30 đơn vị cao nhất trong 104");
    returns SVG (or PNG with fmt="png") bytes."""
    every = sorted(zip(labels, values, strict=True), key=lambda p: p[1] or 0, reverse=True)
    pairs = every[:MAX_BARS]
    cut = top_caption(len(pairs), len(every))
    height = max(2.0, 0.28 * len(pairs) + 1.0)
    with plt.rc_context({"font.family": "serif", "font.serif": FONT, "font.size": 9, "svg.fonttype": "none"}):
        fig, ax = plt.subplots(figsize=(width, height))
        names = [p[0] for p in pairs][::-1]
        numbers = [float(p[1] or 0) for p in pairs][::-1]
        bars = ax.barh(names, numbers, color=["#9b1c1c" if n == highlight else "#1a4f9c" for n in names])
        ax.bar_label(bars, labels=[vn_number(n) for n in numbers], padding=3, fontsize=8)
        ax.xaxis.set_major_formatter(FuncFormatter(vn_number))
        ax.set_title(title + (f" ({unit})" if unit else "") + (f" — {cut}" if cut else ""), fontsize=10, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.12)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=150)
        plt.close(fig)
    return buffer.getvalue()
