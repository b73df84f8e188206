from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save


def content_changed(sender, **kwargs):
    from pagecache.invalidation import invalidate

    invalidate(tags=[sender._meta.label_lower])


class ContentConfig(AppConfig):
    """The content model. Its label stays ``articles``, the app's first name, so its tables
    (``articles_drug`` …), migrations, permissions (``articles.change_drug``) and admin URLs
    (``/admin/articles/…``) are the ones every database and every staff account already has."""

    name = "content"
    label = "articles"
    verbose_name = "Content"

    def ready(self):
        for app_label in ("articles", "taggit"):
            for model in apps.get_app_config(app_label).get_models():
                uid = f"pages-{model._meta.label_lower}"
                post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
                for field in model._meta.local_many_to_many:
                    through = field.remote_field.through
                    m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"{uid}-{field.name}")
