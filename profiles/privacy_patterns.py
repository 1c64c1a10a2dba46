# ruff: noqa: E501  (pattern tables read better unbroken)
"""The data behind `profiles.privacy`: compiled patterns and word lists, in one place.

Patterns run on the original text (so offsets point into what the physician typed), case-insensitive
unless a comment says otherwise. Word lists hold *folded* words (lower case, accents and apostrophes
removed; see `privacy_names.fold`).
"""

import re

_I = re.IGNORECASE

# --- dates -------------------------------------------------------------------------------------
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
DATE = re.compile(
    rf"""\b(?:
        \d{{4}}-\d{{2}}-\d{{2}}                                  # 2024-05-17
      | \d{{1,2}}[/.]\d{{1,2}}[/.](?:\d{{4}}|\d{{2}})            # 11/02/2023, 4.12.51
      | (?<![\d/.])(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[5-9])(?![\d/])  # 6/14 (not 1/2, 3/4: fractions)
      | {_MONTH}\.?\s+{_DAY}(?:,?\s+\d{{4}})?                     # March 3rd, April 6, 2025
      | {_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?              # 14 February 1988
      | (?<=born\s)(?:19|20)\d{{2}}                                # born 1931
      | (?<=born\sin\s)(?:19|20)\d{{2}}                            # born in 1931
    )\b""",
    _I | re.VERBOSE,
)
# A date is about a person when one of these is in its sentence ("DOB" and birth always are)...
DATE_PERSONAL = re.compile(r"\b(?:patient|admitted|admission|discharged|seen|saw|visit(?:ed)?|came in|presented\s+(?:with|to\s+(?:the\s+)?(?:er|ed|clinic|hospital|emergency))|surgery|operat(?:ed|ion)|procedure|biopsy|delivered|died|passed away|diagnosed|appointment|in the (?:er|ed|icu)|had (?:a|an|my|her|his) \w+ in)\b", _I)
DATE_BIRTH = re.compile(r"\b(?:dob|d\.o\.b|date of birth|born|birthday|birth)\b", _I)
# ...unless the sentence is about an event, a publication or the office.
DATE_EVENT = re.compile(r"\b(?:conference|presented\s+at|spoke\s+at|speaking|keynote|award|named|congress|meeting|summit|symposium|webinar|sessions?|lecture|talk|rounds|awareness|deadline|registration|applications?|closed|closes|holiday|vacation|open house|published|study|guidelines?|launch(?:es)?|arrives|opens?)\b", _I)

# --- ages ---------------------------------------------------------------------------------------
AGE = re.compile(
    r"""\b(?:
        (?P<a>\d{2,3})\s*-?\s*(?:years?|yrs?)\s*-?\s*old
      | (?P<b>\d{2,3})\s*-?\s*(?:yo|y/o|y\.o\.)(?![a-z])
      | (?:aged?|age:)\s+(?P<c>\d{2,3})(?!\s*(?:\+|-\s*\d|and\s+(?:over|older|up|above)|or\s+(?:over|older|more|above)|to\s+\d))
      | (?:turns|turned|lived\s+to\s+be)\s+(?P<d>\d{2,3})
      | (?:is|was)\s+(?P<g>\d{2,3})\s+(?:today|tomorrow|this\s+(?:week|month|year)|years\b)
      | (?:she|he)(?:['’]s|\s+is|\s+was)\s+(?P<h>\d{2,3})(?![/.,:]?\d)(?!\s*(?:%|percent|mg|kg|lbs?|pounds|degrees|°|mm|cm|minutes|hours|days|weeks|months|times|beats|points))
      | (?P<e>\d{2,3})(?:st|nd|rd|th)\s+birthday
      | (?<=[a-z]),\s(?P<f>\d{2,3})(?=,)
    )\b
    | \b(?:super)?centenarian\b | \bnonagenarian\b""",
    _I | re.VERBOSE,
)
# "a 100-year-old hospital", "happy 100th birthday to our clinic": things, not people.
AGE_THING_AFTER = re.compile(r"\W*(?:\w+\s+){0,2}?(?:hospital|clinic|practice|building|church|school|university|college|institution|company|tradition|house|tree|bridge|law|journal|society|organi[sz]ation|city|town|village)\b", _I)
# "The average 90-year-old", "every 95-year-old": a group, not a person.
AGE_GROUP_BEFORE = re.compile(r"\b(?:average|typical|every|each|any|most|many)\s+(?:\w+\s+)?$", _I)
# Published cases and studies are public, not the physician's patient.
AGE_LITERATURE = re.compile(r"\b(?:case report|study|trial|published|journal|paper|article|nejm|jama|lancet|bmj)\b", _I)

