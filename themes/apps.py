from django.apps import AppConfig
from django.conf import settings


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = "Themes and urgent flags"

    def ready(self):
        from themes.taxonomies import taxonomies
        from themes.urgent import model

        # Every taxonomy file is read now, so a broken one stops Heard starting, naming the file and what
        # is wrong, rather than the first report that needs it failing.
        taxonomies()

        # The urgent model is fitted once and kept in a file, not refitted by every process.
        model.configure(settings.HEARD_MODELS_DIR)
