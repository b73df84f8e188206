"""Demo content for EczemaFeed, as plain data. Loaded by ``manage.py load_demo_content``.

Facts and figures come from the seed documents and mainstream dermatology sources; the
wording is our own. British spelling throughout (titles of cited papers keep their own).
Authors are invented demo personas. References are real; a DOI or PubMed ID is given only
where it was checked, otherwise left blank.
"""

import textwrap
from datetime import date

from content.models import ApprovalStatus, BodySystem, EvidenceGrade, FrequencyBand, Route, Severity, StudyType
from content.models import WarningKind as Kind


def _text(value):
    """Plain text: paragraphs split on blank lines, each folded onto one line."""
    paragraphs = textwrap.dedent(value).strip().split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _md(value):
    """Markdown: dedented and trimmed, line breaks kept."""
    return textwrap.dedent(value).strip()


# Side effects only a test or a scan shows: the review form does not offer them as something people noticed.
FOUND_BY_TESTS = {
    "Increased blood triglycerides",
    "Reduced bone mineral density",
    "High blood pressure",
    "Changes in blood sugar levels",
    "Reduced white blood cell count",
    "Raised creatine phosphokinase (CPK)",
    "Raised blood fats",
    "Changes in liver blood tests",
    "Raised eosinophils in the blood",
    "Adrenal suppression",
}


def _se(name, system, band=None, percent=None, serious=False, note=""):
    """A side effect. Give a percent when a trial figure is known, otherwise a band."""
    return {
        "name": name,
        "body_system": system,
        "frequency_percent": percent,
        "frequency_band": band,
        "is_serious": serious,
        "noticeable": name not in FOUND_BY_TESTS,
        "note": _text(note),
    }


def _warn(kind, severity, title, text):
    return {"kind": kind, "severity": severity, "title": title, "text": _text(text)}


# --------------------------------------------------------------------------- people

AUTHORS = [
    {
        "slug": "gregor-smith",
        "name": "Gregor Smith",
        "credentials": "",
        "role": "Founder and editor, EczemaFeed",
        "is_medical_reviewer": False,
        "bio": _text(
            """
            Gregor started EczemaFeed after living with eczema for most of his life and growing
            tired of advice that was either vague or overconfident. He writes about treatments,
            everyday skin care and readers' own experiences, aiming to give people with eczema,
            and those who look after them, information they can trust.

            Gregor is not a medical professional. His articles are checked by a medical reviewer
            before they are published.
            """
        ),
    },
    {
        "slug": "amara-okafor",
        "name": "Dr Amara Okafor",
        "credentials": "MBBS, MRCP (Dermatology)",
        "role": "Consultant dermatologist and medical reviewer",
        "is_medical_reviewer": True,
        "bio": _text(
            """
            Amara is a dermatologist with a particular interest in eczema, acne and the safe use
            of tablet and injected treatments for skin disease. She reviews EczemaFeed articles
            and treatment pages for accuracy and checks that our evidence grades match the
            studies we cite.
            """
        ),
    },
    {
        "slug": "tom-hargreaves",
        "name": "Tom Hargreaves",
        "credentials": "",
        "role": "Health writer",
        "is_medical_reviewer": False,
        "bio": _text(
            """
            Tom is a health journalist who has written about skin conditions and medicines for
            patient charities and consumer websites. At EczemaFeed he focuses on how treatments
            are tested, and on what the evidence does and does not show.
            """
        ),
    },
]

# --------------------------------------------------------------------------- drug classes

DRUG_CLASSES = [
    {
        "slug": "retinoids",
        "name": "Retinoids",
        "description": _text(
            """
            Medicines related to vitamin A that act on retinoic acid receptors in the skin. Some
            are taken by mouth (isotretinoin, acitretin) and some applied to the skin (adapalene,
            tretinoin). They are used for acne, psoriasis and other skin conditions. Retinoids
            taken by mouth can cause serious birth defects.
            """
        ),
    },
    {
        "slug": "monoclonal-antibodies",
        "name": "Monoclonal antibodies",
        "description": _text(
            """
            Laboratory-made antibodies designed to block one specific target in the immune
            system. They are given by injection and are often called biologics.
            """
        ),
    },
    {
        "slug": "interleukin-4-receptor-antagonists",
        "name": "Interleukin-4 receptor antagonists",
        "description": _text(
            """
            Medicines that block the receptor shared by interleukin-4 and interleukin-13, two
            signalling proteins that drive the type of inflammation seen in atopic eczema and
            some allergic conditions.
            """
        ),
    },
    {
        "slug": "topical-corticosteroids",
        "name": "Topical corticosteroids",
        "description": _text(
            """
            Steroid creams, ointments, lotions and foams that calm inflammation in the skin. They
            range from mild (such as hydrocortisone 1%) to very potent, and the strength is
            matched to the condition and the part of the body being treated.
            """
        ),
    },
    {
        "slug": "azole-antifungals",
        "name": "Azole antifungals",
        "description": _text(
            """
            Medicines that stop yeasts and fungi from building their cell membranes. Used on the
            skin and scalp, they reduce the Malassezia yeast involved in seborrhoeic dermatitis
            and dandruff.
            """
        ),
    },
    {
        "slug": "vasodilators",
        "name": "Vasodilators",
        "description": _text(
            """
            Medicines that widen blood vessels. Minoxidil was first developed as a blood pressure
            tablet; applied to the scalp, it is used to treat pattern hair loss.
            """
        ),
    },
]

# --------------------------------------------------------------------------- references

DAILYMED = "https://dailymed.nlm.nih.gov/dailymed/search.cfm?labeltype=all&query="

# Keyed by a short handle that treatments and articles use to cite them.
REFERENCES = {
    "acne-aad-2024": {
        "title": "Guidelines of care for the management of acne vulgaris",
        "authors": "Reynolds RV, Yeung H, Cheng CE, et al.",
        "source": "Journal of the American Academy of Dermatology",
        "year": 2024,
        "doi": "10.1016/j.jaad.2023.12.017",
        "pmid": "38300170",
        "study_type": StudyType.GUIDELINE,
    },
    "acne-nice-ng198": {
        "title": "Acne vulgaris: management (NICE guideline NG198)",
        "authors": "National Institute for Health and Care Excellence",
        "source": "NICE",
        "year": 2021,
        "url": "https://www.nice.org.uk/guidance/ng198",
        "study_type": StudyType.GUIDELINE,
    },
    "isotretinoin-cochrane-2018": {
        "title": "Oral isotretinoin for acne",
        "authors": "Costa CS, Bagatin E, Martimbianco ALC, et al.",
        "source": "Cochrane Database of Systematic Reviews",
        "year": 2018,
        "doi": "10.1002/14651858.CD009435.pub2",
        "pmid": "30484286",
        "study_type": StudyType.SYSTEMATIC_REVIEW,
    },
    "isotretinoin-label": {
        "title": "Isotretinoin capsules: US prescribing information and Medication Guide",
        "source": "DailyMed, US National Library of Medicine",
        "url": DAILYMED + "isotretinoin",
        "study_type": StudyType.DRUG_LABEL,
    },
    "isotretinoin-off-label-review": {
        "title": "Updated physician's guide to the off-label uses of oral isotretinoin",
        "authors": "Nickle SB, Peterson N, Peterson M",
        "source": "Journal of Clinical and Aesthetic Dermatology",
        "year": 2014,
        "pmid": "24765227",
        "study_type": StudyType.EXPERT_OPINION,
    },
    "isotretinoin-brazil-consensus": {
        "title": "Consensus on the use of oral isotretinoin in dermatology - Brazilian Society of Dermatology",
        "authors": "Bagatin E, Costa CS, da Rocha MAD, et al.",
        "source": "Anais Brasileiros de Dermatologia",
        "year": 2020,
        "doi": "10.1016/j.abd.2020.09.001",
        "pmid": "33036809",
        "study_type": StudyType.EXPERT_OPINION,
    },
    "isotretinoin-eczema-cohort": {
        "title": (
            "Prevalence of isotretinoin therapy in adolescents and young adults with and without "
            "atopic dermatitis: a nationwide prescription-based population study"
        ),
        "authors": "Mohn CH, Blix HS, Brænd AM, Nafstad P, Halvorsen JA",
        "source": "Acta Dermato-Venereologica",
        "year": 2023,
        "doi": "10.2340/actadv.v103.9424",
        "study_type": StudyType.COHORT,
    },
    "isotretinoin-seb-derm-trial": {
        "title": (
            "Low-dose oral isotretinoin for moderate to severe seborrhea and seborrheic dermatitis: "
            "a randomized comparative trial"
        ),
        "authors": "de Souza Leão Kamamoto C, Sanudo A, Hassun KM, Bagatin E",
        "source": "International Journal of Dermatology",
        "year": 2017,
        "doi": "10.1111/ijd.13408",
        "study_type": StudyType.RCT,
    },
    "isotretinoin-hair-loss-account": {
        "title": "Isotretinoin and hair loss: a personal account of low-dose use",
        "source": "Personal account on a hair-loss website",
        "study_type": StudyType.PATIENT_ACCOUNT,
    },
    "eczema-aad-topical-2023": {
        "title": "Guidelines of care for the management of atopic dermatitis in adults with topical therapies",
        "authors": "Sidbury R, Alikhan A, Bercovitch L, et al.",
        "source": "Journal of the American Academy of Dermatology",
        "year": 2023,
        "study_type": StudyType.GUIDELINE,
    },
    "eczema-aad-systemic-2024": {
        "title": (
            "Guidelines of care for the management of atopic dermatitis in adults with phototherapy "
            "and systemic therapies"
        ),
        "authors": "Davis DMR, Drucker AM, Alikhan A, et al.",
        "source": "Journal of the American Academy of Dermatology",
        "year": 2024,
        "study_type": StudyType.GUIDELINE,
    },
    "eczema-nice-cg57": {
        "title": "Atopic eczema in under 12s: diagnosis and management (NICE clinical guideline CG57)",
        "authors": "National Institute for Health and Care Excellence",
        "source": "NICE",
        "year": 2007,
        "url": "https://www.nice.org.uk/guidance/cg57",
        "study_type": StudyType.GUIDELINE,
    },
    "dupilumab-solo": {
        "title": "Two phase 3 trials of dupilumab versus placebo in atopic dermatitis",
        "authors": "Simpson EL, Bieber T, Guttman-Yassky E, et al.",
        "source": "New England Journal of Medicine",
        "year": 2016,
        "doi": "10.1056/NEJMoa1610020",
        "study_type": StudyType.RCT,
    },
    "psoriasis-aad-systemic-2020": {
        "title": (
            "Joint American Academy of Dermatology-National Psoriasis Foundation guidelines of care "
            "for the management of psoriasis with systemic nonbiologic therapies"
        ),
        "authors": "Menter A, Gelfand JM, Connor C, et al.",
        "source": "Journal of the American Academy of Dermatology",
        "year": 2020,
        "doi": "10.1016/j.jaad.2020.02.044",
        "study_type": StudyType.GUIDELINE,
    },
    "psoriasis-aad-topical-2021": {
        "title": (
            "Joint AAD-NPF guidelines of care for the management and treatment of psoriasis with "
            "topical therapy and alternative medicine modalities for psoriasis severity measures"
        ),
        "authors": "Elmets CA, Korman NJ, Prater EF, et al.",
        "source": "Journal of the American Academy of Dermatology",
        "year": 2021,
        "doi": "10.1016/j.jaad.2020.07.087",
        "pmid": "32738429",
        "study_type": StudyType.GUIDELINE,
    },
    "psoriasis-nice-cg153": {
        "title": "Psoriasis: assessment and management (NICE clinical guideline CG153)",
        "authors": "National Institute for Health and Care Excellence",
        "source": "NICE",
        "year": 2012,
        "url": "https://www.nice.org.uk/guidance/cg153",
        "study_type": StudyType.GUIDELINE,
    },
    "acitretin-label": {
        "title": "Acitretin capsules: US prescribing information",
        "source": "DailyMed, US National Library of Medicine",
        "url": DAILYMED + "acitretin",
        "study_type": StudyType.DRUG_LABEL,
    },
    "seb-derm-antifungals-cochrane": {
        "title": "Topical antifungals for seborrhoeic dermatitis",
        "authors": "Okokon EO, Verbeek JH, Ruotsalainen JH, Ojo OA, Bakhoya VN",
        "source": "Cochrane Database of Systematic Reviews",
        "year": 2015,
        "doi": "10.1002/14651858.CD008138.pub3",
        "pmid": "25933684",
        "study_type": StudyType.SYSTEMATIC_REVIEW,
    },
    "seb-derm-anti-inflammatory-cochrane": {
        "title": "Topical anti-inflammatory agents for seborrhoeic dermatitis of the face or scalp",
        "authors": "Kastarinen H, Oksanen T, Okokon EO, et al.",
        "source": "Cochrane Database of Systematic Reviews",
        "year": 2014,
        "doi": "10.1002/14651858.CD009446.pub2",
        "pmid": "24838779",
        "study_type": StudyType.SYSTEMATIC_REVIEW,
    },
    "minoxidil-men-trial": {
        "title": (
            "A randomized clinical trial of 5% topical minoxidil versus 2% topical minoxidil and "
            "placebo in the treatment of androgenetic alopecia in men"
        ),
        "authors": "Olsen EA, Dunlap FE, Funicella T, et al.",
        "source": "Journal of the American Academy of Dermatology",
        "year": 2002,
        "study_type": StudyType.RCT,
    },
    "hair-loss-women-cochrane": {
        "title": "Interventions for female pattern hair loss",
        "authors": "van Zuuren EJ, Fedorowicz Z, Schoones J",
        "source": "Cochrane Database of Systematic Reviews",
        "year": 2016,
        "doi": "10.1002/14651858.CD007628.pub4",
        "study_type": StudyType.SYSTEMATIC_REVIEW,
    },
}

# --------------------------------------------------------------------------- drugs

