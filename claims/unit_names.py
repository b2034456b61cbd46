"""What people write for each unit: the lookup tables behind `claims.units`, as data.

Every length and area unit that pint knows is here under the names people write
(singular, plural, British and American spelling, the usual symbols), except the
few in `NOT_UNITS`, whose names are ordinary words first ("point", "hand",
"section") or symbols that read as something else ("in", "pc", "au"). A test
holds this table to pint's registry, so a unit pint adds cannot go missing in
silence. Masses, volumes, durations and currencies are the ones claims use.
"""

# canonical unit -> (dimension, pint expression, the names people write)
PHYSICAL = {
    # lengths
    "m": ("length", "meter", ("m", "metre", "metres", "meter", "meters")),
    "km": ("length", "kilometer", ("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers")),
    "cm": ("length", "centimeter", ("cm", "centimetre", "centimetres", "centimeter", "centimeters")),
    "mm": ("length", "millimeter", ("mm", "millimetre", "millimetres", "millimeter", "millimeters")),
    "dm": ("length", "decimeter", ("dm", "decimetre", "decimetres", "decimeter", "decimeters")),
    "µm": ("length", "micrometer", ("µm", "micrometre", "micrometres", "micrometer", "micrometers",
                                    "micron", "microns")),
    "fm": ("length", "femtometer", ("femtometre", "femtometres", "femtometer", "femtometers", "fermi", "fermis")),
    "mi": ("length", "mile", ("mi", "mile", "miles", "international mile", "international miles")),
    "ft": ("length", "foot", ("ft", "foot", "feet", "international foot", "international feet")),
    "yd": ("length", "yard", ("yd", "yds", "yard", "yards", "international yard", "international yards")),
    "in": ("length", "inch", ("inch", "inches", "international inch", "international inches")),
    "nmi": ("length", "nautical_mile", ("nmi", "nautical mile", "nautical miles")),
    "survey mi": ("length", "survey_mile", ("survey mile", "survey miles", "us statute mile", "us statute miles")),
    "survey ft": ("length", "survey_foot", ("survey foot", "survey feet")),
    "furlong": ("length", "furlong", ("furlong", "furlongs")),
    "fathom": ("length", "fathom", ("fathom", "fathoms")),
    "league": ("length", "league", ("league", "leagues")),
    "cable": ("length", "cables_length", ("cable length", "cable lengths", "cables length")),
    "ly": ("length", "light_year", ("light year", "light years", "light-year", "light-years", "lightyear",
                                    "lightyears")),
    "parsec": ("length", "parsec", ("parsec", "parsecs")),
    "astronomical unit": ("length", "astronomical_unit", ("astronomical unit", "astronomical units")),
    "angstrom": ("length", "angstrom", ("angstrom", "angstroms", "ångström", "ångströms", "å")),
    "bohr": ("length", "bohr", ("bohr", "bohr radius", "bohr radii", "atomic unit of length")),
    "planck length": ("length", "planck_length", ("planck length", "planck lengths")),
    # areas
    "m2": ("area", "meter**2", ("m2", "sq m", "square metre", "square metres", "square meter", "square meters")),
    "km2": ("area", "kilometer**2", ("km2", "sq km", "sq. km", "sqkm", "square kilometre", "square kilometres",
                                     "square kilometer", "square kilometers")),
    "mi2": ("area", "mile**2", ("mi2", "sq mi", "sq. mi", "sq miles", "square mile", "square miles")),
    "ft2": ("area", "foot**2", ("ft2", "sq ft", "sq. ft", "square foot", "square feet")),
    "yd2": ("area", "yard**2", ("yd2", "sq yd", "sq yds", "square yard", "square yards")),
    "in2": ("area", "inch**2", ("in2", "sq in", "square inch", "square inches")),
    "ha": ("area", "hectare", ("ha", "hectare", "hectares")),
    "acres": ("area", "acre", ("acre", "acres")),
    "square league": ("area", "square_league", ("square league", "square leagues")),
    "square survey mile": ("area", "square_survey_mile", ("square survey mile", "square survey miles")),
    "square rod": ("area", "square_rod", ("square rod", "square rods", "sq rod", "sq rods")),
    "circular mil": ("area", "circular_mil", ("circular mil", "circular mils", "cmil")),
    "darcy": ("area", "darcy", ("darcy", "darcys", "darcies")),
    # volumes and masses: what claims about aid, fuel and grain use
    "m3": ("volume", "meter**3", ("m3", "cubic metre", "cubic metres", "cubic meter", "cubic meters")),
    "l": ("volume", "liter", ("l", "litre", "litres", "liter", "liters")),
    "gal": ("volume", "gallon", ("gal", "gallon", "gallons")),
    "bbl": ("volume", "oil_barrel", ("bbl", "barrel of oil", "barrels of oil", "oil barrel", "oil barrels")),
    "kg": ("mass", "kilogram", ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes")),
    "g": ("mass", "gram", ("g", "gram", "grams", "gramme", "grammes")),
    "t": ("mass", "metric_ton", ("t", "tonne", "tonnes", "metric ton", "metric tons")),
    "ton": ("mass", "short_ton", ("ton", "tons", "short ton", "short tons")),
    "long ton": ("mass", "long_ton", ("long ton", "long tons")),
    "lb": ("mass", "pound", ("lb", "lbs")),
    "oz": ("mass", "ounce", ("oz", "ounce", "ounces")),
    # shares
    "%": ("percent", "percent", ("%", "percent", "per cent", "pct", "percentage point", "percentage points")),
    # durations: how long something lasted ("61 days"); a rate says "a day" instead
    "minutes": ("time", "minute", ("minute", "minutes", "min", "mins")),
    "hours": ("time", "hour", ("hour", "hours", "hr", "hrs")),
    "days": ("time", "day", ("day", "days")),
    "weeks": ("time", "week", ("week", "weeks")),
    "months": ("time", "month", ("month", "months")),
    "years": ("time", "year", ("year", "years")),
    "decades": ("time", "decade", ("decade", "decades")),
}

# Pint's names that are not read as units, and why: an ordinary word first, or a
# symbol that reads as something else in a figure. The test that holds PHYSICAL to
# pint's registry accepts these and nothing else.
NOT_UNITS = {
    "point": "an ordinary word (typography)", "pp": "typography", "bp": "typography",
    "big_point": "typography", "printers_point": "typography", "pica": "typography",
    "printers_pica": "typography", "cicero": "typography", "didot": "typography", "tex_point": "typography",
    "tex_pica": "typography", "tex_cicero": "typography", "tex_didot": "typography",
    "scaled_point": "typography", "css_pixel": "typography", "px": "typography",
    "hand": "an ordinary word", "link": "an ordinary word", "li": "a symbol", "survey_link": "an ordinary word",
    "chain": "an ordinary word", "pole": "an ordinary word", "perch": "an ordinary word", "rod": "an ordinary word",
    "rd": "a symbol (road)", "section": "an ordinary word", "barn": "an ordinary word", "b": "a symbol",
    "are": "an ordinary word", "thou": "an ordinary word", "th": "a symbol", "mil_length": "reads as military",
    "in": "an ordinary word (the preposition)", "pc": "a symbol (per cent, computer)",
    "au": "a symbol (gold)", "ly": "a symbol", "fm": "a symbol (radio)", "fur": "an ordinary word",
    "µ": "a symbol", "μ": "a symbol", "sft": "a symbol", "smi": "a symbol",
    "statF": "pint's Gaussian capacitance, not a length anyone writes", "statfarad": "the same",
    "a0": "a symbol", "a_0": "a symbol", "a_u_length": "a symbol", "r_e": "a symbol",
    "classical_electron_radius": "a physical constant", "sigma_e": "a physical constant",
    "σ_e": "a physical constant", "thomson_cross_section": "a physical constant",
    "x_unit_Cu": "a physical constant", "x_unit_Mo": "a physical constant", "Xu_Cu": "a physical constant",
    "Xu_Mo": "a physical constant", "Å_star": "a physical constant", "angstrom_star": "a physical constant",
    "cmil": "a symbol", "sq_perch": "an ordinary word", "sq_pole": "an ordinary word",
}

# ISO 4217 codes, and what people write for them. "$" and "dollars" are US dollars
# unless another country's mark is written (C$, A$); different currencies never convert.
CURRENCIES = {
    "USD": ("$", "us$", "usd", "dollar", "dollars", "us dollar", "us dollars"),
    "EUR": ("€", "eur", "euro", "euros"),
    "GBP": ("£", "gbp", "pound sterling", "pounds sterling", "sterling"),
    "UAH": ("₴", "uah", "hryvnia", "hryvnias", "hryvnya", "hryvnyas", "hryvni"),
    "RUB": ("₽", "rub", "rouble", "roubles", "ruble", "rubles"),
    "JPY": ("¥", "jpy", "yen"),
    "CNY": ("cny", "rmb", "yuan", "renminbi"),
    "CHF": ("chf", "swiss franc", "swiss francs"),
    "CAD": ("c$", "ca$", "cad", "canadian dollar", "canadian dollars"),
    "AUD": ("a$", "au$", "aud", "australian dollar", "australian dollars"),
    "INR": ("₹", "inr", "rupee", "rupees"),
    "ILS": ("₪", "ils", "shekel", "shekels"),
    "TRY": ("₺", "lira", "liras", "turkish lira", "turkish liras"),
    "SDG": ("sdg", "sudanese pound", "sudanese pounds"),
    "SYP": ("syp", "syrian pound", "syrian pounds"),
}
