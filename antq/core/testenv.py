"""pytest plugin (loaded with `-p` before Django starts): safe defaults for running the test suite locally."""

import os

os.environ.setdefault("ANTQ_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("SECURE_COOKIES", "0")
