"""Plots of progress reports (matplotlib is optional)."""

from __future__ import annotations

from typing import Any

from . import _chitieu


def _pyplot():  # type: ignore[no-untyped-def]
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "plot() needs matplotlib: pip install matplotlib (or pip install 'chitieu[plot]')"
        ) from None
    return plt


def plot_progress(report: Any, ax: Any = None) -> Any:
    """Bars of percent achieved per indicator, coloured by status, and the
    observed against the required pace per period. Returns the figure."""
    plt = _pyplot()
    colours = dict(_chitieu.palette())
    rows = [r for r in report.rows if r.parent is None and r.percent is not None]
    if ax is None:
        fig, (left, right) = plt.subplots(1, 2, figsize=(12, 0.5 * len(rows) + 1.5))
    else:
        fig, left, right = ax.figure, ax, None
    names = [r.name if len(r.name) < 45 else r.name[:42] + "…" for r in rows]
    left.barh(names, [float(r.percent) for r in rows], color=[colours.get(r.status or "undefined") for r in rows])
    left.axvline(100, color="black", linewidth=1)
    left.invert_yaxis()
    left.set_xlabel("% chỉ tiêu" if report.lang == "vi" else "% of target")
    if right is not None:
        paced = []
        for r in rows:
            pace = r.to_dict().get("pace") or {}
            if "observed_per_period" in pace and "required_per_period" in pace:
                paced.append((r, float(_exact(pace["observed_per_period"])), float(_exact(pace["required_per_period"]))))
        ys = range(len(paced))
        right.barh([y - 0.2 for y in ys], [p[1] for p in paced], height=0.4, label="quan sát" if report.lang == "vi" else "observed")
        right.barh([y + 0.2 for y in ys], [p[2] for p in paced], height=0.4, label="cần đạt" if report.lang == "vi" else "required")
        right.set_yticks(list(ys))
        right.set_yticklabels([p[0].code for p in paced])
        right.invert_yaxis()
        right.legend()
        right.set_xlabel("mỗi kỳ" if report.lang == "vi" else "per period")
    fig.tight_layout()
    return fig


def _exact(value: Any) -> Any:
    from ._convert import exact

    return exact(value)