ISOTRETINOIN = {
    "slug": "isotretinoin",
    "generic_name": "Isotretinoin",
    "route": Route.ORAL,
    "prescription_only": True,
    "classes": ["retinoids"],
    "ingredients": ["Isotretinoin"],
    "summary": _text(
        """
        A retinoid capsule (a medicine related to vitamin A) for severe acne that has not cleared
        with other treatments. It works very well, but it needs close supervision because of its
        side effects and its very high risk to an unborn baby.
        """
    ),
    "mechanism": _text(
        """
        Isotretinoin shrinks the oil-producing (sebaceous) glands in the skin, so they make far
        less sebum. It also normalises the way cells lining the hair follicles mature and shed
        (keratinisation), which stops pores from clogging, and it has an anti-inflammatory effect.

        With less oil in the follicles, the acne bacterium Cutibacterium acnes has less to live
        on. Exactly why a single course can give such long-lasting results is still not fully
        understood.
        """
    ),
    "dosing": _text(
        """
        For acne the usual dose is 0.5 to 1 mg per kilogram of body weight a day, taken with food
        once a day or split into two doses. In practice that is often somewhere between 10 mg and
        50 mg a day. A course typically lasts 4 to 6 months (about 16 to 24 weeks). Many
        dermatologists start low and build up to limit side effects.

        Low-dose regimens: much smaller doses are sometimes used, particularly for milder acne or
        oily skin. A hair-loss website we reviewed says that doses of around 5 mg a day are used
        in Japan; we could not confirm this, and isotretinoin is not a licensed medicine there.
        The same author describes taking 1.8 mg every 8 hours (about 5.4 mg a day). That is one
        person's experiment, not a recommendation: doses that small cannot be measured accurately
        from standard capsules, and every precaution, including pregnancy prevention, still
        applies.

        Your prescriber sets your dose. Do not change it without talking to them.
        """
    ),
    "body": _md(
        """
        ## What it is used for

        Isotretinoin is licensed for severe acne: deep nodules and cysts, acne that is leaving
        scars, or acne that has not improved with antibiotics and treatments applied to the skin.
        It is the only acne treatment that often gives a lasting remission after one course,
        which is why dermatologists value it despite its side effects. It has been in use since
        the early 1980s.

        ## How it is taken

        Isotretinoin comes as capsules, taken with food once or twice a day for around four to
        six months. The dose is based on body weight and adjusted according to how well it is
        tolerated. In the UK it is prescribed by, or under the supervision of, a specialist
        dermatologist. In the US it can only be prescribed and dispensed through the iPLEDGE
        programme.

        ## What to expect

        Some people's skin gets worse for the first few weeks before it improves. Dry lips and
        skin start early and last for the whole course. Most people are clear or nearly clear by
        the end of treatment, and skin often keeps improving after the last capsule. Acne comes
        back in some people, and a second course is sometimes needed.

        ## Who should not take it

        It must not be taken by anyone who is pregnant or breastfeeding, or who could become
        pregnant and is not following a pregnancy prevention programme. It is also usually
        avoided in people with significant liver disease, very high blood fats or too much
        vitamin A in the body, and in people allergic to the capsule ingredients (some brands
        contain soya or peanut oil).

        ## Living with treatment

        - Use a lip balm and a simple moisturiser from day one, and wear sunscreen.
        - Avoid waxing, laser treatments and dermabrasion during treatment and for at least six
          months afterwards.
        - Do not donate blood during treatment or for one month after stopping.
        - Tell your prescriber straight away about low mood, changes in behaviour, a severe
          headache, problems with your vision or hearing, or severe stomach pain.
        """
    ),
    "brands": [
        # (name, country, withdrawn): one row for each country a name is sold in. Names we could not place
        # in a country are left out rather than guessed.
        ("Accutane", "United States", True),
        ("Absorica", "United States", False),
        ("Amnesteem", "United States", False),
        ("Claravis", "United States", False),
        ("Myorisan", "United States", False),
        ("Zenatane", "United States", False),
        ("Roaccutane", "United Kingdom", False),
        ("Clarus", "Canada", False),
        ("Epuris", "Canada", False),
        ("Oratane", "Australia", False),
        ("Aknenormin", "Germany", False),
        ("Aknetrend", "Germany", False),
        ("Isogalen", "Germany", False),
        ("Isotret Hexal", "Germany", False),
        ("Curacne", "France", False),
        ("Roacutan", "Brazil", False),
        ("Isotroin", "India", False),
        ("Sotret", "India", False),
        ("Tretiva", "India", False),
        ("Roaccutane", "Australia", False),
        ("Isotrex", "United Kingdom", True),  # a gel, not the capsules
    ],
    "side_effects": [
        _se(
            "Increased blood triglycerides",
            BodySystem.ENDOCRINE_METABOLIC,
            percent=25,
            note="Checked with blood tests; usually returns to normal after treatment.",
        ),
        _se(
            "Back pain",
            BodySystem.NEUROMUSCULAR_SKELETAL,
            percent=29,
            note="Figure from clinical trial data; usually mild to moderate.",
        ),
        _se("Conjunctivitis", BodySystem.OPHTHALMIC, percent=4),
        _se("Blepharitis (inflamed eyelids)", BodySystem.OPHTHALMIC, percent=1),
        _se("Chalazion (eyelid cyst)", BodySystem.OPHTHALMIC, percent=1),
        _se("Hordeolum (stye)", BodySystem.OPHTHALMIC, percent=1),
        _se(
            "Dry, cracked lips",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.VERY_COMMON,
            note="Affects almost everyone; use a lip balm from the start.",
        ),
        _se("Dry skin", BodySystem.DERMATOLOGIC, FrequencyBand.VERY_COMMON),
        _se(
            "Itching, redness, peeling or fragile skin",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.VERY_COMMON,
            note="Includes rashes and peeling; skin may tear or blister more easily.",
        ),
        _se(
            "Dry eyes and eye irritation",
            BodySystem.OPHTHALMIC,
            FrequencyBand.VERY_COMMON,
            note="Contact lenses may become uncomfortable.",
        ),
        _se(
            "Joint and muscle pain",
            BodySystem.NEUROMUSCULAR_SKELETAL,
            FrequencyBand.VERY_COMMON,
            note="More likely after strenuous exercise.",
        ),
        _se(
            "Headache",
            BodySystem.NERVOUS_SYSTEM,
            FrequencyBand.COMMON,
            note="A severe headache with sickness or blurred vision needs urgent advice.",
        ),
        _se("Nosebleeds and dry nose", BodySystem.RESPIRATORY, FrequencyBand.COMMON),
        _se("Increased sensitivity to sunlight", BodySystem.DERMATOLOGIC, FrequencyBand.COMMON),
        _se(
            "Depression and mood changes",
            BodySystem.PSYCHIATRIC,
            FrequencyBand.RARE,
            serious=True,
            note="""
                Listed as rare in product information, and whether isotretinoin causes it is
                debated. Report any change in mood promptly.
            """,
        ),
        _se(
            "Liver inflammation (hepatitis)",
            BodySystem.HEPATIC,
            FrequencyBand.RARE,
            serious=True,
            note="Mild rises in liver enzymes on blood tests are more common.",
        ),
        _se("Permanent hair loss", BodySystem.DERMATOLOGIC, FrequencyBand.RARE),
        _se(
            "Hair shedding (effluvium)",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.NOT_KNOWN,
            note="""
                Appears dose related and is usually temporary. Most often described as
                telogen-type shedding; one personal account reports rapid anagen-type loss at
                10 mg a day.
            """,
        ),
        _se(
            "Decreased night vision",
            BodySystem.OPHTHALMIC,
            FrequencyBand.RARE,
            serious=True,
            note="Take care driving at night; it can occasionally persist after treatment.",
        ),
        _se("Blurred vision and other vision changes", BodySystem.OPHTHALMIC, FrequencyBand.RARE, serious=True),
        _se("Reduced bone mineral density", BodySystem.NEUROMUSCULAR_SKELETAL, FrequencyBand.NOT_KNOWN),
        _se("High blood pressure", BodySystem.CARDIOVASCULAR, FrequencyBand.NOT_KNOWN),
        _se(
            "Erectile dysfunction and other sexual problems",
            BodySystem.REPRODUCTIVE,
            FrequencyBand.NOT_KNOWN,
            note="Including reduced sex drive. Tell your prescriber if this happens.",
        ),
        _se(
            "Birth defects (if taken in pregnancy)",
            BodySystem.REPRODUCTIVE,
            FrequencyBand.NOT_KNOWN,
            serious=True,
            note="The risk is extremely high with any exposure. See the pregnancy warning.",
        ),
        _se("Changes in blood sugar levels", BodySystem.ENDOCRINE_METABOLIC, FrequencyBand.NOT_KNOWN),
        _se(
            "Nausea, diarrhoea and other stomach upsets",
            BodySystem.GASTROINTESTINAL,
            FrequencyBand.NOT_KNOWN,
            note="Severe stomach pain or bloody diarrhoea needs urgent medical attention.",
        ),
        _se(
            "Reduced white blood cell count",
            BodySystem.HEMATOLOGIC,
            FrequencyBand.NOT_KNOWN,
            note="Usually picked up on blood tests.",
        ),
        _se("Easy bruising or bleeding", BodySystem.HEMATOLOGIC, FrequencyBand.NOT_KNOWN, serious=True),
        _se(
            "Allergic reactions",
            BodySystem.IMMUNOLOGIC,
            FrequencyBand.RARE,
            serious=True,
            note="Get urgent help for swelling of the face or throat, or difficulty breathing.",
        ),
        _se(
            "Hearing problems and tinnitus",
            BodySystem.OTIC,
            FrequencyBand.NOT_KNOWN,
            serious=True,
            note="Tell your prescriber straight away if your hearing changes.",
        ),
        _se(
            "Raised creatine phosphokinase (CPK)",
            BodySystem.NEUROMUSCULAR_SKELETAL,
            FrequencyBand.NOT_KNOWN,
            note="A muscle enzyme found on blood tests, often after hard exercise.",
        ),
        _se(
            "Raised pressure around the brain",
            BodySystem.NERVOUS_SYSTEM,
            FrequencyBand.VERY_RARE,
            serious=True,
            note="""
                Signs include a severe headache, sickness and blurred vision. The risk is higher
                with tetracycline antibiotics.
            """,
        ),
    ],
    "warnings": [
        _warn(
            Kind.PREGNANCY,
            Severity.CRITICAL,
            "Severe birth defects: must not be used in pregnancy",
            """
            Isotretinoin carries an extremely high risk of severe birth defects if it is taken
            during pregnancy, at any dose and even for a short time. Any pregnancy exposed to it
            may be affected, and there is no reliable way to tell whether an exposed baby has been
            harmed.

            It must not be taken by anyone who is pregnant, or who could become pregnant unless
            they follow a pregnancy prevention programme: effective contraception from one month
            before treatment until one month after the last dose, and regular pregnancy tests.

            If pregnancy occurs during treatment, stop isotretinoin immediately and contact your
            prescriber, who should arrange referral to an obstetric specialist experienced in the
            effects of medicines in pregnancy.
            """,
        ),
        _warn(
            Kind.BOXED,
            Severity.SERIOUS,
            "Supplied only through controlled programmes",
            """
            Because of the pregnancy risk, isotretinoin is supplied only under controlled
            programmes. In the US, prescribers, pharmacies and patients must all be registered
            with iPLEDGE. In the UK and EU, prescribing follows a pregnancy prevention programme
            and is started by, or under the supervision of, a specialist. Never share your
            capsules with anyone.
            """,
        ),
        _warn(
            Kind.MENTAL_HEALTH,
            Severity.SERIOUS,
            "Depression, mood changes and suicidal thoughts",
            """
            Depression, anxiety, mood swings, aggressive behaviour and, rarely, suicidal thoughts
            and suicide have been reported in people taking isotretinoin. It has not been proven
            that isotretinoin causes these problems, but prescribers are asked to check mental
            health before and during treatment, so mention any past mental illness.

            If you, or people close to you, notice changes in your mood or behaviour, contact your
            prescriber promptly. If you have thoughts of harming yourself, stop taking
            isotretinoin and get urgent help.
            """,
        ),
        _warn(
            Kind.MONITORING,
            Severity.CAUTION,
            "Regular check-ups and blood tests",
            """
            Liver function and blood fats (cholesterol and triglycerides) are checked before
            treatment and again during the course. Most people are reviewed about once a month,
            when the dose, side effects, mood and, where relevant, pregnancy tests are checked.
            """,
        ),
        _warn(
            Kind.INTERACTION,
            Severity.SERIOUS,
            "Tetracycline antibiotics and vitamin A supplements",
            """
            Do not take tetracycline antibiotics (such as doxycycline, lymecycline or minocycline)
            with isotretinoin: together they raise the risk of increased pressure around the
            brain. Avoid vitamin A supplements, including multivitamins that contain vitamin A,
            because the effects add up.
            """,
        ),
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "Blood donation and skin procedures",
            """
            Do not donate blood during treatment or for one month afterwards. Avoid waxing,
            dermabrasion and laser skin treatments during treatment and for at least six months
            after it, because the skin heals less well and may scar.
            """,
        ),
    ],
}

