"""The bands hedges are read as: "nearly 400" is 0.9 X to X, "just over 400" X to 1.1 X.

A table of its own, so that what only needs to know which qualifiers are bands (a
comparison of stored claims) does not load the figure reader and compile its patterns."""

BANDS = {"just_under": (0.9, 1.0), "just_over": (1.0, 1.1)}
