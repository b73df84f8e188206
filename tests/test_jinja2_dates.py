"""The Jinja2 templates' ``date`` filter writes the formats they use itself (``eczemafeed.jinja2.WRITTEN_OUT_DATES``):
each must read exactly as Django's ``date`` filter, in the active time zone, for moments either side of midnight
and of a clock change, with and without microseconds, early years, in more than one zone and language; any other
value or format goes to Django's filter."""

import datetime

import pytest
from django.template.defaultfilters import date
from django.utils import timezone, translation

from eczemafeed.jinja2 import WRITTEN_OUT_DATES, django_date

UTC = datetime.UTC
MOMENTS = [
    datetime.datetime(2024, 6, 30, 23, 30, tzinfo=UTC),  # 1 July in London, 30 June in New York
    datetime.datetime(2024, 1, 1, 3, 0, tzinfo=UTC),  # 1 January in London, 31 December in New York
    datetime.datetime(2025, 3, 30, 0, 59, 59, 999999, tzinfo=UTC),  # London's clocks go forward at 1:00
    datetime.datetime(2025, 3, 30, 1, 0, tzinfo=UTC),
    datetime.datetime(2025, 10, 26, 0, 30, tzinfo=UTC),  # London's 1:30 comes twice
    datetime.datetime(2025, 10, 26, 1, 30, tzinfo=UTC),
    datetime.datetime(2024, 2, 29, 18, 45, 1, 5, tzinfo=UTC),  # India's half hour takes it past midnight
    datetime.datetime(999, 12, 31, 12, 0, tzinfo=UTC),  # a year of three digits
    datetime.datetime(2026, 12, 2, 13, 38, 7, 120000, tzinfo=datetime.timezone(datetime.timedelta(hours=-3))),
]
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"]


def djangos(value, format_string):
    return date(timezone.template_localtime(value), format_string)


@pytest.mark.parametrize("format_string", WRITTEN_OUT_DATES)
@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("language", ["en-gb", "fr", "de"])
def test_each_written_out_format_reads_as_djangos_date_filter(format_string, zone, language):
    with timezone.override(zone), translation.override(language):
        for moment in MOMENTS:
            assert django_date(moment, format_string) == djangos(moment, format_string), moment


@pytest.mark.parametrize("format_string", WRITTEN_OUT_DATES)
def test_a_naive_datetime_reads_as_djangos_too(format_string):
    moment = datetime.datetime(2024, 6, 30, 23, 30, 5, 7)
    assert django_date(moment, format_string) == djangos(moment, format_string)


@pytest.mark.parametrize(
    ("value", "format_string"),
    [
        (datetime.datetime(2024, 6, 30, 23, 30, tzinfo=UTC), "D, j M Y H:i"),  # not written out
        (datetime.datetime(2024, 6, 30, 23, 30, tzinfo=UTC), None),  # the language's DATE_FORMAT
        (datetime.date(2024, 6, 30), "j F Y"),  # a date, not a datetime
        (None, "c"),
        ("", "j F Y"),
    ],
)
def test_anything_else_goes_to_djangos_filter(value, format_string):
    with timezone.override("America/New_York"):
        assert django_date(value, format_string) == djangos(value, format_string)