ACITRETIN = {
    "slug": "acitretin",
    "generic_name": "Acitretin",
    "route": Route.ORAL,
    "prescription_only": True,
    "classes": ["retinoids"],
    "ingredients": ["Acitretin"],
    "summary": _text(
        """
        A retinoid capsule for severe psoriasis, particularly pustular psoriasis and psoriasis of
        the palms and soles, and for some inherited scaling disorders. It must not be taken by
        anyone who could become pregnant during treatment or for three years afterwards.
        """
    ),
    "mechanism": _text(
        """
        Acitretin slows the overproduction of skin cells that builds up psoriasis plaques and
        helps skin cells mature normally. It also has a mild anti-inflammatory effect. Unlike many
        other tablet treatments for psoriasis, it does not suppress the immune system.
        """
    ),
    "dosing": _text(
        """
        Usually started at 25 mg to 30 mg once a day with a main meal, then adjusted after a few
        weeks according to the response and side effects. Typical maintenance doses are 25 mg to
        50 mg a day. Improvement is gradual and can take two to three months. Lower doses are
        often used alongside light therapy.
        """
    ),
    "body": _md(
        """
        ## What it is used for

        Acitretin is a specialist treatment for severe psoriasis. It tends to work best for
        pustular psoriasis and thick psoriasis on the hands and feet, and it is also used for
        some rare inherited conditions that make the skin very scaly. For ordinary plaque
        psoriasis it is usually less effective on its own than methotrexate, ciclosporin or
        biologic injections, but it combines well with light therapy.

        ## Pregnancy and the three-year rule

        Acitretin causes severe birth defects. In the body it can be converted into etretinate,
        which is stored in fat and released very slowly, so pregnancy must be avoided for three
        years after the last dose, not just during treatment. Drinking alcohol increases this
        conversion, which is why people who could become pregnant must avoid alcohol during
        treatment and for two months afterwards.

        ## Monitoring

        Blood tests for liver function and blood fats are taken before treatment and regularly
        during it. Dry lips, peeling skin and hair thinning are very common and usually ease if
        the dose is lowered.
        """
    ),
    "brands": [("Soriatane", "United States", False), ("Neotigason", "United Kingdom", False)],
    "side_effects": [
        _se("Dry, cracked lips", BodySystem.DERMATOLOGIC, FrequencyBand.VERY_COMMON),
        _se(
            "Dry skin, itching and peeling of the palms and soles",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.VERY_COMMON,
        ),
        _se(
            "Hair thinning or hair loss",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.VERY_COMMON,
            note="Usually improves when the dose is reduced or treatment stops.",
        ),
        _se("Dry eyes", BodySystem.OPHTHALMIC, FrequencyBand.VERY_COMMON),
        _se("Dry mouth, dry nose and nosebleeds", BodySystem.RESPIRATORY, FrequencyBand.VERY_COMMON),
        _se(
            "Raised blood fats",
            BodySystem.ENDOCRINE_METABOLIC,
            FrequencyBand.VERY_COMMON,
            note="Checked with blood tests.",
        ),
        _se("Joint and muscle pain", BodySystem.NEUROMUSCULAR_SKELETAL, FrequencyBand.COMMON),
        _se("Headache", BodySystem.NERVOUS_SYSTEM, FrequencyBand.COMMON),
        _se(
            "Changes in liver blood tests",
            BodySystem.HEPATIC,
            FrequencyBand.NOT_KNOWN,
            note="Checked regularly during treatment.",
        ),
        _se("Liver inflammation (hepatitis)", BodySystem.HEPATIC, FrequencyBand.RARE, serious=True),
        _se(
            "Raised pressure around the brain",
            BodySystem.NERVOUS_SYSTEM,
            FrequencyBand.VERY_RARE,
            serious=True,
            note="Signs include a severe headache, sickness and blurred vision.",
        ),
        _se(
            "Birth defects if pregnancy occurs during or after treatment",
            BodySystem.REPRODUCTIVE,
            FrequencyBand.NOT_KNOWN,
            serious=True,
            note="Pregnancy must be avoided for three years after the last dose.",
        ),
    ],
    "warnings": [
        _warn(
            Kind.PREGNANCY,
            Severity.CRITICAL,
            "Birth defects: avoid pregnancy for three years after stopping",
            """
            Acitretin can cause severe birth defects. It must not be taken by anyone who is
            pregnant, or who could become pregnant unless they use effective contraception from
            one month before starting, throughout treatment and for three years after the last
            dose, with regular pregnancy tests. The long gap is needed because acitretin can be
            converted in the body to etretinate, which is stored in fat and cleared very slowly.
            """,
        ),
        _warn(
            Kind.INTERACTION,
            Severity.SERIOUS,
            "Alcohol, methotrexate and tetracyclines",
            """
            Alcohol increases the conversion of acitretin to long-lasting etretinate, so people
            who could become pregnant must avoid alcohol, including in food and medicines, during
            treatment and for two months after. Acitretin must not be combined with methotrexate
            (risk of liver damage) or tetracycline antibiotics (risk of raised pressure around the
            brain). Avoid vitamin A supplements.
            """,
        ),
        _warn(
            Kind.MONITORING,
            Severity.CAUTION,
            "Liver and blood fat tests",
            "Liver function and blood fats are checked before treatment and regularly during it.",
        ),
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "No blood donation for three years",
            "Do not donate blood during treatment or for three years after stopping, in case it is "
            "given to someone who is pregnant.",
        ),
    ],
}

ADAPALENE = {
    "slug": "adapalene",
    "generic_name": "Adapalene",
    "route": Route.TOPICAL,
    "prescription_only": True,
    "classes": ["retinoids"],
    "ingredients": ["Adapalene"],
    "summary": _text(
        """
        A retinoid gel or cream applied to the skin for mild to moderate acne. It unblocks pores
        and helps prevent new spots, and is often combined with benzoyl peroxide.
        """
    ),
    "mechanism": _text(
        """
        Adapalene acts on retinoic acid receptors in the skin to normalise how cells lining the
        hair follicle mature and shed, so pores are less likely to block and form blackheads and
        whiteheads. It also calms inflammation in red spots.
        """
    ),
    "dosing": _text(
        """
        Apply a thin layer to the whole affected area, not just individual spots, once a day,
        usually in the evening, on clean, dry skin. Allow 8 to 12 weeks before judging the effect.

        In the UK adapalene is prescription-only; in the US the 0.1% gel can be bought without a
        prescription.
        """
    ),
    "body": _md(
        """
        ## What it is used for

        Adapalene is a first-line treatment for acne with blackheads, whiteheads and red spots.
        Guidelines in the UK and US recommend a topical retinoid for most people with acne,
        often combined with benzoyl peroxide in a single gel. It is also used after a course of
        isotretinoin or antibiotics to help keep acne away.

        ## Getting started

        Irritation is common in the first few weeks. Starting every other night, using a
        moisturiser and applying it to completely dry skin can help. It makes skin more prone to
        sunburn, so use sunscreen.
        """
    ),
    "brands": [
        ("Differin", "United States", False),
        ("Differin", "United Kingdom", False),
        ("Differin", "Canada", False),
        ("Differin", "Australia", False),
    ],
    "side_effects": [
        _se("Dry skin", BodySystem.DERMATOLOGIC, FrequencyBand.COMMON),
        _se(
            "Redness, stinging or burning",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.COMMON,
            note="Usually eases after the first few weeks.",
        ),
        _se("Skin irritation and peeling", BodySystem.DERMATOLOGIC, FrequencyBand.COMMON),
        _se(
            "Temporary worsening of acne",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.NOT_KNOWN,
            note="Some people notice more spots in the first weeks.",
        ),
        _se("Sunburning more easily", BodySystem.DERMATOLOGIC, FrequencyBand.NOT_KNOWN),
        _se(
            "Allergic reactions, including eyelid swelling",
            BodySystem.IMMUNOLOGIC,
            FrequencyBand.NOT_KNOWN,
            serious=True,
        ),
    ],
    "warnings": [
        _warn(
            Kind.PREGNANCY,
            Severity.SERIOUS,
            "Not recommended in pregnancy",
            """
            Retinoids taken by mouth cause birth defects. Very little adapalene is absorbed
            through the skin, but as a precaution UK product information advises against using it
            during pregnancy or when planning one. Stop and speak to your doctor if you become
            pregnant.
            """,
        ),
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "Irritation and sun sensitivity",
            """
            Keep it away from the eyes, lips and nostrils, and from broken or sunburnt skin or
            skin affected by eczema. Use a moisturiser and sunscreen, and avoid sunbeds.
            """,
        ),
    ],
}

DUPILUMAB = {
    "slug": "dupilumab",
    "generic_name": "Dupilumab",
    "route": Route.INJECTION,
    "prescription_only": True,
    "classes": ["monoclonal-antibodies", "interleukin-4-receptor-antagonists"],
    "ingredients": ["Dupilumab"],
    "summary": _text(
        """
        An injected biologic medicine for moderate to severe atopic eczema that has not been
        controlled by treatments applied to the skin. It blocks two of the signalling proteins
        that drive eczema inflammation.
        """
    ),
    "mechanism": _text(
        """
        Dupilumab is a monoclonal antibody that attaches to the interleukin-4 receptor, blocking
        signals from interleukin-4 and interleukin-13. These proteins drive the "type 2"
        inflammation behind atopic eczema, its itch and the damage to the skin barrier.

        It targets this one pathway rather than suppressing the immune system broadly, so routine
        blood monitoring is not usually needed.
        """
    ),
    "dosing": _text(
        """
        For adults with eczema: a starting dose of 600 mg (two 300 mg injections), then 300 mg
        every other week, injected under the skin of the thigh, abdomen or upper arm. Doses for
        children depend on age and weight.

        Most people learn to inject themselves at home with a pre-filled pen or syringe. Itch
        often starts to improve within a few weeks; the response is usually reviewed at about
        16 weeks.
        """
    ),
    "body": _md(
        """
        ## Who it is for

        Dupilumab is used for moderate to severe atopic eczema in adults and children when
        emollients, steroid creams and other treatments applied to the skin have not been
        enough. In the UK it is prescribed by specialists, usually after at least one other
        systemic treatment has been tried or found unsuitable.

        ## What to expect

        In the main trials, more than a third of adults had clear or almost clear skin after 16
        weeks, compared with about one in ten on placebo, and many more had a large improvement
        in itch and sleep. It can be used alongside steroid creams. Eczema tends to return if
        treatment stops.

        ## Eye problems

        Conjunctivitis and inflamed eyelids are the side effects people notice most. They are
        usually mild and manageable, but report red, sore or sticky eyes, and any change in
        vision, to your care team.
        """
    ),
    "brands": [
        ("Dupixent", "United States", False),
        ("Dupixent", "United Kingdom", False),
        ("Dupixent", "Canada", False),
        ("Dupixent", "Australia", False),
    ],
    "side_effects": [
        _se(
            "Injection-site reactions",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.VERY_COMMON,
            note="Redness, swelling or itching where the injection was given.",
        ),
        _se(
            "Conjunctivitis",
            BodySystem.OPHTHALMIC,
            FrequencyBand.COMMON,
            note="Report eye redness, pain or discharge.",
        ),
        _se("Blepharitis and itchy eyes", BodySystem.OPHTHALMIC, FrequencyBand.COMMON),
        _se("Cold sores (oral herpes)", BodySystem.DERMATOLOGIC, FrequencyBand.COMMON),
        _se(
            "Raised eosinophils in the blood",
            BodySystem.HEMATOLOGIC,
            FrequencyBand.COMMON,
            note="A type of white blood cell; usually causes no symptoms.",
        ),
        _se("Headache", BodySystem.NERVOUS_SYSTEM, FrequencyBand.COMMON),
        _se(
            "Inflammation of the cornea (keratitis)",
            BodySystem.OPHTHALMIC,
            FrequencyBand.UNCOMMON,
            serious=True,
        ),
        _se("Redness of the face and neck", BodySystem.DERMATOLOGIC, FrequencyBand.NOT_KNOWN),
        _se("Joint pain", BodySystem.NEUROMUSCULAR_SKELETAL, FrequencyBand.NOT_KNOWN),
        _se(
            "Serious allergic reactions",
            BodySystem.IMMUNOLOGIC,
            FrequencyBand.RARE,
            serious=True,
            note="Including anaphylaxis and serum sickness-like reactions.",
        ),
    ],
    "warnings": [
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "Eye problems",
            """
            Conjunctivitis and inflamed eyelids are common, and inflammation of the cornea
            (keratitis) can occur. Report new or worsening eye redness, pain or discharge, or any
            change in vision.
            """,
        ),
        _warn(
            Kind.OTHER,
            Severity.SERIOUS,
            "Allergic reactions",
            """
            Serious allergic reactions have been reported rarely. Get urgent help for swelling of
            the face or throat, difficulty breathing, a widespread rash, or fever with joint pain
            after an injection.
            """,
        ),
        _warn(
            Kind.INTERACTION,
            Severity.CAUTION,
            "Live vaccines",
            "Avoid live vaccines during treatment. Ideally, bring vaccinations up to date before starting.",
        ),
        _warn(
            Kind.PREGNANCY,
            Severity.CAUTION,
            "Pregnancy and breastfeeding",
            "There is limited information about dupilumab in pregnancy. Discuss the benefits and "
            "risks with your specialist if you are pregnant, planning a pregnancy or breastfeeding.",
        ),
    ],
}

BETAMETHASONE = {
    "slug": "betamethasone-valerate",
    "generic_name": "Betamethasone valerate",
    "route": Route.TOPICAL,
    "prescription_only": True,
    "classes": ["topical-corticosteroids"],
    "ingredients": ["Betamethasone valerate"],
    "summary": _text(
        """
        A potent steroid cream, ointment, scalp lotion or foam used for short periods to settle
        flares of eczema, psoriasis, seborrhoeic dermatitis and other inflammatory skin
        conditions.
        """
    ),
    "mechanism": _text(
        """
        Betamethasone valerate is a corticosteroid. Applied to the skin, it switches off many of
        the signals that cause inflammation, reducing redness, swelling and itch. It also narrows
        small blood vessels in the skin.
        """
    ),
    "dosing": _text(
        """
        Usually applied thinly once or twice a day to affected skin only, for the shortest time
        needed to settle a flare, then stopped or reduced. Amounts are often measured in
        fingertip units: one unit covers an area about the size of two adult palms.

        Potent steroids are generally avoided on the face and in skin folds unless a doctor
        advises otherwise, and are used with care in children.
        """
    ),
    "body": _md(
        """
        ## How it is used

        Betamethasone valerate is a potent steroid, several steps stronger than over-the-counter
        hydrocortisone. It is used to bring flares of eczema or psoriasis under control quickly
        on the body and limbs, and as a scalp application for psoriasis and seborrhoeic
        dermatitis of the scalp.

        ## Using steroids safely

        Used as directed, in short courses, topical steroids are safe and effective. Side
        effects such as skin thinning come mainly from long, continuous use of strong steroids,
        especially on thin skin. Not using enough, out of worry about side effects, is a common
        reason eczema stays uncontrolled, so ask your pharmacist or doctor how much to use.
        """
    ),
    "brands": [
        ("Betnovate", "United Kingdom", False),
        ("Betacap", "United Kingdom", False),
        ("Bettamousse", "United Kingdom", False),
        ("Luxiq", "United States", False),
    ],
    "side_effects": [
        _se("Burning, stinging or itching where applied", BodySystem.DERMATOLOGIC, FrequencyBand.COMMON),
        _se(
            "Skin thinning, stretch marks and visible small blood vessels",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.NOT_KNOWN,
            note="More likely with long use, under dressings and on thin skin such as the face.",
        ),
        _se("Changes in skin colour", BodySystem.DERMATOLOGIC, FrequencyBand.NOT_KNOWN),
        _se("Worsening of skin infections", BodySystem.DERMATOLOGIC, FrequencyBand.NOT_KNOWN),
        _se("Allergic contact dermatitis", BodySystem.IMMUNOLOGIC, FrequencyBand.NOT_KNOWN),
        _se(
            "Topical steroid withdrawal reaction",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.NOT_KNOWN,
            serious=True,
            note="Severe redness and burning after stopping long-term, continuous use.",
        ),
        _se(
            "Blurred vision or other eye problems",
            BodySystem.OPHTHALMIC,
            FrequencyBand.NOT_KNOWN,
            serious=True,
            note="Especially if used near the eyes; have your eyes checked.",
        ),
        _se(
            "Adrenal suppression",
            BodySystem.ENDOCRINE_METABOLIC,
            FrequencyBand.NOT_KNOWN,
            serious=True,
            note="Only with heavy use over large areas for a long time, especially in children.",
        ),
    ],
    "warnings": [
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "The face, skin folds and children",
            """
            Thin skin absorbs more steroid. Potent steroids are generally not used on the face,
            groin or armpits, under airtight dressings, or in children unless a specialist
            advises it, and then only briefly.
            """,
        ),
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "Conditions steroids can make worse",
            """
            Do not use on untreated skin infections, or for rosacea, acne or perioral dermatitis
            (a rash around the mouth), all of which steroids can worsen.
            """,
        ),
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "Topical steroid withdrawal",
            """
            After long-term, continuous use of potent steroids, stopping can occasionally trigger
            a severe flare of red, burning skin. Use the lowest strength that works for the
            shortest time, and ask for advice about tapering after long courses.
            """,
        ),
    ],
}

