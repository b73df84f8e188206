"""Each app gives the Jinja2 templates its functions by ``AppConfig.jinja2_globals()`` (``eczemafeed/jinja2.py``):
a name given twice, or one the environment has already, would silently replace the other, so it is refused."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.template import engines

from eczemafeed import jinja2


def an_app(label, **given):
    return SimpleNamespace(label=label, jinja2_globals=lambda: given)


def test_every_apps_globals_reach_the_templates():
    environment = engines["jinja2"].env
    for config in apps.get_app_configs():
        if hasattr(config, "jinja2_globals"):
            for name, value in config.jinja2_globals().items():
                assert environment.globals[name] is value, (config.label, name)


def test_two_apps_giving_one_name_is_refused(monkeypatch):
    apps_giving = [an_app("articles", stars=len, common=len), an_app("plain"), an_app("reviews", common=str)]
    monkeypatch.setattr(jinja2.apps, "get_app_configs", lambda: [SimpleNamespace(label="plain"), *apps_giving])
    with pytest.raises(ImproperlyConfigured, match="'common' of the reviews app is given by the articles app already"):
        jinja2.environment()


@pytest.mark.parametrize("name", ["url", "querystring", "range", "namespace"])
def test_an_app_giving_a_name_the_environment_has_is_refused(monkeypatch, name):
    monkeypatch.setattr(jinja2.apps, "get_app_configs", lambda: [an_app("reviews", **{name: len})])
    with pytest.raises(ImproperlyConfigured, match=f"'{name}' of the reviews app is given by the Jinja2 environment"):
        jinja2.environment()


def test_apps_giving_different_names_are_all_given(monkeypatch):
    monkeypatch.setattr(
        jinja2.apps, "get_app_configs", lambda: [an_app("articles", stars=len), an_app("reviews", x=str)]
    )
    environment = jinja2.environment()
    assert environment.globals["stars"] is len and environment.globals["x"] is str
