"""Facet Joint Injection Teaching Notebooks: the course's models, data layer, figures and widgets.

Installed (editable) from the folder ``utils/`` under the name ``facet_course``; notebooks write
``from facet_course import ...``.
"""

from .core.style import use as _use_house_style

_use_house_style()