KETOCONAZOLE = {
    "slug": "ketoconazole",
    "generic_name": "Ketoconazole",
    "route": Route.TOPICAL,
    "prescription_only": False,
    "classes": ["azole-antifungals"],
    "ingredients": ["Ketoconazole"],
    "summary": _text(
        """
        An antifungal shampoo, cream or foam used to treat seborrhoeic dermatitis and dandruff by
        reducing the Malassezia yeast on the skin.
        """
    ),
    "mechanism": _text(
        """
        Ketoconazole blocks an enzyme that yeasts and fungi need to build their cell membranes.
        Seborrhoeic dermatitis is linked to an inflammatory reaction to Malassezia, a yeast that
        lives on oily skin; reducing the yeast settles the flaking, redness and itch. It also
        has a mild anti-inflammatory effect of its own.
        """
    ),
    "dosing": _text(
        """
        Shampoo (2%): lather into the scalp and affected skin, leave for 3 to 5 minutes, then
        rinse. Typically used twice a week for 2 to 4 weeks to clear symptoms, then once every one
        or two weeks to keep them away. Cream (2%): apply once or twice a day to affected skin.

        The 2% shampoo can be bought from pharmacies in the UK; creams and foams may need a
        prescription, and the rules differ between countries. Follow the leaflet or your
        prescriber's advice for your product.
        """
    ),
    "body": _md(
        """
        ## What it is used for

        Ketoconazole is a first-line treatment for seborrhoeic dermatitis of the scalp, face and
        body, and for troublesome dandruff. It is also used for some fungal skin infections,
        such as pityriasis versicolor.

        ## Keeping it under control

        Seborrhoeic dermatitis usually comes back, so most people use the shampoo regularly
        once the skin has settled. A short course of a steroid may be added for a bad flare.

        ## Tablets are different

        This page covers products applied to the skin. Ketoconazole tablets can damage the liver
        and are no longer used for skin conditions.
        """
    ),
    "brands": [
        ("Nizoral", "United States", False),
        ("Nizoral", "United Kingdom", False),
        ("Extina", "United States", False),
        ("Xolegel", "United States", False),
    ],
    "side_effects": [
        _se("Burning, itching or irritation where applied", BodySystem.DERMATOLOGIC, FrequencyBand.UNCOMMON),
        _se("Changes in hair texture, or oily or dry hair", BodySystem.DERMATOLOGIC, FrequencyBand.UNCOMMON),
        _se("Dry skin or rash", BodySystem.DERMATOLOGIC, FrequencyBand.UNCOMMON),
        _se(
            "Eye irritation or watering",
            BodySystem.OPHTHALMIC,
            FrequencyBand.UNCOMMON,
            note="If the product gets into the eyes; rinse with water.",
        ),
        _se("Allergic reactions", BodySystem.IMMUNOLOGIC, FrequencyBand.NOT_KNOWN, serious=True),
    ],
    "warnings": [
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "After long-term steroid creams",
            """
            If you have been using a steroid cream on the same skin for a long time, your doctor
            may suggest reducing it gradually over two to three weeks while starting ketoconazole,
            to avoid a rebound flare.
            """,
        ),
        _warn(
            Kind.OTHER,
            Severity.SERIOUS,
            "Ketoconazole tablets carry a liver risk",
            """
            This page covers shampoo, cream and foam. Ketoconazole tablets can cause serious liver
            damage and are no longer used to treat skin conditions in the UK, EU or US. Do not
            take tablets bought online for dandruff or seborrhoeic dermatitis.
            """,
        ),
    ],
}

MINOXIDIL = {
    "slug": "minoxidil",
    "generic_name": "Minoxidil",
    "route": Route.TOPICAL,
    "prescription_only": False,
    "classes": ["vasodilators"],
    "ingredients": ["Minoxidil"],
    "summary": _text(
        """
        A lotion or foam applied to the scalp to slow pattern hair loss and regrow some hair, in
        men and women. It works only for as long as it is used.
        """
    ),
    "mechanism": _text(
        """
        Minoxidil was first developed as a blood pressure tablet, and unwanted hair growth was
        noticed as a side effect. On the scalp it is thought to lengthen the growth phase of the
        hair cycle and enlarge shrunken hair follicles, partly by improving their blood supply.
        Exactly how it works on hair is still not fully understood.
        """
    ),
    "dosing": _text(
        """
        Usually applied to a dry scalp twice a day (solution), or once or twice a day (foam,
        depending on the strength and whether it is used by men or women). It takes around four
        months to see results, and any regrowth is lost within a few months of stopping.

        A temporary increase in shedding during the first weeks is common and usually settles.
        """
    ),
    "body": _md(
        """
        ## Who it helps

        Minoxidil is for gradual, inherited pattern hair loss (androgenetic alopecia): thinning
        at the crown or a receding hairline in men, and a widening parting in women. It works
        best when started early. It is not a treatment for sudden or patchy hair loss, which
        should be checked by a doctor.

        ## Realistic expectations

        In trials most users kept more hair than they would otherwise have lost, and some
        regrew a noticeable amount, but few regain a full head of hair. Results take months to
        appear and fade once it is stopped.

        ## Tablets

        Low-dose minoxidil tablets are increasingly prescribed for hair loss by some
        specialists. This is off-label, the evidence is still developing, and tablets have
        more effects on the heart and blood pressure than the lotion.
        """
    ),
    "brands": [("Rogaine", "United States", False), ("Regaine", "United Kingdom", False)],
    "side_effects": [
        _se(
            "Scalp itching, dryness or flaking",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.COMMON,
            note="More common with stronger solutions; foams without propylene glycol may suit better.",
        ),
        _se(
            "Unwanted hair growth on the face or body",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.COMMON,
            note="Reported more often by women; usually settles after stopping.",
        ),
        _se("Headache", BodySystem.NERVOUS_SYSTEM, FrequencyBand.COMMON),
        _se(
            "Temporary increase in hair shedding",
            BodySystem.DERMATOLOGIC,
            FrequencyBand.NOT_KNOWN,
            note="Often in the first few weeks, as new growth pushes out old hairs.",
        ),
        _se("Allergic contact dermatitis", BodySystem.IMMUNOLOGIC, FrequencyBand.NOT_KNOWN),
        _se(
            "Dizziness, fast heartbeat or chest pain",
            BodySystem.CARDIOVASCULAR,
            FrequencyBand.NOT_KNOWN,
            serious=True,
            note="Stop using it and get medical advice.",
        ),
        _se(
            "Swollen hands or feet, or sudden weight gain",
            BodySystem.CARDIOVASCULAR,
            FrequencyBand.NOT_KNOWN,
            serious=True,
        ),
    ],
    "warnings": [
        _warn(
            Kind.OTHER,
            Severity.SERIOUS,
            "Stop if you notice heart or fluid symptoms",
            """
            A small amount is absorbed through the scalp. Stop using it and get medical advice if
            you notice chest pain, a fast or irregular heartbeat, faintness or dizziness, sudden
            unexplained weight gain, or swollen hands or feet. Check with a doctor first if you
            have a heart condition.
            """,
        ),
        _warn(
            Kind.PREGNANCY,
            Severity.CAUTION,
            "Pregnancy and breastfeeding",
            "Not recommended during pregnancy or breastfeeding.",
        ),
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "Not for every kind of hair loss",
            """
            It is intended for gradual pattern hair loss. Sudden, patchy or unexplained hair loss,
            or hair loss after childbirth, should be checked by a doctor first.
            """,
        ),
        _warn(
            Kind.OTHER,
            Severity.CAUTION,
            "Harmful to cats",
            """
            Minoxidil is highly toxic to cats, even in small amounts. Let it dry fully, wash your
            hands after use, and keep pets away from treated hair, pillows and spills.
            """,
        ),
    ],
}

DRUGS = [ISOTRETINOIN, ACITRETIN, ADAPALENE, DUPILUMAB, BETAMETHASONE, KETOCONAZOLE, MINOXIDIL]

# Pairs shown as "similar drugs" (the relation is symmetrical).
SIMILAR_DRUGS = [("isotretinoin", "acitretin"), ("isotretinoin", "adapalene")]

# Alternatives our editors suggest on a drug's page: (drug, alternative, why), in the order shown.
ALTERNATIVES = [
    ("isotretinoin", "adapalene", "a gel used on the skin, for milder acne"),
    ("isotretinoin", "dupilumab", "an injection licensed for moderate to severe eczema"),
    ("acitretin", "betamethasone-valerate", "a steroid cream or scalp lotion for milder or patchy psoriasis"),
    ("acitretin", "isotretinoin", "a related retinoid, licensed for severe acne rather than psoriasis"),
    ("adapalene", "isotretinoin", "tablets for severe acne that creams and gels have not helped"),
    ("dupilumab", "betamethasone-valerate", "a steroid cream, the usual first treatment for eczema flares"),
    ("betamethasone-valerate", "dupilumab", "an injection for eczema that creams do not control"),
    (
        "betamethasone-valerate",
        "ketoconazole",
        "an antifungal cream or shampoo for seborrhoeic dermatitis, without a steroid",
    ),
    ("ketoconazole", "betamethasone-valerate", "a steroid scalp lotion for inflamed, itchy seborrhoeic dermatitis"),
]

# --------------------------------------------------------------------------- conditions


def _std(name, description, drug=None):
    return {"name": name, "description": _text(description), "drug": drug}


