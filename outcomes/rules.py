"""The rule between a treatment's own grade and its outcomes' grades.

The caveat at the top of a treatment page speaks for the treatment as a whole. It may be more cautious
than its outcomes, never bolder: if the best-graded outcome is "C – Low", the page cannot open with
"strong evidence". Editors meet the rule as a form error in the treatment's admin page (and the demo loader
as an error); the page applies it again when it builds the caveat (``EvidenceCaveat.capped_at``), so a
treatment whose grade was raised some other way still reads no stronger than its outcomes.
"""

from collections.abc import Iterable

from content.models import EvidenceGrade


def best_grade(grades: Iterable[int]) -> EvidenceGrade | None:
    """The strongest of the outcome grades, or None when a treatment has no outcome evidence."""
    grades = list(grades)
    return EvidenceGrade(max(grades)) if grades else None


def grade_problems(*, treatment_grade: int, outcome_grades: Iterable[int]) -> list[str]:
    """Why a treatment's grade and its outcome grades cannot stand together (empty when they can)."""
    best = best_grade(outcome_grades)
    if best is None or treatment_grade is None or treatment_grade <= best:
        return []
    return [
        f"The treatment's evidence grade “{EvidenceGrade(treatment_grade).label}” is stronger than its "
        f"best-graded outcome (“{best.label}”). Lower the treatment's grade, or grade an outcome higher "
        "with the references that support it."
    ]
