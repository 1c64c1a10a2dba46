"""Table tests for the patient-privacy guard (profiles/privacy.py): no database."""

import dataclasses
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles.privacy import Finding, Kind, privacy_findings
from profiles.privacy_names import fold, name_index

PATIENTS = ["María López", "José Hernández", "Siobhán O'Brien", "Bjørn Eriksen", "Łukasz Wójcik", "Anil Patel",
            "Harold Williams", "Rose Hill", "Will Baker", "Claire Addison", "Leo Graves", "Dmitri Volkov",
            "Ana de la Cruz", "Lucía Fernández-Ruiz", "Mateo García Márquez", "Fatima Al-Sayed", "Aiko Tanaka"]
PRACTICE = ["(555) 010-2000", "office@lakeside.example", "200 Harbor Street"]


def check(text, **kwargs):
    return privacy_findings(text, PATIENTS, public_contacts=PRACTICE, **kwargs)


def spans(text, kind):
    return [f.text for f in check(text) if f.kind is kind]


@pytest.mark.parametrize(("text", "kind", "span"), [
    # names: full, folded, cased, possessive
    ("Huge congratulations to María López on finishing chemo!", Kind.PATIENT_NAME, "María López"),
    ("Maria Lopez's blood pressure is finally controlled.", Kind.PATIENT_NAME, "Maria Lopez"),
    ("MARIA LÓPEZ IS CANCER FREE", Kind.PATIENT_NAME, "MARIA LÓPEZ"),
    ("maria lopez came by", Kind.PATIENT_NAME, "maria lopez"),
    ("Lopez' recovery has been remarkable.", Kind.PATIENT_NAME, "Lopez"),
    ("LÓPEZ’S daughter called.", Kind.PATIENT_NAME, "LÓPEZ"),
    ("Thinking of Siobhan O’Brien tonight.", Kind.PATIENT_NAME, "Siobhan O’Brien"),
    ("Bjorn Eriksen finally agreed to a colonoscopy.", Kind.PATIENT_NAME, "Bjorn Eriksen"),
    ("Lukasz Wojcik is off insulin.", Kind.PATIENT_NAME, "Lukasz Wojcik"),
    ("Mateo García Márquez finished radiation.", Kind.PATIENT_NAME, "Mateo García Márquez"),
    ("Mateo Garcia is home.", Kind.PATIENT_NAME, "Mateo Garcia"),
    ("Lucía Fernández-Ruiz's asthma is controlled.", Kind.PATIENT_NAME, "Lucía Fernández-Ruiz"),
    ("Ana de la Cruz is the toughest person I know.", Kind.PATIENT_NAME, "Ana de la Cruz"),
    ("De la Cruz is doing great.", Kind.PATIENT_NAME, "De la Cruz"),
    ("Rose Hill celebrated one year sober.", Kind.PATIENT_NAME, "Rose Hill"),
    ("Claire Addison's adrenal crisis was terrifying.", Kind.PATIENT_NAME, "Claire Addison"),
    # surname alone: distinctive, or a common word after a courtesy title
    ("Volkov's liver numbers are the best in a decade.", Kind.PATIENT_NAME, "Volkov"),
    ("Congrats Volkov on the new knee!", Kind.PATIENT_NAME, "Volkov"),
    ("Shout out to MR. HERNÁNDEZ for doing his physio.", Kind.PATIENT_NAME, "HERNÁNDEZ"),
    ("Mrs. Hill from my Tuesday clinic has a pacemaker now.", Kind.PATIENT_NAME, "Hill"),
    ("The Hill family was in for flu shots.", Kind.PATIENT_NAME, "Hill"),
    ("Mr. Graves from the 4th floor got his new hip.", Kind.PATIENT_NAME, "Graves"),
    ("Mr Patel is home after his stroke.", Kind.PATIENT_NAME, "Patel"),
    # given name alone, in a sentence about health
    ("Saw Dmitri in clinic and his seizures have stopped.", Kind.PATIENT_NAME, "Dmitri"),
    ("Claire's adrenal crisis was scary.", Kind.PATIENT_NAME, "Claire"),
    ("Dmitri's parents thanked the NICU team.", Kind.PATIENT_NAME, "Dmitri"),
    # dates tied to a person
    ("Patient DOB 04/12/1951 presented with chest pain.", Kind.DATE, "04/12/1951"),
    ("Born on 14 February 1988, she was admitted on her birthday.", Kind.DATE, "14 February 1988"),
    ("Had a patient in on March 3rd with measles.", Kind.DATE, "March 3rd"),
    ("Her surgery on 2024-05-17 went perfectly.", Kind.DATE, "2024-05-17"),
    ("He was born in 1931 and still drives.", Kind.DATE, "1931"),
    ("Admitted on 6/14 with DKA, home by 6/17.", Kind.DATE, "6/14"),
    ("Volkov's scan on 2024-05-17 was clear.", Kind.DATE, "2024-05-17"),
    # ages over 89
    ("A 93-year-old woman broke her first bone.", Kind.AGE_OVER_89, "93-year-old"),
    ("A 90 yo man with a hip fracture.", Kind.AGE_OVER_89, "90 yo"),
    ("Aged 91 and still gardening.", Kind.AGE_OVER_89, "Aged 91"),
    ("Age 97, two hip replacements.", Kind.AGE_OVER_89, "Age 97"),
    ("Our oldest patient just turned 104!", Kind.AGE_OVER_89, "turned 104"),
    ("She's 92 and sharp as a tack.", Kind.AGE_OVER_89, "She's 92"),
    ("Otto, 94, still walks to every appointment.", Kind.AGE_OVER_89, ", 94"),
    ("Our local centenarian came in for her shot.", Kind.AGE_OVER_89, "centenarian"),
    # contact details and numbers
    ("His number 617-555-0199 is disconnected.", Kind.PHONE, "617-555-0199"),
    ("Call her at (312) 555-0187.", Kind.PHONE, "(312) 555-0187"),
    ("Please call back at +1 416 555 0142.", Kind.PHONE, "+1 416 555 0142"),
    ("The UK number is +44 20 7946 0958.", Kind.PHONE, "+44 20 7946 0958"),
    ("Reached out to jenny.marsh77@gmail.com, no reply.", Kind.EMAIL, "jenny.marsh77@gmail.com"),
    ("MRN 00482913: fascinating sarcoidosis.", Kind.RECORD_NUMBER, "MRN 00482913"),
    ("Chart #44817 is my favourite comeback.", Kind.RECORD_NUMBER, "Chart #44817"),
    ("Insurance denied member ID XJH449201873 again.", Kind.RECORD_NUMBER, "member ID XJH449201873"),
    ("They rejected policy number 88-4412-09.", Kind.RECORD_NUMBER, "policy number 88-4412-09"),
    ("412-55-8821 was on the fax.", Kind.RECORD_NUMBER, "412-55-8821"),
    ("Patient ID: AB12345 was mislabelled.", Kind.RECORD_NUMBER, "Patient ID: AB12345"),
    ("Home visit to 42 Maple Street for a wound check.", Kind.ADDRESS, "42 Maple Street"),
    ("Dropped off her meds at 1187 Birchwood Ave, Apt 3B on my way.", Kind.ADDRESS, "1187 Birchwood Ave, Apt 3B"),
    ("House call at 305 W. Harbor Rd. for a man with COPD.", Kind.ADDRESS, "305 W. Harbor Rd"),
    # a specific encounter with a detail
    ("A patient of mine yesterday was diagnosed with TB.", Kind.PATIENT_STORY, "A patient of mine"),
    ("One of my patients this morning told me he can't sleep.", Kind.PATIENT_STORY, "One of my patients"),
    ("The man I saw in clinic today has amyloidosis.", Kind.PATIENT_STORY, "The man I saw"),
    ("My 3 pm patient was a pilot with sleep apnea.", Kind.PATIENT_STORY, "My 3 pm patient"),
    ("My patient, a 34-year-old teacher, has lupus.", Kind.PATIENT_STORY, "My patient"),
    ("Tuesday's patient with the purple hair, you know who you are.", Kind.PATIENT_STORY, "Tuesday's patient"),
    ("A 45-year-old accountant came in today sure he had a tumor.", Kind.PATIENT_STORY, "came in"),
    ("Last night in the ER I cared for the principal of Westside Elementary.", Kind.PATIENT_STORY,
     "I cared for the principal"),
    ("We admitted a young woman with meningitis today.", Kind.PATIENT_STORY, "We admitted a young woman"),
    ("The 4 o'clock appointment today was a kid with a broken arm.", Kind.PATIENT_STORY, "The 4 o'clock appointment"),
    ("My 9:30 told me he drinks a bottle of vodka a day.", Kind.PATIENT_STORY, "My 9:30"),
    ("Someone I treated for sepsis in 2019 just ran a half marathon.", Kind.PATIENT_STORY, "Someone I treated"),
    ("The lady in room 12 asked me to post this photo.", Kind.PATIENT_STORY, "lady in room 12"),
    ("I treated Ruth for pneumonia today.", Kind.PATIENT_STORY, "I treated Ruth"),
])
def test_identifying_detail_is_found_with_its_span(text, kind, span):
    assert span in spans(text, kind)


