"""Pure models: numbers in, numbers out, units in names or docstrings; each data table has one loader here.
No plotting, no widgets, no lesson imports. The safety rule set is public as ``facet_course.safety``."""
