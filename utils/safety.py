"""Public path of the safety rule set: ``facet_course.safety`` is ``facet_course.models.safety``.

Tests and notebooks outside the package call ``from facet_course.safety import check_procedure``; the code
lives with the other models. This module makes both names the same module object.
"""

import sys

from .models import safety as _safety

sys.modules[__name__] = _safety
