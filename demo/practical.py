"""Demo content for the practical questions of each drug (how to take it, a missed dose, too much, what to
avoid, storage, strengths and forms, generics) and for interactions. Loaded by ``manage.py load_demo_content``.

Facts from the products' labelling (UK SmPCs and patient leaflets, US prescribing information) as it is widely
summarised; the wording is our own. British spelling.
"""

from content.models import DosageForm as Form
from content.models import GenericAvailability as Generic
from interactions.models import Severity, SubstanceKind

from .data import _text

# --------------------------------------------------------------------------- practical questions, per drug slug

PRACTICAL = {
    "isotretinoin": {
        "how_to_take": """
            Swallow the capsules whole with a drink of water, with or just after a meal: food, and the fat in it,
            helps your body absorb the medicine. Take them once a day, or split into two doses, as your
            prescriber says. Do not chew, open or share the capsules.

            Keep going for the whole course, even if your skin gets worse in the first few weeks; that is common
            and usually settles.
            """,
        "missed_dose": """
            Take it as soon as you remember, unless it is nearly time for your next dose; then skip the missed
            one. Never take two doses at once to make up for a forgotten one.
            """,
        "overdose": """
            Too much isotretinoin can cause the signs of too much vitamin A: a severe headache, feeling or being
            sick, dizziness, drowsiness, irritability and itching. Contact your prescriber, a pharmacist or
            NHS 111 for advice straight away, even if you feel well.
            """,
        "avoid_food": """
            No food needs to be avoided. Do not take supplements that contain vitamin A (retinol), including some
            multivitamins and fish liver oils: isotretinoin is related to vitamin A, and the two add up.
            """,
        "avoid_alcohol": """
            Keep alcohol to a minimum. Isotretinoin can raise the fats in your blood and affect your liver, and
            alcohol adds to both; your blood tests keep an eye on them.
            """,
        "avoid_sun": """
            Your skin burns more easily. Use a broad-spectrum sunscreen of SPF 30 or more, cover up in strong
            sun, and avoid sunbathing and sunbeds.
            """,
        "avoid_other": """
            Avoid waxing, dermabrasion and laser skin treatments during the course and for at least six months
            afterwards: the skin is fragile and can scar. Do not give blood during treatment or for a month
            after the last capsule. Stop other acne treatments that peel or dry the skin unless your
            dermatologist says otherwise.
            """,
        "storage": """
            Keep the capsules in their original pack, below 25°C, away from light and moisture, and out of the
            sight and reach of children. Take any you have left at the end of the course back to a pharmacy.
            """,
        "generic_availability": Generic.AVAILABLE,
        "generic_note": "Generic capsules contain the same medicine as the branded ones and are widely prescribed.",
        "presentations": [
            (Form.CAPSULE, "5 mg", "some UK generics"),
            (Form.CAPSULE, "10 mg", ""),
            (Form.CAPSULE, "20 mg", ""),
            (Form.CAPSULE, "30 mg", "US brands"),
            (Form.CAPSULE, "40 mg", "US brands"),
        ],
    },
    "dupilumab": {
        "how_to_take": """
            An injection under the skin, from a pre-filled pen or syringe, into the thigh or the belly (not
            within 5 cm of the navel), or the outer upper arm if someone else gives it. A nurse or doctor shows
            you how before your first one. For adults with eczema the usual pattern is a first dose of two
            injections (600 mg), then one 300 mg injection every other week.

            Take the pen or syringe out of the fridge about 45 minutes before injecting so it reaches room
            temperature. Use a different spot each time, and never inject into skin that is tender, bruised,
            damaged or scarred. Keep using your emollients and any creams you have been prescribed.
            """,
        "missed_dose": """
            If you miss a dose, inject it within 7 days of the day it was due, then carry on with your usual
            schedule. If more than 7 days have passed, skip it and have your next dose on its usual day.
            """,
        "overdose": """
            There is no particular treatment for too much dupilumab. If you inject more than you should, or
            too soon, contact your doctor, nurse or pharmacist for advice and look out for signs of an
            allergic reaction.
            """,
        "avoid_alcohol": "No interaction between dupilumab and alcohol is known.",
        "avoid_other": """
            Do not have live vaccines (such as yellow fever, BCG or the nasal flu spray) while you use
            dupilumab; check with your doctor before any vaccination. If you also have asthma, do not stop or
            change your asthma medicines without talking to your doctor.
            """,
        "storage": """
            Keep it in a fridge (2°C to 8°C) in its carton to protect it from light. Do not freeze or shake it.
            If you need to, you can keep it at room temperature (up to 25°C) for up to 14 days; after that, use
            it or throw it away safely.
            """,
        "generic_availability": Generic.BRAND_ONLY,
        "generic_note": "Sold only as Dupixent; there is no biosimilar yet.",
        "presentations": [
            (Form.PREFILLED_PEN, "300 mg in 2 ml", ""),
            (Form.PREFILLED_PEN, "200 mg in 1.14 ml", ""),
            (Form.PREFILLED_SYRINGE, "300 mg in 2 ml", ""),
            (Form.PREFILLED_SYRINGE, "200 mg in 1.14 ml", "mostly for children"),
        ],
    },
    "betamethasone-valerate": {
        "how_to_take": """
            Apply a thin layer to the inflamed skin once or twice a day, for as long as your prescriber says:
            usually no more than a few weeks at a time on the body. A fingertip unit (a line squeezed from the
            tip of an adult's index finger to the first crease) covers an area the size of two adult hands.

            If you also use an emollient, leave 15 to 30 minutes between the two. Wash your hands afterwards,
            unless you are treating your hands. Do not use it on the face, or under a dressing, unless your
            doctor has told you to.
            """,
        "missed_dose": """
            Apply it when you remember, unless your next application is nearly due; then skip the missed one.
            Do not apply extra to make up for it.
            """,
        "overdose": """
            Using it once too often is unlikely to do harm. Using a potent steroid on large areas, for a long
            time or under dressings can thin the skin and, rarely, affect the body's own steroid hormones. If a
            child swallows some, ask a pharmacist or doctor for advice.
            """,
        "avoid_other": """
            Do not use it on broken or infected skin, on skin with untreated cold sores or warts, or near the
            eyes, unless your doctor has advised it. Ointments soak into clothing and bedding, which then
            catch fire more easily: keep away from naked flames, and wash fabrics often.
            """,
        "storage": "Below 25°C, with the cap on. Do not freeze.",
        "generic_availability": Generic.AVAILABLE,
        "generic_note": "Made by several companies under generic and brand names (Betnovate in the UK).",
        "presentations": [
            (Form.CREAM, "0.1%", ""),
            (Form.OINTMENT, "0.1%", ""),
            (Form.SCALP_APPLICATION, "0.1%", ""),
            (Form.CREAM, "0.025%", "a quarter of the strength, Betnovate-RD"),
            (Form.FOAM, "0.12%", "US, for the scalp"),
        ],
    },
    "acitretin": {
        "how_to_take": """
            Swallow the capsules whole once a day with a meal or a glass of milk, which helps your body absorb
            them. Your dermatologist starts with a low dose and adjusts it; improvement takes two to four months.
            """,
        "missed_dose": """
            Take it as soon as you remember the same day; if you only remember the next day, skip the missed
            dose. Never take two doses at once.
            """,
        "overdose": """
            Too much acitretin can cause the signs of too much vitamin A: a severe headache, dizziness, feeling
            or being sick, drowsiness and itching. Contact your doctor or a pharmacist straight away.
            """,
        "avoid_food": "Do not take supplements containing vitamin A (retinol), including some multivitamins.",
        "avoid_alcohol": """
            If you could become pregnant, do not drink alcohol, or use medicines or foods that contain it, while
            taking acitretin and for two months after stopping. Alcohol turns acitretin into etretinate, which
            stays in the body for years and would extend the risk to an unborn baby. Everyone else should keep
            alcohol low, for the liver's sake.
            """,
        "avoid_sun": """
            Your skin burns more easily: avoid strong sun and sunbeds and use a high-factor sunscreen. If you also
            have light treatment, your dermatologist adjusts its dose.
            """,
        "avoid_other": """
            Do not give blood while taking acitretin or for three years after stopping. Do not take it with
            tetracycline antibiotics or methotrexate (see Interactions).
            """,
        "storage": "Below 25°C, in the original pack to protect from light and moisture.",
        "generic_availability": Generic.AVAILABLE,
        "generic_note": "Generic acitretin capsules are available in the UK and the US.",
        "presentations": [
            (Form.CAPSULE, "10 mg", ""),
            (Form.CAPSULE, "17.5 mg", "US"),
            (Form.CAPSULE, "25 mg", ""),
        ],
    },
    "adapalene": {
        "how_to_take": """
            Once a day in the evening, on clean, dry skin, spread a thin film over the whole area that gets
            acne, not just the spots. Keep it away from the eyes, lips and the corners of the nose. It takes
            four to eight weeks to help, and the skin can feel dry or sore for the first few weeks.
            """,
        "missed_dose": "Skip it and apply it at the usual time the next evening. Do not apply extra.",
        "overdose": """
            Putting on more does not work faster: it makes the skin red, peeling and sore. If someone swallows
            some, ask a pharmacist or doctor for advice.
            """,
        "avoid_sun": """
            Keep sun on treated skin to a minimum and avoid sunbeds; use a sunscreen and a hat. Do not put it on
            sunburnt skin.
            """,
        "avoid_other": """
            Do not wax treated skin. Avoid other products that dry or peel the skin unless your prescriber
            combined them with adapalene on purpose. Do not use it if you are pregnant or trying for a baby.
            """,
        "storage": "Below 25°C. Do not freeze.",
        "generic_availability": Generic.AVAILABLE,
        "generic_note": "In the US the 0.1% gel is sold without a prescription (Differin Gel).",
        "presentations": [(Form.GEL, "0.1%", ""), (Form.CREAM, "0.1%", ""), (Form.GEL, "0.3%", "US")],
    },
    "ketoconazole": {
        "how_to_take": """
            Shampoo: wet the hair, rub it into the scalp and any other affected skin, leave it for three to five
            minutes, then rinse. Usually twice a week for two to four weeks, then once every week or two to
            keep it away.

            Cream: apply once or twice a day to the affected skin and a little around it.
            """,
        "missed_dose": "Use it when you remember, then carry on as before. Do not use extra.",
        "overdose": """
            Too much on the skin is unlikely to harm, though it may irritate. If someone swallows the shampoo or
            cream, ask a pharmacist or doctor for advice.
            """,
        "avoid_other": """
            Keep it out of your eyes; if it gets in, rinse with plenty of water. If you have been using a steroid
            cream on the same skin, do not stop it suddenly (see Interactions).
            """,
        "storage": "Below 25°C.",
        "generic_availability": Generic.AVAILABLE,
        "generic_note": "Generic 2% cream and shampoo are available; the 1% shampoo is sold without prescription.",
        "presentations": [
            (Form.SHAMPOO, "2%", ""),
            (Form.CREAM, "2%", ""),
            (Form.SHAMPOO, "1%", "US, over the counter"),
        ],
    },
    "minoxidil": {
        "how_to_take": """
            Twice a day, part the hair and apply 1 ml of solution (or half a capful of foam) to the dry scalp
            over the thinning area, then spread it with a fingertip. Wash your hands afterwards and let it dry
            before going to bed or using a hair dryer. Results take two to four months; what grows back is lost
            within a few months of stopping.
            """,
        "missed_dose": "Carry on with the next application as usual. Do not apply extra.",
        "overdose": """
            Using more or more often grows no more hair, and more is absorbed. Swallowed, minoxidil can cause a
            fast heartbeat, dizziness and low blood pressure: get urgent medical help. It is very poisonous to
            cats.
            """,
        "avoid_sun": "Protect the scalp from sunburn, and do not apply it to a sunburnt or irritated scalp.",
        "avoid_other": """
            Do not use other medicines on the scalp at the same time unless your doctor says so. The solution
            contains alcohol and catches fire easily: do not smoke or go near a flame until it has dried. Keep
            pets, especially cats, away from treated hair and from the bottle.
            """,
        "storage": "Below 25°C, away from heat and flames.",
        "generic_availability": Generic.AVAILABLE,
        "generic_note": "Sold without prescription, as generics and as Regaine (UK) or Rogaine (US).",
        "presentations": [(Form.SOLUTION, "2%", ""), (Form.SOLUTION, "5%", "for men"), (Form.FOAM, "5%", "")],
    },
}