CONDITIONS = [
    {
        "slug": "acne",
        "name": "Acne",
        "aliases": ["Acne vulgaris", "Nodulocystic acne", "Severe acne"],
        "summary": _text(
            """
            A common skin condition in which blocked, inflamed hair follicles cause spots, usually
            on the face, chest and back. Severe acne can cause deep, painful lumps and permanent
            scarring.
            """
        ),
        "body": _md(
            """
            ## Kinds of spot

            Blackheads and whiteheads are blocked pores. Red bumps (papules), pus-filled spots
            (pustules) and deep, painful lumps (nodules and cysts) are inflamed spots.

            ## How severe is it?

            - **Mild:** mostly blackheads and whiteheads, with a few red spots.
            - **Moderate:** more widespread red and pus-filled spots.
            - **Severe:** many nodules or cysts, or any acne that is scarring or causing
              significant distress.

            ## Treatment

            Most acne improves with treatments applied to the skin, such as a topical retinoid
            combined with benzoyl peroxide. Antibiotics are added for more extensive acne,
            always alongside a topical treatment and usually reviewed after about three months.
            Hormonal treatments help some women. Isotretinoin is reserved for severe acne, or
            acne that is scarring or has not responded to other treatment. Whatever you use,
            allow about 8 to 12 weeks before judging whether it is working.

            ## When to see a GP

            See your GP if over-the-counter products have not helped, if spots are leaving scars
            or dark marks, or if acne is affecting your mood. Early treatment reduces the risk of
            scarring.
            """
        ),
        "standard_treatments": [
            _std(
                "Topical retinoids",
                "Gels or creams such as adapalene or tretinoin that unblock pores; often combined "
                "with benzoyl peroxide.",
                "adapalene",
            ),
            _std(
                "Benzoyl peroxide",
                "An antibacterial gel or wash that also helps unblock pores. Bacteria do not become resistant to it.",
            ),
            _std(
                "Antibiotics",
                "Topical or oral antibiotics such as doxycycline for inflamed spots, always combined "
                "with benzoyl peroxide or a retinoid and reviewed after about three months.",
            ),
            _std(
                "Hormonal treatments",
                "Some combined contraceptive pills, and sometimes spironolactone, can help acne in women.",
            ),
            _std(
                "Oral isotretinoin",
                "For severe acne, or acne that is scarring or has not responded to other treatment. "
                "Prescribed by specialists.",
                "isotretinoin",
            ),
        ],
    },
    {
        "slug": "eczema",
        "name": "Eczema",
        "aliases": ["Atopic dermatitis", "Atopic eczema"],
        "summary": _text(
            """
            A long-term condition that makes the skin dry, itchy and inflamed, often flaring and
            settling over time. Atopic eczema is the most common type and often starts in
            childhood.
            """
        ),
        "body": _md(
            """
            ## What it is

            In atopic eczema the skin barrier is weaker than usual: it loses water easily and lets
            irritants in, and the immune system in the skin overreacts. The result is dry, itchy,
            inflamed patches that flare and settle. Eczema often runs in families and commonly
            occurs alongside asthma and hay fever.

            ## Looking after your skin

            Emollients (moisturisers) are the foundation of eczema care. Use them generously and
            often, including when your skin is clear, and use an emollient or soap substitute
            instead of soap and bubble bath.

            ## Treating flares

            Topical steroids, in a strength matched to the severity and the part of the body,
            settle flares when used promptly and for long enough. Steroid-free creams such as
            tacrolimus are useful on the face and eyelids. Weeping, crusted or rapidly worsening
            eczema can mean infection and needs prompt medical advice.

            ## When creams are not enough

            A dermatologist can offer light therapy, tablets that calm the immune system, and newer
            targeted treatments such as dupilumab injections or JAK inhibitor tablets.

            ## Living with eczema

            The itch-scratch cycle, broken sleep and the visibility of eczema can wear people
            down. It is worth talking to your doctor about the emotional side, as well as the
            skin.
            """
        ),
        "standard_treatments": [
            _std(
                "Emollients (moisturisers)",
                "Used generously every day, and as a soap substitute, to support the skin barrier and reduce flares.",
            ),
            _std(
                "Topical corticosteroids",
                "Steroid creams or ointments of the right strength to settle flares; potent ones "
                "such as betamethasone valerate for short courses on the body.",
                "betamethasone-valerate",
            ),
            _std(
                "Topical calcineurin inhibitors",
                "Tacrolimus ointment or pimecrolimus cream, a steroid-free option often used on the face and eyelids.",
            ),
            _std(
                "Phototherapy",
                "Narrowband ultraviolet B light treatment in hospital, two or three times a week, "
                "for eczema not controlled by creams.",
            ),
            _std(
                "Dupilumab and other systemic treatments",
                "For moderate to severe eczema despite good skin care: biologic injections such as "
                "dupilumab, JAK inhibitor tablets, or older immune-suppressing tablets.",
                "dupilumab",
            ),
        ],
    },
    {
        "slug": "psoriasis",
        "name": "Psoriasis",
        "aliases": ["Plaque psoriasis", "Psoriasis vulgaris"],
        "summary": _text(
            """
            A long-term, immune-driven condition that causes raised, scaly patches called plaques,
            most often on the elbows, knees, scalp and lower back. It tends to come and go, and up
            to a third of people with psoriasis develop joint problems.
            """
        ),
        "body": _md(
            """
            ## What it is

            In psoriasis the immune system makes skin cells grow far faster than normal, and they pile up
            as thick, scaly plaques. It is not contagious. It often runs in families, and flares
            can be triggered by infections such as a sore throat, stress, skin injury, some
            medicines, smoking and alcohol.

            ## Types

            Plaque psoriasis is by far the most common. Others include scalp, guttate (small
            drop-shaped spots, often after a throat infection), flexural (in skin folds), nail
            and pustular psoriasis.

            ## Treatment

            Most people start with treatments applied to the skin: emollients, vitamin D creams
            such as calcipotriol, and steroids, often combined. If these are not enough, the next
            steps are light therapy, then tablets such as methotrexate, ciclosporin, acitretin or
            apremilast, and biologic injections. Psoriasis is linked with heart disease and low
            mood, so looking after your general health matters too.

            ## A note on retinoids

            Acitretin is the retinoid tablet licensed for psoriasis. Isotretinoin, a related
            medicine used for acne, is not a standard psoriasis treatment.
            """
        ),
        "standard_treatments": [
            _std(
                "Topical corticosteroids",
                "Potent steroids such as betamethasone valerate, often alternated or combined with "
                "a vitamin D preparation.",
                "betamethasone-valerate",
            ),
            _std(
                "Vitamin D analogues",
                "Calcipotriol and similar creams or gels that slow skin cell growth; often combined with a steroid.",
            ),
            _std(
                "Phototherapy",
                "Narrowband ultraviolet B light, usually two or three times a week for several weeks.",
            ),
            _std(
                "Systemic treatments",
                "Tablets such as methotrexate, ciclosporin, apremilast or acitretin for psoriasis "
                "that is extensive or not controlled with creams.",
                "acitretin",
            ),
            _std(
                "Biologic injections",
                "Targeted injected medicines for severe psoriasis, prescribed by specialists.",
            ),
        ],
    },
    {
        "slug": "seborrhoeic-dermatitis",
        "name": "Seborrhoeic dermatitis",
        "aliases": ["Seborrheic dermatitis", "Seborrhoeic eczema", "Dandruff", "Cradle cap"],
        "summary": _text(
            """
            A common, long-lasting rash that causes redness and greasy or flaky scales on oily
            areas such as the scalp, eyebrows, sides of the nose and chest. Dandruff is its mildest
            form.
            """
        ),
        "body": _md(
            """
            ## What it is

            Seborrhoeic dermatitis affects the oiliest parts of the skin. It is linked to an
            inflammatory reaction to *Malassezia*, a yeast that lives on everyone's skin and feeds
            on its oils. It often flares with stress and in cold, dry weather, and is more common
            in men and in people with Parkinson's disease or a weakened immune system. In babies
            it appears as cradle cap, which is harmless and usually clears by itself.

            ## Treatment

            Antifungal shampoos and creams containing ketoconazole are the mainstay. A short
            course of a steroid can settle a bad flare. The condition is controlled rather than
            cured, so most people keep using a medicated shampoo once every week or two.

            ## Severe or stubborn cases

            A dermatologist may suggest other options, including antifungal tablets or,
            occasionally, low-dose isotretinoin. The evidence for isotretinoin comes from small
            studies only.

            ## Does it cause hair loss?

            Severe inflammation and scratching on the scalp can add to hair shedding, which
            usually recovers once the scalp settles. Seborrhoeic dermatitis does not cause
            permanent baldness.
            """
        ),
        "standard_treatments": [
            _std(
                "Antifungal shampoos and creams",
                "Ketoconazole 2% shampoo for the scalp and ketoconazole cream for the face and body, "
                "used to clear flares and then regularly to prevent them.",
                "ketoconazole",
            ),
            _std(
                "Short courses of topical corticosteroids",
                "A mild steroid for the face, or a steroid scalp application such as betamethasone "
                "valerate, for a few days to settle inflammation.",
                "betamethasone-valerate",
            ),
            _std(
                "Topical calcineurin inhibitors",
                "Tacrolimus or pimecrolimus, sometimes used off-label on the face as a steroid-free option.",
            ),
            _std(
                "Other medicated shampoos",
                "Shampoos containing selenium sulfide, zinc pyrithione, coal tar or salicylic acid "
                "can help control scale and dandruff.",
            ),
        ],
    },
    {
        "slug": "hair-loss",
        "name": "Hair loss",
        "aliases": ["Alopecia", "Androgenetic alopecia", "Pattern hair loss"],
        "summary": _text(
            """
            Losing more hair than usual, or hair thinning, can have many causes, from inherited
            pattern hair loss to stress, illness, nutritional deficiencies and medicines. The right
            treatment depends on the cause.
            """
        ),
        "body": _md(
            """
            ## Common types

            - **Pattern hair loss (androgenetic alopecia)** is gradual and inherited: a receding
              hairline or thinning crown in men, and a widening parting in women.
            - **Telogen effluvium** is heavy shedding that starts two to three months after a
              trigger such as illness, childbirth, surgery, crash dieting, severe stress or some
              medicines. It usually recovers within about six months.
            - **Anagen effluvium** is sudden loss of growing hairs, most often caused by
              chemotherapy.
            - **Alopecia areata** causes round, bald patches and is an autoimmune condition.
            - **Scarring alopecias** are rare, cause permanent loss and need prompt specialist
              care.

            ## Finding the cause

            Your GP may check your blood count, iron stores and thyroid function, and review your
            medicines. Medicines that can cause shedding include retinoids such as isotretinoin
            and acitretin.

            ## Treatment

            Pattern hair loss can be slowed with minoxidil lotion or foam, and in men with
            finasteride tablets. Telogen effluvium usually settles once the trigger is dealt
            with. Alopecia areata is treated by dermatologists. Wigs, hairpieces and camouflage
            products are valid choices at any stage.
            """
        ),
        "standard_treatments": [
            _std(
                "Topical minoxidil",
                "Lotion or foam for pattern hair loss in men and women; works only while it is used.",
                "minoxidil",
            ),
            _std(
                "Finasteride (men)",
                "A daily tablet that slows male pattern hair loss; not suitable for anyone who could become pregnant.",
            ),
            _std(
                "Treating the underlying cause",
                "Correcting iron deficiency or thyroid problems, or reviewing medicines, when "
                "shedding has an identifiable trigger.",
            ),
            _std(
                "Specialist treatment for alopecia areata",
                "Steroid creams or injections, and newer tablets for severe cases, prescribed by dermatologists.",
            ),
            _std(
                "Wigs, hairpieces and camouflage",
                "Practical options that many people find helpful, alone or alongside treatment.",
            ),
        ],
    },
]

# --------------------------------------------------------------------------- treatments

