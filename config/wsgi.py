import os

from config.reproducible import pin_blas_kernels

pin_blas_kernels()  # before numpy loads: the same trained model on every x86 processor

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