@pytest.mark.parametrize("text", [
    # public figures and colleagues who share a patient's name
    "Serena Williams' story of a postpartum embolism is a reminder to listen to women.",
    "My colleague Dr. Patel gave a brilliant grand rounds on heart failure today.",
    "Dr. Lopez presented at grand rounds.",
    "Patel MD and colleagues published a great review.",
    "I read the new Tanaka et al. paper on gastric cancer.",
    "Congratulations to my colleague Dr. María Gómez on her promotion!",
    "Maria Sharapova's meldonium story is a lesson about checking your medications.",
    "Our practice manager Joy keeps the whole clinic running.",
    "Our nurse Claire is the best.",
    # eponyms and everyday words that are also names
    "Addison's disease is rare, but missing it can be fatal.",
    "Graves' disease and Hashimoto's thyroiditis are both autoimmune.",
    "Addison's is rare, but know the signs of adrenal crisis.",
    "Took a walk up the hill behind the hospital at lunch.",
    "Will you be at the flu shot clinic on Saturday?",
    "I'll be frank: the evidence for most supplements is weak.",
    "Rose-colored glasses aside, the new obesity drugs have side effects.",
    "Happy birthday Maria! Wishing you a wonderful year.",
    # drugs, diseases, dates that are not about a patient
    "Metformin remains first-line for most adults with type 2 diabetes.",
    "Excited to speak at the ACC Scientific Sessions on April 6, 2025 in Chicago.",
    "I presented our research on sepsis at the conference on 12 March 2024 in Vienna.",
    "The 2019 ACC/AHA guidelines changed how we think about aspirin.",
    "November is Diabetes Awareness Month.",
    "Our practice will be closed on December 25 and January 1.",
    "Blood pressure 130/80 is the new threshold.",
    "Take 1/2 tablet if the patient is small.",
    "Open 24/7 for our patients.",
    # ages that do not single anyone out
    "Age 45 is when most people should start colorectal screening.",
    "A 45-year-old with chest pain deserves an ECG.",
    "People aged 90 and over are the fastest-growing age group.",
    "This 100-year-old hospital has seen a lot of change.",
    "Happy 100th birthday to our hospital!",
    "A case report in JAMA describes a 94-year-old marathon runner.",
    "He was 90 minutes late.",
    "The average 90-year-old takes more than five medicines.",
    "A 2023 study of 95-year-olds linked activity and memory.",
    # numbers that belong to the practice or to the public
    "Call 988 if you are in crisis.",
    "Poison control is 1-800-222-1222.",
    "Call the office at (555) 010-2000 to book.",
    "Questions? Email office@lakeside.example",
    "Our office is at 200 Harbor Street, Suite 4.",
    # patients in general, and the physician's own day
    "To all my patients: the office closes early today.",
    "A patient once told me the waiting room was the scariest part.",
    "When a patient comes in with chest pain, we always do an ECG.",
    "I treated myself to a new stethoscope today.",
    "We delivered 40 flu shots at the community fair on Saturday.",
    "I saw a great talk today on AI in radiology.",
    "My 30 years in practice taught me patience.",
    "Our 9 am clinic starts on time.",
])
def test_ordinary_post_has_no_findings(text):
    assert check(text) == []


