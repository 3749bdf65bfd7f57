from django.apps import AppConfig
from django.conf import settings


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = "Themes and urgent flags"

    def ready(self):
        from themes.urgent import model

        # The urgent model is fitted once and kept in a file, not refitted by every process.
        model.configure(settings.HEARD_MODELS_DIR)
