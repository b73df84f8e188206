"""The interaction checker: the medicines a visitor typed, matched by generic or brand name (or a substance's
names), and every known interaction among them, pair by pair.

Everything is read in a constant number of queries, whatever was typed: the public drugs with their classes and
brand names, the substances, then the interactions among what was recognised. Names are compared as search
compares them (``search.names.spelled``: words in lower case, punctuation ignored), and a name we do not know
gets the closest known one as a suggestion, by the same edit distance as search's did-you-mean.
"""

from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Q

from content.models import BrandName, Drug
from search.names import allowed_edits, edit_distance, spelled

from .models import Interaction, Severity, Substance

MAX_MEDICINES = 10  # what one check takes; more boxes are refused with a message, nothing typed is lost


@dataclass(frozen=True)
class Medicine:
    """A recognised name: a drug with a page here, or a substance."""

    typed: str
    name: str  # the drug's generic name or the substance's name
    drug: Drug | None = None
    substance: Substance | None = None

    @property
    def key(self):
        return ("drug", self.drug.pk) if self.drug else ("substance", self.substance.pk)

    @property
    def typed_another_name(self):
        return spelled(self.typed) != spelled(self.name)

    def get_absolute_url(self):
        return self.drug.get_absolute_url() if self.drug else ""


@dataclass(frozen=True)
class Unknown:
    typed: str
    suggestion: str  # the closest known name, or ""


@dataclass
class Pair:
    first: Medicine
    second: Medicine
    interactions: list = field(default_factory=list)

    @property
    def severity(self):
        """The most serious of its interactions, or None when none is recorded."""
        return min((interaction.severity for interaction in self.interactions), default=None)

    @property
    def severity_label(self):
        return Severity(self.severity).label if self.severity else ""


@dataclass
class Check:
    medicines: list  # recognised, one per medicine (a second name for one already typed is left out)
    unknown: list
    same_medicine: list  # (medicine typed, medicine it is the same as)
    pairs: list

    @property
    def with_interactions(self):
        return [pair for pair in self.pairs if pair.interactions]

    @property
    def without_interactions(self):
        return [pair for pair in self.pairs if not pair.interactions]


class Catalogue:
    """Every name the checker knows, read once per check (three queries)."""

    def __init__(self):
        drugs = list(Drug.objects.published().prefetch_related("drug_classes"))
        self.drugs = {drug.pk: drug for drug in drugs}
        self.substances = list(Substance.objects.all())
        self.by_name = {}  # spelled name → (display name, drug or substance)
        for drug in drugs:
            self.by_name.setdefault(spelled(drug.generic_name), (drug.generic_name, drug))
        for name, drug_id in BrandName.objects.filter(drug__in=drugs).values_list("name", "drug_id").order_by():
            self.by_name.setdefault(spelled(name), (name, self.drugs[drug_id]))
        for substance in self.substances:
            for name in [substance.name, *substance.other_name_list]:
                self.by_name.setdefault(spelled(name), (name, substance))

    def find(self, typed: str) -> Medicine | None:
        found = self.by_name.get(spelled(typed))
        if found is None:
            return None
        _, owner = found
        if isinstance(owner, Drug):
            return Medicine(typed=typed, name=owner.generic_name, drug=owner)
        return Medicine(typed=typed, name=owner.name, substance=owner)

    def closest(self, typed: str) -> str:
        """The known name ``typed`` most likely meant, or "" when none is within a few typing mistakes."""
        word = spelled(typed)
        if len(word) < 4:
            return ""
        limit = allowed_edits(word)
        scored = [
            (edit_distance(word, candidate, limit), display)
            for candidate, (display, _) in self.by_name.items()
            if abs(len(candidate) - len(word)) <= limit
        ]
        best = min(((distance, display) for distance, display in scored if distance <= limit), default=None)
        return best[1] if best else ""


def check(typed_names: list[str]) -> Check:
    catalogue = Catalogue()
    medicines, unknown, same = [], [], []
    for typed in typed_names:
        medicine = catalogue.find(typed)
        if medicine is None:
            unknown.append(Unknown(typed=typed, suggestion=catalogue.closest(typed)))
        elif earlier := next((m for m in medicines if m.key == medicine.key), None):
            same.append((medicine, earlier))
        else:
            medicines.append(medicine)
    pairs = [Pair(first, second) for first, second in combinations(medicines, 2)]
    if pairs:
        attach_interactions(pairs, medicines)
    pairs.sort(key=lambda pair: (pair.severity is None, pair.severity or 0))
    return Check(medicines=medicines, unknown=unknown, same_medicine=same, pairs=pairs)


def attach_interactions(pairs: list[Pair], medicines: list[Medicine]) -> None:
    """Give each pair the public interactions between its two medicines, in one query."""
    drugs = {m.drug.pk: m for m in medicines if m.drug}
    substances = {m.substance.pk: m for m in medicines if m.substance}
    classes = {drug_class.pk for m in medicines if m.drug for drug_class in m.drug.drug_classes.all()}
    found = (
        Interaction.objects.public()
        .filter(drug__in=drugs)
        .filter(Q(other_drug__in=drugs) | Q(other_class__in=classes) | Q(substance__in=substances))
        .select_related("drug", "other_drug", "other_class", "substance")
        .by_severity()
    )
    by_pair = {frozenset((pair.first.key, pair.second.key)): pair for pair in pairs}
    for interaction in found:
        owner = drugs[interaction.drug_id]
        if interaction.other_drug_id:
            partners = [drugs[interaction.other_drug_id]]
        elif interaction.substance_id:
            partners = [substances[interaction.substance_id]]
        else:
            partners = [
                m
                for m in drugs.values()
                if m is not owner and any(c.pk == interaction.other_class_id for c in m.drug.drug_classes.all())
            ]
        for partner in partners:
            pair = by_pair.get(frozenset((owner.key, partner.key)))
            if pair is not None and interaction not in pair.interactions:
                pair.interactions.append(interaction)