# --- contact details and numbers --------------------------------------------------------------
PHONE = re.compile(
    r"""(?<![\w/.-])(?:
        (?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]\d{4}      # (312) 555-0187, 617-555-0199
      | \+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}                            # +44 20 7946 0958
    )(?![\w/-])""",
    re.VERBOSE,
)
TOLL_FREE = {"800", "888", "877", "866", "855", "844", "833"}  # organisations' lines, not a person's
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+\b")  # starts only where a word starts: linear
RECORD = re.compile(
    r"""\b(?:
        mrn | medical\s+record(?:\s+(?:number|no\.?|\#))? | (?:patient|chart|case|account|acct|record)\s*(?:id|number|no\.?|\#)
      | chart | (?:member|insurance|subscriber|policy|group|medicare|medicaid|health\s+card)\s*(?:id|number|no\.?|\#)
      | ssn | social\s+security(?:\s+(?:number|no\.?|\#))?
    )\s*[:\#]?\s*(?:is\s+)?\#?(?P<value>(?=[A-Z0-9-]*\d[A-Z0-9-]*\d[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,})\b
    | \b\d{3}-\d{2}-\d{4}\b                                                 # SSN-shaped""",
    _I | re.VERBOSE,
)
_STREET = r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|highway|hwy|parkway|pkwy|trail|square|sq|crescent|close)"
# Case-sensitive on purpose: a street name is capitalised ("42 Maple Street", not "42 maple trees").
ADDRESS = re.compile(
    rf"""\b\d{{1,5}}\s+(?:[NSEW]\.?\s+|(?:North|South|East|West)\s+)?(?:[A-Z][\w'’-]*\s+){{1,3}}(?i:{_STREET})\b\.?
         (?:,?\s+(?i:apt|apartment|unit|suite|ste|\#)\.?\s*\w+)?
       | \b(?i:p\.?\s?o\.?\s+box)\s+\d+\b""",
    re.VERBOSE,
)