TEXT_FIELDS = [
    "how_to_take",
    "missed_dose",
    "overdose",
    "avoid_food",
    "avoid_alcohol",
    "avoid_sun",
    "avoid_other",
    "storage",
]


def practical_fields(slug):
    """The drug's practical fields as the loader saves them: each text folded like the rest of the demo."""
    item = PRACTICAL.get(slug, {})
    fields = {name: _text(item.get(name, "")) for name in TEXT_FIELDS}
    fields["generic_availability"] = item.get("generic_availability", Generic.NOT_RECORDED)
    fields["generic_note"] = item.get("generic_note", "")
    return fields


# --------------------------------------------------------------------------- interactions

SUBSTANCES = [
    {
        "slug": "alcohol",
        "name": "Alcohol",
        "kind": SubstanceKind.FOOD_DRINK,
        "other_names": ["Beer", "Wine", "Spirits", "Ethanol"],
        "description": "Alcoholic drinks, and medicines or foods that contain alcohol.",
    },
    {
        "slug": "vitamin-a-supplements",
        "name": "Vitamin A supplements",
        "kind": SubstanceKind.SUPPLEMENT,
        "other_names": ["Vitamin A", "Retinol", "Retinyl palmitate", "Fish liver oil", "Cod liver oil"],
        "description": "Supplements and multivitamins containing vitamin A (retinol).",
    },
    {
        "slug": "tetracycline-antibiotics",
        "name": "Tetracycline antibiotics",
        "kind": SubstanceKind.MEDICINE,
        "other_names": [
            "Tetracyclines",
            "Doxycycline",
            "Lymecycline",
            "Minocycline",
            "Oxytetracycline",
            "Tetracycline",
        ],
        "description": "Antibiotics often used for acne and rosacea.",
    },
    {
        "slug": "progestogen-only-pill",
        "name": "Progestogen-only pill",
        "kind": SubstanceKind.MEDICINE,
        "other_names": ["Mini pill", "Minipill", "Progestin-only pill", "POP", "Desogestrel"],
        "description": "Contraceptive pills that contain a progestogen and no oestrogen.",
    },
    {
        "slug": "st-johns-wort",
        "name": "St John's wort",
        "kind": SubstanceKind.SUPPLEMENT,
        "other_names": ["St Johns wort", "Hypericum"],
        "description": "A herbal remedy sold for low mood.",
    },
    {
        "slug": "methotrexate",
        "name": "Methotrexate",
        "kind": SubstanceKind.MEDICINE,
        "other_names": [],
        "description": "A tablet or injection that damps down the immune system, used for psoriasis and arthritis.",
    },
    {
        "slug": "live-vaccines",
        "name": "Live vaccines",
        "kind": SubstanceKind.MEDICINE,
        "other_names": ["Live vaccine", "Yellow fever vaccine", "BCG vaccine", "MMR vaccine", "Nasal flu vaccine"],
        "description": "Vaccines made from weakened live germs.",
    },
    {
        "slug": "peeling-skin-products",
        "name": "Peeling or drying skin products",
        "kind": SubstanceKind.OTHER,
        "other_names": ["Salicylic acid", "Glycolic acid", "Exfoliating scrub", "Astringent toner"],
        "description": "Products that peel, scrub or dry the skin.",
    },
]

