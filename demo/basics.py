"""Demo content for each condition's basics: symptoms, causes and triggers, how it is diagnosed, when to get
medical help urgently, and questions to ask your doctor. Loaded by ``manage.py load_demo_content``.

Facts as NHS, NICE and the British Association of Dermatologists' patient information give them; the wording is
our own. Lists are one item a line, as editors type them.
"""

from .data import _text

CONDITION_BASICS = {
    "acne": {
        "symptoms": [
            "Blackheads and whiteheads (blocked pores)",
            "Red, tender bumps, and spots with a white or yellow centre",
            "Deep, painful lumps under the skin (nodules and cysts) in more severe acne",
            "Oily skin, mostly on the face, back and chest",
            "Scars, or dark marks that stay after spots heal",
        ],
        "causes": """
            Acne starts when hair follicles are blocked by oil (sebum) and dead skin cells. Hormones called
            androgens, which rise at puberty, make the oil glands more active; a skin bacterium, Cutibacterium
            acnes, thrives in the blocked follicle, and the skin reacts with inflammation. It often runs in
            families.

            It can be made worse by hormonal changes around periods or pregnancy, polycystic ovary syndrome,
            some medicines (such as steroid tablets), heavy or greasy cosmetics, and picking or squeezing spots.
            It is not caused by poor hygiene, and the evidence linking particular foods to acne is limited.
            """,
        "diagnosis": """
            A GP or pharmacist can usually tell it is acne by looking at the skin; no tests are needed. A doctor
            judges how severe it is from the kind and number of spots and whether it is scarring, which decides
            the treatment. If acne starts suddenly in adulthood with irregular periods or extra body hair, blood
            tests may look for a hormonal cause.
            """,
        "urgent_signs": [
            "Acne that is getting worse quickly, is very painful, or is leaving scars",
            "A sudden fever and aching joints with painful, bleeding or crusted spots",
            "Low mood or thoughts of harming yourself: get help the same day",
            "On isotretinoin: a severe headache with blurred vision, severe stomach pain, or yellow skin or eyes",
        ],
        "questions": [
            "What type of acne do I have, and how severe is it?",
            "How long should I give this treatment before we decide whether it works?",
            "Which side effects should I look out for?",
            "Can I keep using my usual skin care and make-up?",
            "What can we try next if it does not work?",
            "How can I lower the risk of scarring?",
        ],
    },
    "eczema": {
        "symptoms": [
            "Dry, itchy skin; the itch is often worst at night",
            "Inflamed patches: red on white skin, darker brown, purple or grey on brown and black skin",
            "In babies, the face, scalp and the outsides of the arms and legs",
            "In older children and adults, the creases of the elbows and knees, the neck, hands and eyelids",
            "Thickened, cracked or scaly skin where it has been scratched for a long time",
            "Flares that come and go",
        ],
        "causes": """
            Atopic eczema comes from a weaker skin barrier together with an immune system that overreacts in
            the skin. It often runs in families with asthma and hay fever; changes in the gene for filaggrin, a
            protein that helps build the skin barrier, are one known cause. It is not contagious.

            Flares are often set off by soap, bubble bath and detergents; heat, sweat and rough fabrics; cold,
            dry weather; stress; and skin infections. House dust mite, pets or pollen affect some people. Food
            allergy plays a part in some babies and young children, but foods should only be cut out with
            medical advice.
            """,
        "diagnosis": """
            A GP usually diagnoses eczema from how the skin looks, where the rash is and its history: an itchy
            rash that comes and goes, often with asthma or hay fever in the person or their family. There is no
            single test. Allergy tests help only in some cases, such as a young child whose eczema flares after
            particular foods. A swab may be taken if the skin looks infected, and a dermatologist may do patch
            tests if a contact allergy is possible.
            """,
        "urgent_signs": [
            "Eczema that suddenly becomes painful, with clusters of blisters or small punched-out sores, and you "
            "feel unwell: it can be a herpes infection that needs treatment the same day",
            "Skin that is weeping, crusted or spreading, with a fever or feeling unwell",
            "A baby with eczema who is feeding poorly, unusually drowsy or feverish",
            "Swelling of the lips or face, or trouble breathing, after touching or eating something: call 999 "
            "(UK) or 911 (US)",
        ],
        "questions": [
            "Which steroid cream should I use, where, and for how long?",
            "How much emollient should I be using each week?",
            "What might be setting off my flares?",
            "What should I do if my eczema looks infected?",
            "When would I be referred to a dermatologist?",
            "Could light therapy or an injected treatment such as dupilumab help me?",
        ],
    },
    "psoriasis": {
        "symptoms": [
            "Raised patches (plaques) covered with silvery-white scales: red on white skin, purple or dark brown "
            "on brown and black skin",
            "Most often on the elbows, knees, scalp and lower back",
            "Itching, soreness or burning",
            "Pitted, thickened or discoloured nails, or nails lifting from the nail bed",
            "Stiff, swollen or painful joints (psoriatic arthritis)",
        ],
        "causes": """
            The immune system makes skin cells grow far faster than usual, and they build up into plaques. Genes
            play a part: psoriasis often runs in families. It is not contagious.

            Flares can follow a throat infection (especially the small, drop-shaped patches of guttate
            psoriasis), an injury to the skin such as a cut or sunburn, stress, smoking and heavy drinking, and
            some medicines, such as lithium, some beta-blockers, and stopping steroid tablets suddenly.
            """,
        "diagnosis": """
            A GP or dermatologist usually diagnoses psoriasis by looking at the skin, scalp and nails.
            Occasionally a small sample of skin (a biopsy) is taken to rule out other conditions. Because
            psoriasis is linked with arthritis, heart disease and diabetes, you may be asked about joint pain
            each year and offered checks of blood pressure, weight, blood sugar and cholesterol.
            """,
        "urgent_signs": [
            "Red, inflamed skin over most of the body, with chills or feeling unwell",
            "Sudden widespread pus-filled spots with a fever",
            "Painful, swollen joints: see your GP soon, as early treatment protects the joints",
        ],
        "questions": [
            "What type of psoriasis do I have?",
            "How do I use my creams to get the most from them?",
            "What might be setting off my flares?",
            "Could my joint pains be psoriatic arthritis?",
            "When would light therapy, tablets or injections be considered?",
            "Does psoriasis change my risk of other conditions, and what should be checked?",
        ],
    },
    "seborrhoeic-dermatitis": {
        "symptoms": [
            "Flaking and dandruff on the scalp",
            "Greasy-looking, red or darker patches with white or yellow scales on the scalp, eyebrows, sides of "
            "the nose, behind the ears and on the chest",
            "Mild itching",
            "In babies, thick yellow crusts on the scalp (cradle cap)",
        ],
        "causes": """
            It is linked to Malassezia, a yeast that normally lives on the skin, and to how the skin reacts to
            it in oily areas. It is not caused by poor hygiene and is not contagious.

            It often flares with stress, tiredness and cold, dry weather, and is more common and more severe in
            people with Parkinson's disease or a weakened immune system.
            """,
        "diagnosis": """
            A doctor or pharmacist can usually tell from how it looks and where it is. Tests are seldom needed;
            occasionally a scraping or small sample of skin is taken to rule out psoriasis, a fungal infection
            or another rash.
            """,
        "urgent_signs": [
            "A rash that spreads quickly, or makes you feel unwell",
            "Red, hot, swollen or painful skin, or weeping and crusting: signs of infection",
            "A baby whose rash spreads beyond the scalp, weeps, or who seems unwell",
        ],
        "questions": [
            "Is this seborrhoeic dermatitis, or could it be psoriasis or eczema?",
            "How often should I use an antifungal shampoo, and for how long?",
            "Do I need a steroid cream for flares, and for how long can I use it?",
            "How can I stop it coming back?",
        ],
    },
    "hair-loss": {
        "symptoms": [
            "Gradual thinning on top of the head, or a receding hairline",
            "A widening parting",
            "Round, smooth bald patches",
            "Much more hair than usual coming out when brushing or washing, often a few months after an illness, "
            "childbirth or a shock",
        ],
        "causes": """
            Pattern hair loss is the most common cause: hair follicles that are sensitive to androgens, an
            inherited trait, shrink over the years. In alopecia areata the immune system attacks the follicles.
            Heavy shedding for a few months (telogen effluvium) can follow childbirth, a high fever or illness,
            surgery, crash dieting or severe stress, and usually recovers.

            Other causes include thyroid problems, low iron, some medicines (including some cancer treatments
            and, now and then, retinoids such as isotretinoin), tight hairstyles, and scalp infections such as
            ringworm.
            """,
        "diagnosis": """
            A GP looks at the pattern of hair loss and the scalp, and asks about your health, medicines, recent
            illness and family. Blood tests may check for low iron, thyroid problems and other causes. A
            dermatologist may look closely with a magnifier (trichoscopy) and occasionally take a small sample of
            the scalp.
            """,
        "urgent_signs": [
            "Sudden hair loss with a red, scaly, sore or weeping scalp, or pus",
            "Hair loss with weight loss, tiredness, fever or a rash elsewhere",
            "A child with a scaly patch and broken hairs (possible scalp ringworm)",
        ],
        "questions": [
            "What kind of hair loss do I have?",
            "Do I need blood tests?",
            "Could any of my medicines be causing it?",
            "How long before a treatment shows results, and what happens if I stop?",
            "Is the hair likely to grow back?",
        ],
    },
}


def basics_fields(slug):
    """A condition's basics as the loader saves them: lists one item a line, paragraphs folded."""
    item = CONDITION_BASICS.get(slug, {})
    return {
        "symptoms": "\n".join(item.get("symptoms", [])),
        "causes": _text(item.get("causes", "")),
        "diagnosis": _text(item.get("diagnosis", "")),
        "urgent_signs": "\n".join(item.get("urgent_signs", [])),
        "questions_to_ask": "\n".join(item.get("questions", [])),
    }