# --- patient stories ---------------------------------------------------------------------------
_PERSON = r"(?:man|woman|lady|gentleman|guy|girl|boy|kid|child|baby|infant|toddler|teen|teenager|mom|mother|dad|father|grandmother|grandfather|grandma|grandpa|couple|family|person|student|patient|veteran)"
_TREATED = r"(?:treated|admitted|delivered|examined|operated\s+on|stitched\s+up|cared\s+for|discharged|diagnosed|intubated|resuscitated|sent\s+home|looked\s+after|scoped|casted|sutured)"
_OCCUPATIONS = "teacher|nurse|firefighter|pilot|pastor|priest|rabbi|imam|mayor|coach|chef|cook|judge|farmer|driver|principal|officer|police|cop|lawyer|attorney|accountant|professor|athlete|runner|soldier|mechanic|electrician|plumber|waiter|waitress|bartender|cashier|banker|council\\w*|senator|surgeon|dentist|pharmacist|singer|musician|actor|actress|journalist|reporter|owner|ceo|manager|miner|fisherman|carpenter|hairdresser|barber|librarian|mail carrier|paramedic|janitor|veterinarian|vet"
_CLOCK = r"\d{1,2}(?::\d\d\s*(?:am|pm|a\.m\.|p\.m\.)?|\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|o’clock))"
STORY_ANCHOR = re.compile(
    rf"""\b(?:
        (?:a|one)\s+(?:patient\s+of\s+mine|of\s+my\s+patients)
      | my\s+(?:(?:\d{{1,2}}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|o’clock)|first|last|next|new|youngest|oldest|favou?rite|sickest)\s+)?patient(?:\s+of\s+the\s+day)?\b(?!s)
      | a\s+patient\b(?!s)
      | (?:today|yesterday|tonight|this\s+(?:morning|afternoon|evening)|last\s+night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)['’]s\s+(?:first\s+|last\s+)?patient\b(?!s)
      | (?:the|a|an|this|that)\s+(?:\w+\s+){{0,2}}?{_PERSON}\s+(?:I|we)\s+(?:just\s+)?(?:saw|met|had|{_TREATED})
      | (?:I|we)\s+(?:just\s+)?{_TREATED}\s+(?:him|her|them|twins|(?-i:[A-Z][a-z]+)|(?:a|an|the|this|that|my|our|one)\s+(?:[\w-]+\s+){{0,3}}?(?:{_PERSON}|{_OCCUPATIONS})s?)\b
      | (?:someone|somebody)\s+(?:I|we)\s+(?:saw|{_TREATED})
      | (?:{_PERSON})\s+(?:in|from)\s+(?:room|bed|bay|cubicle)\s+\w*\d\w*
      | (?:my|the|a|today['’]s)\s+{_CLOCK}\s+(?:new\s+)?(?:appointment|visit|consult|patient)\b
      | my\s+{_CLOCK}(?=\s+(?:told|said|was|is|came|asked|had|has|brought|cried|left|showed|today|this))
      | (?:came|walked|rolled|wheeled)\s+in(?:to)?\b
      | presented\s+(?:to|with)\b
    )""",
    _I | re.VERBOSE,
)
STORY_DETAIL = re.compile(
    rf"""\b(?:
        today|yesterday|tonight|this\s+(?:morning|afternoon|evening|week|weekend)|in\s+(?:19|20)\d\d
      | last\s+(?:year|month|spring|summer|fall|autumn|winter)|last\s+(?:night|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)
      | (?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?
      | \d{{1,2}}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|o’clock) | \d{{1,2}}:\d\d
      | \d{{1,3}}\s*-?\s*(?:years?|yrs?)\s*-?\s*old | aged?\s+\d{{1,3}} | ,\s\d{{1,3}}, | in\s+(?:his|her|their)\s+\d0s
      | {_OCCUPATIONS}
      | in\s+(?:the\s+)?(?:clinic|er|ed|icu|or|emergency\s+(?:room|department)|hospital|nursing\s+home|walk-in|office|delivery\s+room)
      | at\s+the\s+walk-in | (?:room|bed|ward)\s+\w*\d\w* | \d+(?:st|nd|rd|th)\s+floor
      | (?:in|from)\s+our\s+(?:town|county|village|city|community|school|church|neighbou?rhood)
      | (?:the\s+)?(?:local|well-known|famous)\b
      | rare|rarest|unusual|strangest|weirdest|bizarre|one\s+in\s+a\s+million|first(?:-ever)?\s+case|only\s+(?:person|one|patient|case)|never\s+seen
      | elevator|crash(?:ed)?|bit(?:ten)?\s+by|bite|stabbed|overdose|pregnant
    )\b""",
    _I | re.VERBOSE,
)
# A capitalised word mid-sentence (a named place, person or thing) is also a detail. Case-sensitive.
PROPER_NOUN = re.compile(r"(?<=[\w,;:'’)] )[A-Z][a-z][\w'’-]*")

