import re
from decimal import Decimal, InvalidOperation

from django.db import migrations, models

# What older reviews typed, as far as it can be read: "20 mg a day", "0.5mg daily", "300 mg every two weeks".
AMOUNT_AND_UNIT = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?)\s*(mg|mcg|µg|micrograms?|g|grams?|ml|fingertip units?|ftu)\b(.*)$", re.I
)
UNITS = {"mg": "mg", "mcg": "mcg", "µg": "mcg", "microgram": "mcg", "micrograms": "mcg", "g": "g", "gram": "g",
         "grams": "g", "ml": "ml", "ftu": "ftu", "fingertip unit": "ftu", "fingertip units": "ftu"}  # fmt: skip
FREQUENCIES = [
    (r"every other day|alternate days", "2nd_day"),
    (r"every (two|2) weeks|fortnightly", "2nd_week"),
    (r"twice a week|twice weekly", "2_week"),
    (r"once a week|a week|weekly|per week", "1_week"),
    (r"once a month|a month|monthly", "1_month"),
    (r"four times|4 times|qds", "4_day"),
    (r"three times|3 times|tds", "3_day"),
    (r"twice|2 times|bd\b", "2_day"),
    (r"once a day|a day|daily|per day|each day|every day|at night|in the morning", "1_day"),
    (r"when needed|as needed|prn", "needed"),
]
LIMITS = {"mg": 2000, "mcg": 5000, "g": 100, "ml": 100, "ftu": 40}


def read_dose(text):
    """(amount, unit, frequency) from a dose typed as free text, or None when it cannot be read safely."""
    match = AMOUNT_AND_UNIT.match(text or "")
    if not match:
        return None
    try:
        amount = Decimal(match[1].replace(",", "."))
    except InvalidOperation:
        return None
    unit = UNITS.get(match[2].lower())
    frequency = next((code for pattern, code in FREQUENCIES if re.search(pattern, match[3], re.I)), None)
    if not unit or not frequency or not 0 < amount <= LIMITS[unit] or amount != round(amount, 2):
        return None
    return amount, unit, frequency


def structure_typed_doses(apps, schema_editor):
    """Older reviews' doses, where they can be read, in the structured fields every card shows; the words as
    typed stay in ``dose``."""
    Review = apps.get_model("reviews", "Review")
    for review in Review.objects.exclude(dose="").only("pk", "dose").iterator():
        if read := read_dose(review.dose):
            Review.objects.filter(pk=review.pk).update(dose_amount=read[0], dose_unit=read[1], dose_frequency=read[2])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0008_visitor_notices"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="dose_amount",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True),
        ),
        migrations.AddField(
            model_name="review",
            name="dose_frequency",
            field=models.CharField(
                blank=True,
                choices=[
                    ("1_day", "once a day"),
                    ("2_day", "twice a day"),
                    ("3_day", "three times a day"),
                    ("4_day", "four times a day"),
                    ("2nd_day", "every other day"),
                    ("2_week", "twice a week"),
                    ("1_week", "once a week"),
                    ("2nd_week", "every two weeks"),
                    ("1_month", "once a month"),
                    ("needed", "when needed"),
                ],
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="dose_unit",
            field=models.CharField(
                blank=True,
                choices=[("mg", "mg"), ("mcg", "micrograms"), ("g", "g"), ("ml", "ml"), ("ftu", "fingertip units")],
                max_length=4,
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="dose",
            field=models.CharField(
                blank=True,
                help_text="Free text from before doses were structured.",
                max_length=100,
                verbose_name="dose as typed",
            ),
        ),
        migrations.RunPython(structure_typed_doses, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("dose_amount__isnull", True), ("dose_frequency", ""), ("dose_unit", "")),
                    models.Q(
                        models.Q(
                            models.Q(("dose_unit", "mg"), _negated=True),
                            ("dose_amount__lte", Decimal("2000")),
                            _connector="OR",
                        ),
                        models.Q(
                            models.Q(("dose_unit", "mcg"), _negated=True),
                            ("dose_amount__lte", Decimal("5000")),
                            _connector="OR",
                        ),
                        models.Q(
                            models.Q(("dose_unit", "g"), _negated=True),
                            ("dose_amount__lte", Decimal("100")),
                            _connector="OR",
                        ),
                        models.Q(
                            models.Q(("dose_unit", "ml"), _negated=True),
                            ("dose_amount__lte", Decimal("100")),
                            _connector="OR",
                        ),
                        models.Q(
                            models.Q(("dose_unit", "ftu"), _negated=True),
                            ("dose_amount__lte", Decimal("40")),
                            _connector="OR",
                        ),
                        ("dose_amount__gt", 0),
                        (
                            "dose_frequency__in",
                            [
                                "1_day",
                                "2_day",
                                "3_day",
                                "4_day",
                                "2nd_day",
                                "2_week",
                                "1_week",
                                "2nd_week",
                                "1_month",
                                "needed",
                            ],
                        ),
                        ("dose_unit__in", ["mg", "mcg", "g", "ml", "ftu"]),
                    ),
                    _connector="OR",
                ),
                name="review_dose_complete_and_sane",
            ),
        ),
    ]
