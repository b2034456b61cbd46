import re,sys,collections
W="one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|zero"
def guess(t):
    l=t.lower()
    if re.search(r"\d[.:]\d\d?\s*(a\.?m|p\.?m)|\d\s*(a\.?m\.?|p\.?m\.?)(\s|$)|o'clock|\d\d:\d\d|at night|minutes (before|past|to)",l): return "times_of_day"
    if re.search(r"year-old|years? old|years? of age|aged |age of|age is|or over|under 18|months old",l): return "ages"
    if re.search(r"\b\d+(st|nd|rd|th)\b|(first|second|third|fourth|fifth|eighteenth|eleventh|twentieth|hundredth|trillionth)\b",l) and not re.search(r"a third|one third|two third|a fifth|one-third",l): return "ordinals"
    if re.search(r" per (?!cent)|a day|daily|each (day|week)|per annum|a week|a month|a year|an hour|in one day|-a-year|per day",l): return "rates"
    if re.search(r"[$£€]|dollar|pound|euro|franc|us\$|usd|yen|rupee",l): return "money"
    if re.search(r"%|per cent|percent",l): return "percent"
    if re.search(r"\w-(mile|year|hour|month|week|day|foot|metre|meter|km|acre|strong)|\d+-\w+ (period|debate|drought|team)",l): return "units_adjective"
    if re.search(r"\b(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b",l): return "durations"
    if re.search(r"between .* and |\d+ or \d+|\bto \d|four or five|\d-\d",l): return "ranges"
    if re.search(r"^(hundreds|thousands|dozens|scores|tens of|many|several)",l): return "vague"
    if re.search(r"half|third|quarter|fifth|¼|½|¾|/\d| out of ",l): return "fractions"
    if re.search(r"point",l): return "decimal_words"
    if re.search(r"^(about|some|around|approximately|roughly|nearly|almost|more than|over|under|up to|at least|upwards|no fewer|no less|just|well over|less than|within|exceeded|not exceeding|as many)",l): return "hedges"
    if re.search(r"\d\s*(million|billion|trillion|thousand|m|bn|k)\b|dozen|lakh|crore",l): return "scales"
    if re.search(r"ton|tonne|yard|inch|feet|foot|kg|pound|gallon|acre|square|mt\b|mm\b|cm\b",l): return "units_other"
    if re.search(r"hundred|thousand",l) and not re.search(r"\d",l): return "compound_words"
    if re.search(r"\b("+W+r")\b",l) and not re.search(r"\d",l): return "words"
    return "digits"
if __name__=="__main__":
    c=collections.Counter()
    for fn in sys.argv[1:]:
        for line in open(fn,encoding="utf-8"):
            t=line.split("\t")[0]; c[guess(t)]+=1
    for k,v in sorted(c.items(),key=lambda x:-x[1]): print(k,v)
    print("total",sum(c.values()))