# --- sentence and health context -------------------------------------------------------------
SENTENCE_END = re.compile(r"[.!?]+(?=\s+|$)|\n+")
ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "mx", "prof", "st", "no", "vs", "jr", "sr", "apt", "rd", "ave", "blvd", "dept", "e.g", "i.e", "etc", "n", "s", "e", "w", "a.m", "p.m", "approx", "gen", "sen", "rep", "gov", "rev", "capt", "lt", "col"}
# Words that make a sentence about someone's health or care (for a given name used alone).
HEALTH_CONTEXT = re.compile(
    r"""\b(?:visit|appointment|check-?up|exam|diagnos\w*|surger\w*|operation|post-?op|chemo\w*|radiation|insulin|pump|inhaler|
    seizure\w*|epilep\w*|stroke|cancer|tumou?r|diabet\w*|a1c|glucose|sugars?|blood|cholesterol|heart|cardiac|stent|bypass|transplant|
    dialysis|kidney|liver|lungs?|nicu|picu|ccu|neonatal|preemie|premature|results?|labs?|biopsy|scan|mri|ct|x-?ray|ultrasound|fracture|broke|broken|cast|stitch\w*|sutures?|wound|
    injur\w*|knee|hip|vaccin\w*|shots?|jab|pregnan\w*|baby|births?|deliver\w*|labou?r|miscarriage|discharged|admitted|hospital\w*|
    er|ed|icu|ambulance|emergency|crisis|viral\s+load|hiv|hepatitis|medications?|meds|pills?|dose|pharmacy|prescription|treatment|
    therap\w*|physio\w*|rehab|recover\w*|healing|sober|sobriety|addiction|overdose|relapse|depress\w*|anxiety|panic|psychiatr\w*|
    illness|ill|sick|infection|fever|covid|flu|asthma|copd|allerg\w*|migraine|dementia|alzheimer\w*|parkinson\w*|arthritis|lupus|ms|
    flare|pain|symptoms?|workup|work-up|tests?|tested|positive|negative|condition|disease|syndrome|disorder|diagnosis|prognosis|
    palliative|hospice|terminal|passed\s+away|passed|died|cared\s+for|looked\s+after|rest\s+in\s+peace|rip|funeral|condolences|cancer-free|remission|bp|weight|smoking|quit)\b""",
    _I | re.VERBOSE,
)