@pytest.mark.parametrize(("text", "reason_part"), [
    ("María López finished chemo.", "Names a patient of the practice (María López)"),
    ("Volkov is home.", "surname of a patient of the practice (Dmitri Volkov)"),
    ("Saw Dmitri for his seizures.", "given name of a patient of the practice (Dmitri Volkov)"),
    ("My 3 pm patient was a pilot.", "“3 pm”"),
])
def test_reason_tells_the_physician_why_in_plain_words(text, reason_part):
    assert any(reason_part in f.reason for f in check(text))


def test_span_offsets_point_into_the_original_text():
    text = ("Dear Mrs. Sørensen,\nLÓPEZ’S scan on 2024-05-17 was clear; call 617-555-0199 or "
            "write to k.dawson@outlook.com. MRN 00482913, 42 Maple Street. My 3 pm patient, aged 93, says hi.")
    found = privacy_findings(text, [*PATIENTS, "Ingrid Sørensen"])
    assert {f.kind for f in found} == set(Kind)
    for f in found:
        assert text[f.start:f.end] == f.text
    assert found == sorted(found, key=lambda f: f.start)


def test_a_finding_is_a_frozen_value():
    finding = check("Volkov is home.")[0]
    assert isinstance(finding, Finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.text = "x"


@pytest.mark.parametrize(("raw", "folded"), [
    ("López", "lopez"), ("O’Brien", "obrien"), ("Bjørn", "bjorn"), ("Łukasz", "lukasz"),
    ("Al-Sayed", "alsayed"), ("Straße", "strasse"), ("ZOË", "zoe"),
])
def test_names_are_folded_for_case_accents_and_apostrophes(raw, folded):
    assert fold(raw) == folded


def test_empty_registry_still_finds_numbers_and_stories():
    kinds = {f.kind for f in privacy_findings("My 3 pm patient left 617-555-0199.", [])}
    assert kinds == {Kind.PATIENT_STORY, Kind.PHONE}


def test_a_large_registry_is_indexed_once():
    def word(n):  # letters only, distinct for each n: "Zqaaa", "Zqbaa", ...
        return "Zq" + "".join("abcdefghijklmnopqrstuvwxyz"[(n // 26 ** k) % 26] for k in range(3))

    names = tuple(f"{word(i)} {word(i)}son" for i in range(10_000)) + ("María López",)
    index = name_index(names)
    assert name_index(names) is index
    found = privacy_findings(f"Maria Lopez and {word(77)} {word(77)}son both came in today.", index)
    assert [f.text for f in found if f.kind is Kind.PATIENT_NAME] == ["Maria Lopez", f"{word(77)} {word(77)}son"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_gives_findings_whose_spans_match_the_text(text):
    for f in privacy_findings(text, PATIENTS):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text


@pytest.mark.parametrize("unit", [
    "1234567890-", "a.", "MRN 1-", "a" * 3 + "@" + "b.",
    "the man I saw aged 93 on March 3 at 12 Main Street ",
])
def test_long_or_hostile_text_costs_time_in_proportion_to_its_length(unit):
    # No wall-clock budget here (speed is measured by `make bench`): only the growth. Four times the
    # text may cost about four times as long; a pattern that backtracks would cost sixteen times or more.
    def cost(repeats: int) -> float:
        text = unit * repeats
        runs = []
        for _ in range(3):
            started = time.process_time()
            privacy_findings(text, PATIENTS)
            runs.append(time.process_time() - started)
        return min(runs)

    small, large = cost(500), cost(2000)
    assert large < 10 * small + 0.05
