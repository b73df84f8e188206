"""Choice labels that cost a dictionary look-up: ``get_<field>_display()`` as Django gives it, read faster."""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS = {}  # field -> {value: label}, built once per process: a field's choices are fixed when its model is made


class QuickChoiceLabels(models.Model):
    """Django's ``get_<field>_display()`` rebuilds a dictionary of every choice at each call; the cards of a
    public page call it dozens of times (a review card five). Here the dictionary is built once per field; the
    label itself is still made at each call (``force_str``), so a lazy label speaks the active language."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # Django's name, overridden
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
