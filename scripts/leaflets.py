"""Write notebook 07's printable patient leaflets (course samples) beside the handouts.

Usage: python -m scripts.leaflets   (run by ``make handouts`` after the handouts)

One HTML file per region and injectate, ``build/handouts/leaflet-<region>-<diagnostic|steroid>.html``, made by
:func:`facet_course.lessons.aftercare.write_leaflets` from ``data/`` and the recovery model.
Each prints on at most two A4 pages (tests/test_aftercare.py prints them with Chromium and counts the pages).
"""

from __future__ import annotations

import sys

from scripts.handouts import HANDOUTS, ROOT


def main() -> int:
    from facet_course.lessons.aftercare import write_leaflets

    for path in write_leaflets(HANDOUTS):
        print(f"leaflet: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