TREATMENTS = [
    {
        "drug": "isotretinoin",
        "condition": "acne",
        "approval_status": ApprovalStatus.APPROVED,
        "evidence_grade": EvidenceGrade.A,
        "efficacy_rating": 5,
        "is_featured": True,
        "verdict": (
            "Strong evidence and decades of use show that most severe acne clears with one course of "
            "isotretinoin, often for years."
        ),
        "caveat_note": _text(
            """
            Most of the original trials are old and small by today's standards; the grade reflects
            the size and consistency of the benefit and the agreement of major guidelines.
            """
        ),
        "benefits": [
            "Clears severe nodular and cystic acne in most people who complete a course",
            "Often gives long-lasting remission after a single course",
            "Prevents further scarring",
            "Can improve confidence, mood and quality of life",
        ],
        "limitations": [
            "Must not be taken in pregnancy; strict pregnancy prevention is required",
            "Dry lips, skin and eyes affect almost everyone taking it",
            "Needs regular check-ups and blood tests",
            "Mood changes and sexual side effects have been reported",
            "Acne returns in some people and a second course may be needed",
        ],
        "dosing_notes": _text(
            """
            Usually 0.5 mg/kg a day at first, increased towards 1 mg/kg a day if tolerated, taken
            with food for about 16 to 24 weeks. Lower daily doses over a longer period are
            increasingly used to reduce side effects.

            Some prescribers aim for a total course dose, often quoted as 120 to 150 mg per kg of
            body weight, although how much this matters is debated.
            """
        ),
        "body": _md(
            """
            ## How well it works

            No other acne treatment matches isotretinoin for severe disease. Most people with severe
            acne who finish a course end up clear or nearly clear, and many stay that way for
            years. UK and US guidelines recommend it for acne that is severe, scarring, causing
            significant distress, or not responding to other treatment.

            ## The evidence

            The first trials date from the late 1970s and early 1980s. A 2018
            Cochrane review pointed out that many trials were small or at risk of bias. Even so,
            the size and consistency of the benefit, four decades of clinical use and the
            agreement of every major guideline justify our highest grade.

            ## Side effects and safety

            Dryness of the lips, skin and eyes is almost universal and manageable. Blood fats and
            liver tests are monitored. Mood changes have been reported, and prescribers check
            mental health before and during treatment. Above all, isotretinoin causes severe
            birth defects, so pregnancy prevention is essential.

            ## If acne comes back

            Some people's acne returns, usually in a milder form that responds to treatments
            applied to the skin. A second course is possible if needed.
            """
        ),
        "references": ["acne-aad-2024", "acne-nice-ng198", "isotretinoin-cochrane-2018", "isotretinoin-label"],
    },
    {
        "drug": "isotretinoin",
        "condition": "eczema",
        "approval_status": ApprovalStatus.OFF_LABEL,
        "evidence_grade": EvidenceGrade.D,
        "efficacy_rating": 1,
        "is_featured": True,
        "verdict": (
            "There is no good evidence that isotretinoin treats eczema, and its drying effect can make eczema worse."
        ),
        "caveat_note": _text(
            """
            Some articles suggest isotretinoin may help severe eczema. We found no clinical trial
            supporting this; the idea rests on theory rather than results.
            """
        ),
        "benefits": [
            "Has anti-inflammatory effects in laboratory studies, which is why it has been suggested",
            "Can still be used for severe acne in people who also have eczema, with extra skin care",
        ],
        "limitations": [
            "No clinical trials in eczema",
            "Dries the skin and may trigger eczema flares",
            "Serious side effects, including a very high risk of birth defects",
            "Many proven eczema treatments are available",
        ],
        "dosing_notes": _text(
            """
            There is no established dose of isotretinoin for eczema. If you have eczema and are
            prescribed isotretinoin for acne, use emollients generously and tell your
            dermatologist about any flare.
            """
        ),
        "body": _md(
            """
            ## Why it has been suggested

            Isotretinoin has anti-inflammatory and immune-modulating effects in the laboratory,
            and it changes how skin cells develop. That has led some people to wonder whether it
            might help eczema, which is driven by inflammation and a weak skin barrier.

            ## What the evidence shows

            We found no randomised trial of isotretinoin as a treatment for eczema, and neither UK
            nor US eczema guidelines include it. Its best-known effect, shrinking oil glands and
            drying the skin, works against the main aim of eczema care, which is to keep skin
            moist and protect its barrier.

            A nationwide Norwegian study found that young people with eczema who took isotretinoin
            for acne used more steroid creams during treatment, which suggests their eczema needed
            extra help while they were on it.

            ## If you have both acne and eczema

            Eczema does not rule out isotretinoin for severe acne. Your dermatologist may suggest
            using more emollient and will watch for flares.

            ## Better-established options

            Emollients, topical steroids, calcineurin inhibitors, light therapy and systemic
            treatments such as dupilumab all have far stronger evidence.
            """
        ),
        "references": [
            "isotretinoin-eczema-cohort",
            "eczema-aad-topical-2023",
            "eczema-aad-systemic-2024",
            "eczema-nice-cg57",
        ],
    },
    {
        "drug": "isotretinoin",
        "condition": "psoriasis",
        "approval_status": ApprovalStatus.OFF_LABEL,
        "evidence_grade": EvidenceGrade.D,
        "efficacy_rating": 1,
        "is_featured": True,
        "verdict": (
            "Isotretinoin is not a standard psoriasis treatment, and claims that it is highly "
            "effective are not supported by trials."
        ),
        "caveat_note": _text(
            """
            Some websites describe isotretinoin as a highly effective psoriasis treatment. We found
            no good-quality trials to support this. The retinoid licensed for psoriasis is
            acitretin.
            """
        ),
        "benefits": [
            "Much shorter pregnancy-avoidance period after stopping than acitretin (one month, not three years)",
            "Occasionally tried alongside light therapy in specialist care",
        ],
        "limitations": [
            "Not licensed for psoriasis and absent from psoriasis guidelines",
            "Evidence limited to small, old studies and case reports",
            "Generally considered less effective for psoriasis than acitretin",
            "Same serious side effects and pregnancy risk as when used for acne",
        ],
        "dosing_notes": _text(
            """
            There is no established isotretinoin dose for psoriasis. Any use would be decided by a
            specialist dermatologist, with the same monitoring and pregnancy prevention as for
            acne.
            """
        ),
        "body": _md(
            """
            ## What is claimed

            Some sites describe isotretinoin as a strong tablet treatment for severe psoriasis that
            clears plaques within weeks and has been used for decades. They rarely cite any
            studies.

            ## What the evidence shows

            Isotretinoin is not licensed for psoriasis in the UK or the US and does not appear in
            NICE or American Academy of Dermatology psoriasis guidelines. Reviews of its off-label
            uses describe a handful of small, mostly older studies and case reports, and generally
            rate it as less effective for psoriasis than acitretin. We found no modern randomised
            trial.

            ## Why it is occasionally considered

            Acitretin lingers in the body, so pregnancy must be avoided for three years after
            stopping it, compared with one month after isotretinoin. For someone who could become
            pregnant and whose psoriasis might respond to a retinoid, a specialist may weigh that
            difference, sometimes combining isotretinoin with light therapy. That is a narrow
            decision, not evidence that it works well.

            ## What is used instead

            Steroid and vitamin D creams, light therapy, methotrexate, ciclosporin, acitretin,
            apremilast and biologic injections all have much stronger evidence.
            """
        ),
        "references": ["isotretinoin-off-label-review", "psoriasis-aad-systemic-2020", "psoriasis-nice-cg153"],
    },
    {
        "drug": "isotretinoin",
        "condition": "seborrhoeic-dermatitis",
        "approval_status": ApprovalStatus.OFF_LABEL,
        "evidence_grade": EvidenceGrade.C,
        "efficacy_rating": 2,
        "is_featured": False,
        "verdict": (
            "Small studies suggest low-dose isotretinoin can reduce oiliness and seborrhoeic "
            "dermatitis, but it is kept for severe cases that have not responded to standard "
            "treatment."
        ),
        "caveat_note": _text(
            """
            The best study so far included 45 people and compared isotretinoin with treatments
            applied to the skin rather than with a placebo; both groups improved.
            """
        ),
        "benefits": [
            "Reduces skin oiliness, even at low doses",
            "May help severe disease that has not responded to standard treatment",
            "Low doses tend to cause fewer side effects than acne doses",
        ],
        "limitations": [
            "Not licensed for seborrhoeic dermatitis",
            "Evidence from small studies only",
            "Pregnancy prevention and monitoring are needed at any dose",
            "Symptoms may return after stopping",
        ],
        "dosing_notes": _text(
            """
            Studies have used low doses, such as 10 mg every other day, or 10 to 20 mg a day, for
            several months. There is no agreed regimen.
            """
        ),
        "body": _md(
            """
            ## Why it might help

            Seborrhoeic dermatitis affects oily areas and is linked to *Malassezia* yeast, which
            feeds on skin oils. Isotretinoin cuts oil production sharply, even at low doses.

            ## What the evidence shows

            In a Brazilian randomised trial, 45 adults with moderate to severe seborrhoea or
            seborrhoeic dermatitis either took 10 mg of isotretinoin every other day for six
            months or used standard anti-seborrhoeic products on the skin. Oil production fell
            significantly with isotretinoin, and both groups improved on patient, doctor and
            quality-of-life measures. Retrospective case series report similar improvements at
            10 to 20 mg a day, and a Brazilian expert consensus lists severe seborrhoeic
            dermatitis as a reasonable off-label use. None of these studies was large or
            placebo-controlled.

            ## Who might consider it

            People with severe, persistent seborrhoeic dermatitis that has not responded to
            antifungal shampoos and creams and anti-inflammatory treatments, under a
            dermatologist. Pregnancy prevention applies in full, even at low doses.

            ## What to expect

            Seborrhoeic dermatitis is a long-term condition, so symptoms may return after
            stopping.
            """
        ),
        "references": [
            "isotretinoin-seb-derm-trial",
            "isotretinoin-brazil-consensus",
            "seb-derm-antifungals-cochrane",
        ],
    },
    {
        "drug": "isotretinoin",
        "condition": "hair-loss",
        "approval_status": ApprovalStatus.OFF_LABEL,
        "evidence_grade": EvidenceGrade.ANECDOTAL,
        "efficacy_rating": 1,
        "is_featured": False,
        "verdict": (
            "No study shows that isotretinoin treats hair loss, and hair shedding is a known side effect of the drug."
        ),
        "caveat_note": _text(
            """
            One personal account we reviewed rates isotretinoin four out of five for hair loss.
            That rating is not backed by any study. The author's reasoning is indirect: that low
            doses may help hair loss linked to seborrhoeic dermatitis of the scalp.
            """
        ),
        "benefits": [
            "May reduce scalp oiliness and seborrhoeic dermatitis (see that treatment page)",
            "Used by specialists for a few rare, scarring scalp conditions",
        ],
        "limitations": [
            "No study shows it treats common types of hair loss",
            "Hair shedding is a recognised side effect",
            "Serious side effects and a very high risk of birth defects",
            "Proven hair-loss treatments exist",
        ],
        "dosing_notes": _text(
            """
            There is no established dose for hair loss. The personal account we reviewed describes
            about 5.4 mg a day split into three doses; that is one person's experiment, not a
            recommendation.
            """
        ),
        "body": _md(
            """
            ## The claim

            A hair-loss website gives isotretinoin a high rating, reasoning that low doses reduce
            scalp oil and seborrhoeic dermatitis, which the author believes contribute to hair
            loss.

            ## What is known

            Isotretinoin can itself cause hair shedding, which is usually temporary and appears
            more likely at higher doses; lasting hair loss is rare. There is no trial of
            isotretinoin as a treatment for pattern hair loss or other common types.
            Dermatologists do sometimes use it for a few rare, inflammatory scalp conditions that
            cause scarring, but that is a different situation.

            ## If seborrhoeic dermatitis is the problem

            Treat it directly, usually with an antifungal shampoo such as ketoconazole. See our
            seborrhoeic dermatitis page.

            ## Better-established options

            Minoxidil and, for men, finasteride have good evidence for pattern hair loss, and
            shedding with a clear trigger often recovers once the cause is dealt with.
            """
        ),
        "references": [
            "isotretinoin-hair-loss-account",
            "isotretinoin-label",
            "isotretinoin-brazil-consensus",
        ],
    },
    {
        "drug": "acitretin",
        "condition": "psoriasis",
        "approval_status": ApprovalStatus.APPROVED,
        "evidence_grade": EvidenceGrade.B,
        "efficacy_rating": 3,
        "is_featured": False,
        "verdict": (
            "Moderate evidence shows acitretin improves psoriasis, especially pustular and "
            "palm-and-sole types, though on its own it is less effective than most other systemic "
            "treatments for plaque psoriasis."
        ),
        "caveat_note": "",
        "benefits": [
            "Does not suppress the immune system",
            "Works well for pustular psoriasis and psoriasis of the hands and feet",
            "Can be combined with light therapy for better results",
            "A capsule taken once a day",
        ],
        "limitations": [
            "Must not be used by anyone who could become pregnant within three years of stopping",
            "Dry lips, peeling skin and hair thinning are very common",
            "Raises blood fats and can affect the liver",
            "Improvement is slow, often taking two to three months",
        ],
        "dosing_notes": _text(
            """
            Usually 25 to 30 mg a day with a main meal to start, adjusted after a few weeks;
            maintenance doses are typically 25 to 50 mg a day. Lower doses are often combined with
            phototherapy.
            """
        ),
        "body": _md(
            """
            ## How well it works

            US psoriasis guidelines recommend acitretin for plaque psoriasis, alone or combined
            with light therapy, and it is particularly useful for pustular psoriasis and thick
            psoriasis of the palms and soles. As a single treatment for plaque psoriasis it
            clears skin less completely than methotrexate, ciclosporin or biologics.

            ## Who it suits

            Because it does not suppress the immune system, it can be an option for people in
            whom immune-suppressing treatments are a concern. Because of the three-year
            pregnancy rule, it is rarely suitable for anyone who could become pregnant.
            """
        ),
        "references": ["psoriasis-aad-systemic-2020", "psoriasis-nice-cg153", "acitretin-label"],
    },
    {
        "drug": "dupilumab",
        "condition": "eczema",
        "approval_status": ApprovalStatus.APPROVED,
        "evidence_grade": EvidenceGrade.A,
        "efficacy_rating": 5,
        "is_featured": True,
        "verdict": (
            "Strong evidence from large randomised trials shows dupilumab substantially improves "
            "moderate to severe atopic eczema and itch."
        ),
        "caveat_note": "",
        "benefits": [
            "Large improvements in skin, itch and sleep in trials",
            "No routine blood monitoring needed",
            "Can be used with steroid creams",
            "Injected at home every two weeks",
        ],
        "limitations": [
            "Conjunctivitis and other eye problems are common",
            "Injection-site reactions",
            "Long-term treatment is usually needed; eczema can return after stopping",
            "Not everyone responds well",
        ],
        "dosing_notes": _text(
            """
            Adults: 600 mg to start, then 300 mg every other week by injection under the skin.
            Children's doses depend on age and weight. The response is usually reviewed at 16
            weeks.
            """
        ),
        "body": _md(
            """
            ## The evidence

            Two identical phase 3 trials, SOLO 1 and SOLO 2, randomised more than 1,300 adults
            with moderate to severe eczema to dupilumab or placebo for 16 weeks. More than a third of
            those on dupilumab every other week reached clear or almost clear skin, compared with
            about one in ten on placebo, and itch, sleep and quality of life improved markedly.
            Later trials, including in children and alongside steroid creams, confirmed these
            results, and guidelines strongly recommend it.

            ## What to weigh up

            Eye problems, mainly conjunctivitis, are the most common issue. Eczema usually
            returns if treatment stops, so it is a long-term commitment.
            """
        ),
        "references": ["dupilumab-solo", "eczema-aad-systemic-2024"],
    },
    {
        "drug": "betamethasone-valerate",
        "condition": "eczema",
        "approval_status": ApprovalStatus.APPROVED,
        "evidence_grade": EvidenceGrade.A,
        "efficacy_rating": 4,
        "is_featured": False,
        "verdict": (
            "Strong evidence shows topical steroids such as betamethasone valerate settle eczema "
            "flares effectively when used correctly."
        ),
        "caveat_note": "",
        "benefits": [
            "Settles flares within days",
            "Decades of experience and many trials",
            "Inexpensive and widely available",
            "Can be used a couple of days a week to prevent flares, if advised",
        ],
        "limitations": [
            "Too strong for the face and skin folds without specialist advice",
            "Skin thinning with long, continuous use",
            "Does not cure eczema; flares return",
        ],
        "dosing_notes": _text(
            """
            Apply thinly once or twice a day to flaring skin until it has settled, then stop or
            step down. Some people are advised to continue twice a week on areas that flare
            often.
            """
        ),
        "body": _md(
            """
            ## How well it works

            Topical steroids are the main treatment for eczema flares, and guidelines make a
            strong recommendation for them. Potent steroids like betamethasone valerate are used
            for flares on the body and limbs in adults and, briefly, in older children under
            medical advice.

            ## Using it well

            Use enough, for long enough, to settle the flare, then step down. Keep using
            emollients throughout.
            """
        ),
        "references": ["eczema-aad-topical-2023", "eczema-nice-cg57"],
    },
    {
        "drug": "betamethasone-valerate",
        "condition": "psoriasis",
        "approval_status": ApprovalStatus.APPROVED,
        "evidence_grade": EvidenceGrade.B,
        "efficacy_rating": 3,
        "is_featured": False,
        "verdict": (
            "Moderate evidence shows potent topical steroids improve plaque psoriasis, especially "
            "when combined with a vitamin D preparation."
        ),
        "caveat_note": "",
        "benefits": [
            "Reduces redness, scaling and itch of plaques",
            "Scalp applications suit scalp psoriasis",
            "Works well in combination with vitamin D creams",
        ],
        "limitations": [
            "Not suitable for treating widespread psoriasis alone",
            "Skin thinning with long, continuous use",
            "Psoriasis tends to return when treatment stops",
        ],
        "dosing_notes": _text(
            """
            Usually once a day for up to four weeks, often alongside a vitamin D analogue applied
            at a different time of day, then reviewed.
            """
        ),
        "body": _md(
            """
            ## How well it works

            Potent steroids are a first-line treatment for plaque psoriasis on the body and scalp
            in UK and US guidelines, usually combined with a vitamin D analogue such as
            calcipotriol. Breaks between courses help limit side effects.
            """
        ),
        "references": ["psoriasis-aad-topical-2021", "psoriasis-nice-cg153"],
    },
    {
        "drug": "betamethasone-valerate",
        "condition": "seborrhoeic-dermatitis",
        "approval_status": ApprovalStatus.APPROVED,
        "evidence_grade": EvidenceGrade.B,
        "efficacy_rating": 3,
        "is_featured": False,
        "verdict": (
            "Short courses of topical steroids clear seborrhoeic dermatitis about as well as "
            "antifungals in the short term, but are not suited to long-term use."
        ),
        "caveat_note": "",
        "benefits": [
            "Quickly reduces redness, scaling and itch",
            "Scalp applications reach the scalp easily",
        ],
        "limitations": [
            "Trials were short, mostly four weeks or less",
            "Not for long-term use, especially on the face",
            "Does not prevent relapse on its own",
        ],
        "dosing_notes": _text(
            """
            A scalp application once or twice a day for a few days to settle a flare, alongside an
            antifungal shampoo. Milder steroids are used on the face.
            """
        ),
        "body": _md(
            """
            ## How well it works

            A Cochrane review of 36 trials found that topical steroids cleared seborrhoeic
            dermatitis more often than placebo and about as often as antifungal azoles in the
            short term, with stronger steroids easing redness, scaling and itch more. There is little
            evidence about long-term use, so steroids are used for flares and antifungals to keep
            the condition controlled.
            """
        ),
        "references": ["seb-derm-anti-inflammatory-cochrane"],
    },
    {
        "drug": "adapalene",
        "condition": "acne",
        "approval_status": ApprovalStatus.APPROVED,
        "evidence_grade": EvidenceGrade.A,
        "efficacy_rating": 4,
        "is_featured": False,
        "verdict": (
            "Strong evidence shows topical retinoids such as adapalene reduce both blocked pores and "
            "inflamed spots, especially when combined with benzoyl peroxide."
        ),
        "caveat_note": "",
        "benefits": [
            "Treats blackheads, whiteheads and red spots",
            "No antibiotic resistance",
            "Helps keep acne away after other treatment",
            "Gentler on the skin than some older retinoids",
        ],
        "limitations": [
            "Irritation and dryness in the first weeks",
            "Takes 8 to 12 weeks to work",
            "Not recommended in pregnancy",
        ],
        "dosing_notes": "Once a day, usually at night, as a thin layer over the whole affected area.",
        "body": _md(
            """
            ## How well it works

            Topical retinoids carry a strong recommendation in US acne guidelines and are part of
            the first-line combinations in UK guidance. Adapalene is usually combined with
            benzoyl peroxide, sometimes in a single gel, which works better than either alone.
            """
        ),
        "references": ["acne-aad-2024", "acne-nice-ng198"],
    },
    {
        "drug": "ketoconazole",
        "condition": "seborrhoeic-dermatitis",
        "approval_status": ApprovalStatus.APPROVED,
        "evidence_grade": EvidenceGrade.B,
        "efficacy_rating": 3,
        "is_featured": False,
        "verdict": (
            "Moderate evidence shows ketoconazole clears seborrhoeic dermatitis in more people than "
            "placebo in the short term, and it is widely used to prevent relapse."
        ),
        "caveat_note": "",
        "benefits": [
            "Treats the yeast linked to the condition",
            "Shampoo is easy to use and available from pharmacies",
            "Suitable for regular, long-term use",
        ],
        "limitations": [
            "Most trials lasted four weeks or less",
            "Not everyone clears fully",
            "Symptoms return if treatment stops",
        ],
        "dosing_notes": _text(
            """
            Shampoo twice a week for 2 to 4 weeks, then once every one or two weeks to prevent
            relapse. Cream once or twice a day on the face or body.
            """
        ),
        "body": _md(
            """
            ## How well it works

            A Cochrane review of 51 trials found that people using ketoconazole were more likely
            to clear than those using placebo, and that it worked about as well as short courses
            of steroids. Most trials were short, so evidence for long-term use is more limited,
            but regular use to prevent relapse is standard practice.
            """
        ),
        "references": ["seb-derm-antifungals-cochrane"],
    },
    {
        "drug": "minoxidil",
        "condition": "hair-loss",
        "approval_status": ApprovalStatus.APPROVED,
        "evidence_grade": EvidenceGrade.A,
        "efficacy_rating": 3,
        "is_featured": False,
        "verdict": (
            "Strong evidence shows topical minoxidil slows pattern hair loss and regrows some hair, "
            "but the effect is modest and lasts only while it is used."
        ),
        "caveat_note": "The evidence applies to pattern hair loss (androgenetic alopecia), not other types.",
        "benefits": [
            "Slows pattern hair loss in men and women",
            "Regrows some hair in many users",
            "Available without a prescription",
        ],
        "limitations": [
            "Results take about four months to show",
            "Gains are lost within months of stopping",
            "Scalp irritation and unwanted facial hair",
            "Not effective for sudden, patchy or scarring hair loss",
        ],
        "dosing_notes": _text(
            """
            Men: 5% solution or foam, usually twice a day. Women: 2% solution twice a day or 5%
            foam once a day. Apply to a dry scalp.
            """
        ),
        "body": _md(
            """
            ## How well it works

            A large randomised trial in men found that 5% minoxidil regrew more hair than 2%
            minoxidil or placebo over 48 weeks. A Cochrane review of treatments for female pattern hair loss found that
            women using minoxidil were about twice as likely as those on placebo to report
            moderate or marked regrowth. Benefits are real but modest, and last only while it is
            used.
            """
        ),
        "references": ["minoxidil-men-trial", "hair-loss-women-cochrane"],
    },
]