# (drug slug, partner, severity, what can happen, what to do). The partner is ("drug", slug), ("class", slug) or
# ("substance", slug). A pair of drugs is entered once.
INTERACTIONS = [
    (
        "isotretinoin",
        ("substance", "tetracycline-antibiotics"),
        Severity.MAJOR,
        "Both can raise the pressure of the fluid around the brain (idiopathic intracranial hypertension): a "
        "severe headache, blurred or double vision, feeling sick.",
        "Do not take them together. If you need an antibiotic, tell the prescriber you take isotretinoin.",
    ),
    (
        "isotretinoin",
        ("substance", "vitamin-a-supplements"),
        Severity.MAJOR,
        "Isotretinoin is related to vitamin A; together they add up to the effects of too much vitamin A.",
        "Do not take supplements containing vitamin A during the course.",
    ),
    (
        "isotretinoin",
        ("drug", "acitretin"),
        Severity.MAJOR,
        "Two retinoid tablets together add up to the effects of too much vitamin A, and raise the risk of "
        "raised pressure around the brain.",
        "Never take them together.",
    ),
    (
        "isotretinoin",
        ("substance", "progestogen-only-pill"),
        Severity.MAJOR,
        "A low-dose progestogen-only pill on its own may not be reliable enough contraception during "
        "isotretinoin, whose risk to an unborn baby is very high.",
        "If you could become pregnant, use the highly effective contraception your prescriber agrees with you "
        "(such as an implant or a coil), not a progestogen-only pill alone.",
    ),
    (
        "isotretinoin",
        ("substance", "st-johns-wort"),
        Severity.MODERATE,
        "St John's wort can make hormonal contraception less effective, raising the chance of a pregnancy.",
        "Do not take it during the course, or for a month after, if you rely on hormonal contraception.",
    ),
    (
        "isotretinoin",
        ("substance", "alcohol"),
        Severity.MODERATE,
        "Alcohol, like isotretinoin, can raise the fats in the blood and strain the liver.",
        "Keep alcohol to a minimum during the course.",
    ),
    (
        "isotretinoin",
        ("drug", "adapalene"),
        Severity.MODERATE,
        "Together they make the skin drier, more irritated and more likely to peel.",
        "Dermatologists usually stop treatments applied to the skin for acne during isotretinoin; use adapalene "
        "only if yours says so.",
    ),
    (
        "acitretin",
        ("substance", "alcohol"),
        Severity.MAJOR,
        "Alcohol turns acitretin into etretinate, which stays in the body for years and keeps the risk to an "
        "unborn baby going long after the last capsule.",
        "If you could become pregnant, avoid all alcohol during treatment and for two months after stopping.",
    ),
    (
        "acitretin",
        ("substance", "methotrexate"),
        Severity.MAJOR,
        "Together they raise the risk of liver inflammation (hepatitis).",
        "They should not be taken together.",
    ),
    (
        "acitretin",
        ("substance", "tetracycline-antibiotics"),
        Severity.MAJOR,
        "Both can raise the pressure of the fluid around the brain.",
        "Do not take them together.",
    ),
    (
        "acitretin",
        ("substance", "vitamin-a-supplements"),
        Severity.MAJOR,
        "Together they add up to the effects of too much vitamin A.",
        "Do not take supplements containing vitamin A.",
    ),
    (
        "acitretin",
        ("substance", "progestogen-only-pill"),
        Severity.MAJOR,
        "A low-dose progestogen-only pill may not be reliable enough contraception with acitretin.",
        "Use the highly effective contraception your dermatologist agrees with you.",
    ),
    (
        "dupilumab",
        ("substance", "live-vaccines"),
        Severity.MAJOR,
        "How well live vaccines work, and how safe they are, with dupilumab has not been studied.",
        "Do not have a live vaccine while using dupilumab; have any you need before starting, as your doctor advises.",
    ),
    (
        "adapalene",
        ("substance", "peeling-skin-products"),
        Severity.MINOR,
        "More dryness, stinging and peeling.",
        "Leave them out while your skin gets used to adapalene, unless your prescriber combined them.",
    ),
    (
        "ketoconazole",
        ("class", "topical-corticosteroids"),
        Severity.MINOR,
        "Stopping a steroid cream suddenly when ketoconazole is started on the same skin can make it flare "
        "(a rebound).",
        "Keep the steroid going in the morning and ketoconazole at night, and reduce the steroid over two to "
        "three weeks, as your doctor advises.",
    ),
]