# --- names -------------------------------------------------------------------------------------
# A name right after one of these is a colleague or a public figure, not a patient (folded words).
PUBLIC_TITLES = {"dr", "doctor", "prof", "professor", "nurse", "rn", "np", "dean", "senator", "sen", "president", "governor", "gov", "rep", "congressman", "congresswoman", "mayor", "king", "queen", "prince", "princess", "sir", "dame", "lord", "pope", "rev", "reverend", "father", "saint", "st", "judge", "justice", "captain", "capt", "general", "chief", "minister", "coach"}
# A given name right after one of these is a colleague ("our practice manager Joy").
COLLEAGUE_ROLES = {"manager", "assistant", "receptionist", "colleague", "coworker", "scribe", "tech", "technician", "pharmacist", "resident", "intern", "fellow", "volunteer", "administrator", "coordinator", "midwife", "therapist", "physiotherapist", "hygienist", "paramedic", "medic", "partner", "mentor", "friend", "team"}
# A name right after one of these is a person addressed by surname: that is how patients are named.
COURTESY_TITLES = {"mr", "mrs", "ms", "miss", "mx", "senor", "senora", "sr", "sra", "mme", "mlle", "monsieur", "madame", "herr", "frau"}
# Letters after a name that mark a colleague.
CREDENTIALS = {"md", "do", "rn", "np", "pa", "phd", "mbbs", "dds", "pharmd", "frcpc", "facp"}
# Eponyms: "Addison's disease", "Graves' disease". After a surname, these words mean the disease.
EPONYM_NOUNS = {"disease", "diseases", "syndrome", "palsy", "sign", "test", "maneuver", "manoeuvre", "lymphoma", "sarcoma", "thyroiditis", "ulcer", "phenomenon", "reflex", "law", "research", "awareness", "foundation", "dementia", "chorea", "tumor", "tumour", "anomaly", "triad", "criteria", "score", "scale", "classification"}
EPONYMS = {"addison", "alzheimer", "parkinson", "crohn", "graves", "hashimoto", "cushing", "bell", "down", "huntington", "hodgkin", "tourette", "raynaud", "kawasaki", "marfan", "lyme", "meniere", "sjogren", "wilson", "asperger", "paget", "whipple", "reiter", "guillain", "barre", "kaposi", "burkitt", "ewing", "wilms", "turner", "klinefelter", "gehrig", "bright", "fabry", "gaucher", "pompe", "tay", "sachs", "conn", "barrett", "baker", "osgood", "schlatter", "perthes", "dupuytren", "peyronie", "bowen", "sever", "still", "behcet", "takayasu", "buerger"}
# Names that are also everyday English words: alone, they count only with a courtesy title
# (surnames) or capitalised mid-sentence in a health story (given names).
COMMON_WORDS = {
    "will", "bill", "mark", "frank", "joy", "hope", "faith", "grace", "rose", "lily", "iris", "ivy", "daisy", "may", "june", "april", "august", "summer", "autumn", "dawn", "eve", "holly", "heather", "ruby", "pearl", "amber", "crystal", "sky", "rain", "art", "guy", "jack", "pat", "sue", "rob", "don", "ray", "gene", "chance", "drew", "wade", "sterling", "destiny", "harmony", "patience", "prudence", "charity", "honor", "angel", "king", "price", "young", "old", "white", "black", "brown", "green", "gray", "grey", "hill", "hills", "wood", "woods", "long", "little", "short", "small", "bell", "hall", "lane", "march", "winter", "spring", "bush", "park", "day", "love", "baker", "cook", "miller", "smith", "turner", "walker", "brooks", "brook", "field", "fields", "ford", "stone", "rivers", "river", "lake", "banks", "bank", "graves", "grave", "rich", "best", "strong", "wise", "hunter", "fisher", "mason", "carpenter", "porter", "page", "fox", "wolf", "bird", "swan", "crane", "hawk", "nash", "church", "chapel", "cross", "north", "south", "west", "east", "cole", "golden", "silver", "gold", "major", "noble", "sharp", "street", "marsh", "moss", "reed", "rush", "snow", "frost", "storm", "shepherd", "steward", "stewart", "bishop", "dean", "judge", "knight", "lord", "sweet", "gentle", "good", "well", "wells", "waters", "ocean", "victor", "sunny",
}
# Words that may be capitalised right before a surname without being another person's given name.
NOT_A_GIVEN_NAME = {
    "the", "a", "an", "and", "but", "or", "so", "to", "for", "with", "from", "of", "by", "at", "in", "on", "as", "if", "when", "after", "before", "since", "while", "because", "about", "like", "than",
    "congrats", "congratulations", "thanks", "thank", "dear", "hi", "hello", "hey", "welcome", "bravo", "go", "get", "happy", "proud", "shout", "cheers", "love", "miss", "remember", "meet", "saw", "met", "visited", "called", "told", "asked", "helped", "treated", "poor", "little", "old", "young", "brave", "sweet", "lovely", "dearest", "today", "yesterday", "tonight", "tomorrow", "now", "then", "also", "even", "still", "just", "our", "my", "your", "his", "her", "their", "this", "that", "these", "those", "yes", "no", "oh", "wow", "ps", "rip", "update", "news", "note", "reminder", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
# "The Hill family", "the Brooks twins": a surname used for a household.
FAMILY_WORDS = {"family", "household", "twins", "kids", "children", "boys", "girls", "sisters", "brothers", "couple"}
NAME_PARTICLES = {"de", "del", "della", "la", "las", "los", "van", "von", "der", "den", "da", "das", "dos", "di", "du", "le", "bin", "ibn", "al", "el", "ter", "ten", "mac"}