# --------------------------------------------------------------------------- articles

REVIEWER = "amara-okafor"

# When each page was last medically reviewed. Most were checked this autumn; two older ones show
# the "being updated" notice and the admin's overdue panel, one falls due this month.
DEFAULT_REVIEWED_ON = date(2026, 10, 1)
REVIEWED_ON = {
    "treatment:isotretinoin/psoriasis": date(2025, 10, 20),
    "drug:ketoconazole": date(2025, 10, 6),
    "condition:hair-loss": date(2025, 11, 30),
}

# Pages first published long before their latest medical review: updated since, then reviewed again. The rest
# went live the morning after their review. A treatment never goes live before its drug and condition.
FIRST_PUBLISHED = {
    "drug:isotretinoin": date(2025, 6, 9),
    "condition:acne": date(2025, 6, 9),
    "condition:psoriasis": date(2025, 6, 9),
    "condition:eczema": date(2026, 2, 16),
    "treatment:isotretinoin/acne": date(2026, 3, 2),
    "article:can-isotretinoin-treat-eczema": date(2026, 3, 2),
    "article:isotretinoin-severe-acne-what-to-expect": date(2026, 5, 18),
}

ARTICLES = [
    {
        "slug": "can-isotretinoin-treat-eczema",
        "title": "Can isotretinoin treat eczema?",
        "author": "gregor-smith",
        "reviewed_on": date(2026, 9, 14),
        "tags": ["isotretinoin", "eczema", "off-label use"],
        "drugs": ["isotretinoin", "dupilumab", "betamethasone-valerate"],
        "conditions": ["eczema"],
        "references": ["isotretinoin-eczema-cohort", "eczema-aad-topical-2023", "eczema-nice-cg57"],
        "excerpt": _text(
            """
            Isotretinoin transformed the treatment of severe acne, so it is natural to wonder
            whether it could help eczema too. Here is what the evidence says, why dermatologists
            rarely consider it, and which treatments have a far better track record.
            """
        ),
        "body": _md(
            """
            ## Why the question comes up

            Isotretinoin is one of the most powerful skin medicines there is. For severe acne it
            can achieve what nothing else does, so if you live with stubborn eczema it is
            understandable to wonder whether it might work for you too. I have wondered it myself.
            The short answer is that there is no good evidence it helps eczema, and some reason to
            think it could make things worse.

            ## What isotretinoin actually does

            Isotretinoin is a capsule medicine related to vitamin A. Its main job is to shrink the
            oil glands in the skin, cutting oil production dramatically. It also changes how skin
            cells in the hair follicles mature, and it has some anti-inflammatory effects. Those
            last two properties are why it occasionally gets mentioned alongside eczema: in
            theory, calming inflammation and influencing skin cell development might help a
            condition driven by inflammation and a weak skin barrier.

            ## What the research shows

            Theory is not the same as results. Almost all isotretinoin research is in acne, and we
            could not find a single clinical trial testing it as a treatment for eczema, and UK
            and US eczema guidelines do not list it as an option.

            There is also a practical problem. Eczema care is built around keeping skin moist and
            protecting its barrier, and isotretinoin does the opposite: dry skin and lips are its
            most common side effects. A large Norwegian study of young people found that those
            with eczema who took isotretinoin for acne used more steroid creams during their
            course, which suggests their eczema needed extra help while they were on it.

            ## The side effects are real

            Isotretinoin needs close supervision. Besides dryness, it can cause joint and muscle
            aches, raised blood fats and changes in liver tests, and it has been linked to mood
            changes. Most importantly, it is highly damaging to an unborn baby, so anyone who could
            become pregnant must follow a strict pregnancy prevention programme. Those risks are
            worth taking for severe acne, where the benefit is proven. For eczema there is no
            proven benefit to set against them.

            ## If you have acne and eczema

            Having eczema does not stop you taking isotretinoin for severe acne. If that is you,
            expect to use more emollient than usual, and tell your dermatologist early if your
            eczema flares.

            ## What does work for eczema

            The treatments with solid evidence are less dramatic but far better understood:
            emollients every day, topical steroids of the right strength for flares, steroid-free
            creams such as tacrolimus for delicate areas, light therapy and, for moderate to
            severe eczema, newer treatments such as dupilumab. If your eczema is not under
            control, ask about a referral to a dermatologist rather than looking for an off-label
            shortcut.
            """
        ),
    },
    {
        "slug": "isotretinoin-for-psoriasis-evidence",
        "title": "Isotretinoin for psoriasis: what the evidence actually shows",
        "author": "tom-hargreaves",
        "reviewed_on": date(2026, 9, 21),
        "tags": ["isotretinoin", "psoriasis", "off-label use", "evidence"],
        "drugs": ["isotretinoin", "acitretin"],
        "conditions": ["psoriasis"],
        "references": ["isotretinoin-off-label-review", "psoriasis-aad-systemic-2020", "psoriasis-nice-cg153"],
        "excerpt": _text(
            """
            You may read that isotretinoin is a highly effective psoriasis treatment. We looked
            for the evidence behind that claim and found very little. Here is what is known, and
            why acitretin, not isotretinoin, is the retinoid dermatologists use for psoriasis.
            """
        ),
        "body": _md(
            """
            ## The claim

            Search online for isotretinoin and psoriasis and you will find pages describing it as
            a powerful tablet for severe psoriasis that clears plaques quickly and transforms
            quality of life. Some say it has been used for psoriasis for decades. These pages
            rarely cite any studies, and readers deserve a more careful picture.

            ## Two different retinoids

            Retinoids are medicines related to vitamin A. Two are taken by mouth for skin disease,
            and they are easy to confuse:

            - **Isotretinoin** is licensed for severe acne. It works mainly by shrinking the
              skin's oil glands.
            - **Acitretin** is licensed for severe psoriasis and some inherited scaling
              disorders. It slows the overproduction of skin cells that builds psoriasis plaques.

            When those pages talk about a retinoid slowing down skin cell production, they are
            describing something much closer to acitretin.

            ## What the evidence shows for isotretinoin

            Isotretinoin is not licensed for psoriasis in the UK or the US, and it does not appear
            in NICE or American Academy of Dermatology psoriasis guidelines. Reviews of its
            off-label uses describe a handful of small, mostly older studies and case reports,
            and generally conclude that it is less effective for psoriasis than acitretin. We
            found no modern randomised trial. On our scale, that is grade D: very limited
            evidence.

            ## Why it is occasionally considered

            There is one practical reason a specialist might think about it. Acitretin lingers in
            the body, so anyone who could become pregnant must avoid pregnancy for three years
            after stopping it. After isotretinoin, the equivalent period is one month. For a young
            woman whose psoriasis might respond to a retinoid, that difference can matter, and
            isotretinoin has occasionally been tried, sometimes alongside light therapy. That is a
            narrow specialist decision, not evidence that isotretinoin works well.

            ## The side effects still apply

            Whatever it is used for, isotretinoin brings dry skin and lips, aches, headaches,
            changes in blood fats and liver tests, possible effects on mood, and a very high risk
            of birth defects. Risks like these need a clear benefit to justify them.

            ## What works for psoriasis

            Well-tested options include steroid and vitamin D creams, narrowband UVB light
            therapy, tablets such as methotrexate, ciclosporin, acitretin and apremilast, and
            biologic injections. If your psoriasis is not controlled, a dermatologist can help you
            find the right one.
            """
        ),
    },
    {
        "slug": "isotretinoin-hair-loss-low-dose-experience",
        "title": "Isotretinoin and hair loss: one person's low-dose experience",
        "author": "gregor-smith",
        "reviewed_on": date(2026, 10, 5),
        "tags": ["isotretinoin", "hair loss", "seborrhoeic dermatitis", "side effects", "personal experience"],
        "drugs": ["isotretinoin", "minoxidil", "ketoconazole"],
        "conditions": ["hair-loss", "seborrhoeic-dermatitis"],
        "references": ["isotretinoin-hair-loss-account", "isotretinoin-seb-derm-trial", "isotretinoin-label"],
        "excerpt": _text(
            """
            A hair-loss blogger describes losing much of their hair on isotretinoin, then settling
            on a very low dose they say helped their scalp. We summarise the account, explain what
            is and is not known, and set out the safety points anyone considering isotretinoin
            should know.
            """
        ),
        "body": _md(
            """
            ## One person's account

            We recently read a detailed personal account on a website about hair loss. The author
            took isotretinoin for acne and seborrhoeic dermatitis and rates it four out of five as
            a potential hair-loss treatment. Because the story raises questions many readers ask,
            we summarise it here. Please read it for what it is: one person's experience, not
            medical advice.

            ## What happened

            At 10 mg a day, the author reports losing around 70% of their hair within a week. They
            then experimented, eventually settling on 1.8 mg every eight hours, about 5.4 mg a day
            at a body weight of 70 kg, which they say controlled their skin without side effects.
            Single doses above roughly 2.5 mg seemed to bring side effects back, and they took a
            daily multivitamin throughout. The author also says doctors in Japan commonly prescribe
            around 5 mg a day.

            ## What we can say about it

            Some of this fits what is known. Hair shedding is a recognised side effect of
            isotretinoin and seems more likely at higher doses. Isotretinoin also reduces skin oil
            sharply, and small studies suggest low doses can help seborrhoeic dermatitis.

            Other parts are unproven. The author believes isotretinoin causes a rapid, "anagen"
            type of hair loss through liver toxicity, and a slower type through vitamin and
            mineral deficiencies. These explanations have not been tested, and dermatologists more
            often describe isotretinoin-related shedding as the slower telogen type, which usually
            recovers. We could not confirm the claim about Japan, where isotretinoin is not a
            licensed medicine. And no study shows that isotretinoin treats pattern hair loss: on
            our scale the evidence is anecdotal.

            ## Practical cautions

            - Doses as small as 1.8 mg cannot be measured accurately from standard capsules. Do
              not open, split or adjust capsules yourself.
            - Many multivitamins contain vitamin A, and extra vitamin A should be avoided while
              taking isotretinoin. Check any supplement with your pharmacist.
            - Agree any change of dose with your prescriber.

            ## Names you may see

            Isotretinoin is sold under many brand names, including Roaccutane, Accutane (the
            original US brand, discontinued in 2009), Absorica, Amnesteem, Claravis, Myorisan,
            Zenatane, Epuris, Clarus, Oratane, Aknenormin, Isotret Hexal, Curacne, Roacutan,
            Sotret, Isotroin and Tretiva. They all contain the same medicine and carry the same
            warnings.

            ## Side effects and pregnancy

            Common effects include dry skin, lips and eyes, nosebleeds, aches, headaches and
            raised blood fats; rarer ones include liver inflammation, poor night vision and
            lasting hair loss. Most importantly, isotretinoin carries an extremely high risk of
            severe birth defects at any dose, even briefly. Nobody who is pregnant, or who could
            become pregnant and is not on a pregnancy prevention programme, should take it. If
            pregnancy occurs, stop immediately and get specialist advice.
            """
        ),
    },
    {
        "slug": "isotretinoin-severe-acne-what-to-expect",
        "title": "Isotretinoin for severe acne: what a course involves",
        "author": "tom-hargreaves",
        "reviewed_on": date(2026, 10, 12),
        "tags": ["isotretinoin", "acne", "side effects", "pregnancy"],
        "drugs": ["isotretinoin"],
        "conditions": ["acne"],
        "references": ["isotretinoin-label", "acne-aad-2024", "acne-nice-ng198"],
        "excerpt": _text(
            """
            Isotretinoin can clear severe acne when other treatments have failed, but it is a
            serious medicine. This guide covers how long treatment lasts, the check-ups and blood
            tests involved, the side effects to expect, and why pregnancy prevention is essential.
            """
        ),
        "body": _md(
            """
            ## Who it is for

            Isotretinoin is a capsule medicine related to vitamin A. It is used for severe acne
            with large, painful lumps (nodules and cysts), and for acne that is scarring, causing real
            distress, or has not improved with creams and antibiotics. In the UK it is prescribed
            by, or under the supervision of, a specialist dermatologist.

            ## Before you start

            Your dermatologist will ask about your health, your medicines, your mental health and,
            where relevant, contraception. You will usually have blood tests to check liver
            function and blood fats, and anyone who could become pregnant will need a pregnancy
            test. It is a good time to ask questions and to mention any history of depression.

            ## How long it takes

            Most courses last four to six months. Some people have a short flare in the first
            month; improvement then builds gradually, and many people are clear or nearly clear
            by the end. Skin often keeps improving for a while after the last dose.

            ## Check-ups along the way

            Expect regular reviews, often monthly, throughout treatment. They are a chance to
            adjust the dose, check side effects and mood, repeat blood tests if needed and, for
            anyone who could become pregnant, repeat pregnancy tests.

            ## Common side effects and how to manage them

            - **Dryness.** Lips, skin, eyes and the inside of the nose are affected in almost
              everyone. Use lip balm and a simple moisturiser from day one; eye drops and a
              little petroleum jelly inside the nostrils can help.
            - **Sun sensitivity.** Use a high-factor sunscreen and cover up.
            - **Raised blood fats.** Triglycerides and cholesterol can rise. This is checked with
              blood tests and usually settles after treatment.
            - **Aches.** Joint, muscle and back pain are common, especially after strenuous
              exercise.
            - **Mood changes.** Report low mood, irritability or anxiety promptly. If you have
              thoughts of harming yourself, stop taking it and get help straight away.

            ## Contraception and pregnancy

            Isotretinoin can cause severe birth defects, even after a short exposure. Anyone who
            could become pregnant must use effective contraception from at least one month before
            starting until at least one month after the last dose, with regular pregnancy tests.
            In the US this is managed through the iPLEDGE programme, and in the UK and Europe
            through a pregnancy prevention programme. Your prescriber will explain the details.

            ## After treatment

            Many people stay clear for years; some need further treatment, occasionally a second
            course. Do not donate blood for a month after stopping, and avoid waxing and laser or
            resurfacing treatments for at least six months.
            """
        ),
    },
    {
        "slug": "isotretinoin-benefits-severe-acne",
        "title": "Isotretinoin for severe acne: the benefits and the trade-offs",
        "author": "gregor-smith",
        "reviewed_on": date(2026, 10, 19),
        "tags": ["isotretinoin", "acne"],
        "drugs": ["isotretinoin", "adapalene"],
        "conditions": ["acne"],
        "references": ["isotretinoin-cochrane-2018", "acne-aad-2024"],
        "excerpt": _text(
            """
            When acne is severe or scarring, no other treatment matches isotretinoin, and one
            course often brings lasting remission. Here is how it works, what it can and cannot do, and the
            precautions that come with it.
            """
        ),
        "body": _md(
            """
            ## Why severe acne deserves serious treatment

            Severe acne is more than a cosmetic problem. Deep nodules and cysts are painful, can
            leave permanent scars, and often affect confidence, relationships and mood. This kind
            of acne frequently fails to respond to creams and antibiotics.

            ## What isotretinoin does

            Isotretinoin tackles several causes of acne at once:

            - It shrinks the oil glands, cutting oil production dramatically.
            - It normalises how cells lining the pores mature and shed, so pores are less likely
              to clog.
            - It has an anti-inflammatory effect, calming red, swollen spots.
            - With less oil, the acne bacterium *Cutibacterium acnes* has less to feed on.

            No other acne treatment acts on all of these together.

            ## What it can do

            - **Clear severe acne.** Most people who complete a course end up clear or almost
              clear, including many whose acne resisted everything else.
            - **Bring lasting remission.** Most acne treatments work only while you use them;
              many people stay clear long after a course of isotretinoin ends.
            - **Prevent new scars.** Getting acne under control protects the skin.
            - **Improve wellbeing.** People often describe a lift in confidence as their skin
              clears.

            ## What it cannot do

            It does not work permanently for everyone. Some people's acne returns and needs further
            treatment, occasionally a second course. It does not remove existing scars, although
            it stops new ones forming; scar treatments can be considered once acne has settled.
            Gentle skin care and sun protection still matter during and after treatment.

            ## The trade-offs

            The benefits come with responsibilities. Isotretinoin is prescription-only and needs
            regular check-ups and blood tests. Dry skin and lips are near-universal, and joint
            aches and headaches are common. It has been linked to mood changes, so any change in
            mood should be reported. And it carries an extremely high risk of severe birth
            defects, so anyone who could become pregnant must follow a pregnancy prevention
            programme during treatment and for a month afterwards.

            ## Is it right for you?

            If your acne is severe, scarring, or has not improved with other treatments, ask your
            GP about a referral to a dermatologist. For milder acne, topical retinoids such as
            adapalene, benzoyl peroxide, antibiotics combined with creams, and hormonal
            treatments are usually tried first.
            """
        ),
    },
]

