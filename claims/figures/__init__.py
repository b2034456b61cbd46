"""Reading figures: numbers, hedges, ranges and units in text, into intervals in one unit. Rules without I/O."""