# --------------------------------------------------------------------------- outcomes

# What matters to a person with each condition, in the order pages and the review form show them.
OUTCOMES = {
    "eczema": [
        {
            "slug": "itch",
            "name": "Itch",
            "question": "How did it change your itch?",
            "description": "How itchy the skin is, usually scored from 0 to 10 by the person.",
        },
        {
            "slug": "sleep",
            "name": "Sleep",
            "question": "How did it change your sleep?",
            "description": "Nights broken by itching or scratching.",
        },
        {
            "slug": "skin-clearance",
            "name": "Skin clearance",
            "question": "How did it change how clear your skin is?",
            "description": "How much skin is affected and how badly, judged by a doctor (EASI or IGA scores).",
        },
        {
            "slug": "flares",
            "name": "Flares",
            "question": "How did it change how often your eczema flares?",
            "description": "How often eczema comes back or suddenly gets worse.",
        },
        {
            "slug": "quality-of-life",
            "name": "Quality of life",
            "question": "How did it change your day-to-day life?",
            "description": "Effect on daily life, work, school and mood (questionnaires such as the DLQI).",
        },
    ],
    "acne": [
        {
            "slug": "lesion-count",
            "name": "Spots",
            "question": "How did it change the number of spots?",
            "description": "Inflamed and non-inflamed spots, counted by a doctor (lesion count).",
        },
        {
            "slug": "scarring",
            "name": "Scarring",
            "question": "How did it change new scarring?",
            "description": "New scars forming. Scars already there need other treatments.",
        },
        {
            "slug": "relapse",
            "name": "Relapse",
            "question": "How did it change how often your acne comes back?",
            "description": "Acne returning after a course of treatment ends.",
        },
    ],
    "psoriasis": [
        {
            "slug": "skin-clearance",
            "name": "Skin clearance",
            "question": "How did it change how clear your skin is?",
            "description": "Area, redness, scale and thickness of plaques (PASI score).",
        },
        {
            "slug": "itch",
            "name": "Itch",
            "question": "How did it change your itch?",
            "description": "How itchy the plaques are.",
        },
        {
            "slug": "quality-of-life",
            "name": "Quality of life",
            "question": "How did it change your day-to-day life?",
            "description": "Effect on daily life, work and mood (questionnaires such as the DLQI).",
        },
    ],
    "hair-loss": [
        {
            "slug": "regrowth",
            "name": "Hair regrowth",
            "question": "How did it change how much hair you have?",
            "description": "Hair count or thickness in a measured patch of scalp.",
        },
        {
            "slug": "shedding",
            "name": "Shedding",
            "question": "How did it change how much hair you shed?",
            "description": "Hairs lost from day to day.",
        },
    ],
}


def _ev(drug, condition, outcome, direction, size, grade, finding, references):
    return {
        "drug": drug,
        "condition": condition,
        "outcome": outcome,
        "direction": direction,
        "size": size,
        "grade": grade,
        "finding": _text(finding),
        "references": references,
    }


_A, _B, _C, _D, _ANEC = (
    EvidenceGrade.A,
    EvidenceGrade.B,
    EvidenceGrade.C,
    EvidenceGrade.D,
    EvidenceGrade.ANECDOTAL,
)

# Each treatment's evidence per outcome: direction ("better", "no_difference", "worse", "unclear"), size
# ("large", "moderate", "small", "unclear"), our grade for that outcome alone, what was found and the
# references. An outcome a treatment has no row for reads "No study we cite measured this". The treatment's
# own grade is never stronger than its best row (outcomes.rules), which the loader checks.
OUTCOME_EVIDENCE = [
    # Dupilumab for eczema: two large 16-week placebo-controlled trials (SOLO 1 and 2) and later ones.
    _ev(
        "dupilumab", "eczema", "skin-clearance", "better", "large", _A,
        """In two 16-week trials of 1,379 adults, 36–38% of those on dupilumab every other week had clear or
        almost clear skin, against 8–10% on placebo.""",
        ["dupilumab-solo", "eczema-aad-systemic-2024"],
    ),
    _ev(
        "dupilumab", "eczema", "itch", "better", "large", _A,
        """In the SOLO trials about 4 in 10 people's itch score fell by 4 points or more on a 0–10 scale,
        against about 1 in 10 on placebo.""",
        ["dupilumab-solo"],
    ),
    _ev(
        "dupilumab", "eczema", "sleep", "better", "moderate", _B,
        """Sleep disturbed by itch improved more than on placebo; sleep was a secondary measure of the
        trials, not their main one.""",
        ["dupilumab-solo"],
    ),
    _ev(
        "dupilumab", "eczema", "flares", "better", "moderate", _B,
        """Eczema worsened less often on dupilumab than on placebo during the trials; it usually comes back
        after treatment stops.""",
        ["dupilumab-solo", "eczema-aad-systemic-2024"],
    ),
    _ev(
        "dupilumab", "eczema", "quality-of-life", "better", "large", _A,
        """Quality-of-life scores (DLQI) improved much more than on placebo in both trials.""",
        ["dupilumab-solo"],
    ),
    # Betamethasone valerate (a potent topical steroid) for eczema.
    _ev(
        "betamethasone-valerate", "eczema", "skin-clearance", "better", "large", _A,
        """Decades of trials show potent steroid creams settle flares faster and more often than
        moisturiser alone; guidelines strongly recommend them.""",
        ["eczema-aad-topical-2023", "eczema-nice-cg57"],
    ),
    _ev(
        "betamethasone-valerate", "eczema", "itch", "better", "moderate", _B,
        """Itch eases as the skin settles; fewer trials report itch on its own than report the skin.""",
        ["eczema-aad-topical-2023"],
    ),
    _ev(
        "betamethasone-valerate", "eczema", "flares", "better", "moderate", _C,
        """Using a steroid twice a week on skin that often flares cut the number of flares in trials, mostly
        of other steroids of similar strength.""",
        ["eczema-aad-topical-2023"],
    ),
    # Isotretinoin for eczema: no trial; one population study points the other way.
    _ev(
        "isotretinoin", "eczema", "skin-clearance", "unclear", "unclear", _D,
        """No trial has tested it in eczema, and eczema guidelines do not include it. Drying the skin, its
        best-known effect, works against the aim of eczema care.""",
        ["eczema-aad-systemic-2024", "eczema-nice-cg57"],
    ),
    _ev(
        "isotretinoin", "eczema", "flares", "worse", "unclear", _D,
        """A Norwegian national study found young people with eczema used more steroid cream while taking
        isotretinoin for acne, which suggests more flares. It was not a trial.""",
        ["isotretinoin-eczema-cohort"],
    ),
    # Isotretinoin for acne.
    _ev(
        "isotretinoin", "acne", "lesion-count", "better", "large", _A,
        """Clears or nearly clears severe acne in most people who complete a course of four to six months.
        The trials are old and small, but the benefit is large and consistent and guidelines agree.""",
        ["acne-aad-2024", "acne-nice-ng198", "isotretinoin-cochrane-2018"],
    ),
    _ev(
        "isotretinoin", "acne", "scarring", "better", "unclear", _C,
        """Guidelines recommend it for acne that is scarring, to stop new scars forming; it does not remove
        scars that are already there.""",
        ["acne-aad-2024", "acne-nice-ng198"],
    ),
    _ev(
        "isotretinoin", "acne", "relapse", "better", "moderate", _C,
        """Many people stay clear for years after one course; some need a second. This comes mostly from
        following treated people up, not from trials.""",
        ["acne-aad-2024", "isotretinoin-brazil-consensus"],
    ),
    # Adapalene for acne.
    _ev(
        "adapalene", "acne", "lesion-count", "better", "moderate", _A,
        """Many randomised trials show fewer spots than with the gel base alone after 12 weeks, more so when
        combined with benzoyl peroxide.""",
        ["acne-aad-2024", "acne-nice-ng198"],
    ),
    _ev(
        "adapalene", "acne", "relapse", "better", "moderate", _B,
        """Guidelines recommend a topical retinoid such as adapalene to keep acne away after a course of
        treatment, from trials of maintenance use.""",
        ["acne-aad-2024"],
    ),
    # Psoriasis.
    _ev(
        "acitretin", "psoriasis", "skin-clearance", "better", "moderate", _B,
        """Plaques improve moderately in trials; few people clear fully on acitretin alone, and it works
        better combined with light therapy.""",
        ["psoriasis-aad-systemic-2020", "acitretin-label"],
    ),
    _ev(
        "betamethasone-valerate", "psoriasis", "skin-clearance", "better", "moderate", _B,
        """Trials show potent steroid creams and scalp lotions reduce the redness, scale and thickness of
        plaques within a few weeks.""",
        ["psoriasis-aad-topical-2021", "psoriasis-nice-cg153"],
    ),
    _ev(
        "isotretinoin", "psoriasis", "skin-clearance", "unclear", "unclear", _D,
        """Only case reports and expert opinion; psoriasis guidelines do not recommend it. Acitretin is the
        retinoid that has been studied in psoriasis.""",
        ["isotretinoin-off-label-review", "psoriasis-aad-systemic-2020"],
    ),
    # Hair loss.
    _ev(
        "minoxidil", "hair-loss", "regrowth", "better", "moderate", _A,
        """In a 48-week trial in men, 5% solution regrew more hair than 2% and than placebo; a Cochrane
        review found it helps women too.""",
        ["minoxidil-men-trial", "hair-loss-women-cochrane"],
    ),
    _ev(
        "isotretinoin", "hair-loss", "shedding", "worse", "unclear", _C,
        """Hair thinning is a listed side effect in the prescribing information, usually temporary and more
        likely at higher doses.""",
        ["isotretinoin-label"],
    ),
    _ev(
        "isotretinoin", "hair-loss", "regrowth", "unclear", "unclear", _ANEC,
        """Only one personal account of low-dose use while treating seborrhoeic dermatitis of the scalp; no
        study has tested it for hair loss.""",
        ["isotretinoin-hair-loss-account"],
    ),
]  # fmt: skip
