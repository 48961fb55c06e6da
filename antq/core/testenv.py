"""pytest plugin (loaded with `-p` before Django starts): safe defaults for running the test suite locally."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("ANTQ_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("SECURE_COOKIES", "0")
# Jobs run at once, in the test's own process and transaction; no collectstatic manifest to look names up in.
os.environ.setdefault("ANTQ_TASKS_BACKEND", "immediate")
os.environ.setdefault("ANTQ_STATIC_MANIFEST", "0")
# Uploads the tests make (import previews hold full CCCDs) go to a folder of this run, removed at its end — never
# into the repository's var/media, which a developer's demo serves from.
if "MEDIA_ROOT" not in os.environ:
    _media = tempfile.mkdtemp(prefix="antq-test-media-")
    os.environ["MEDIA_ROOT"] = _media
    atexit.register(shutil.rmtree, _media, ignore_errors=True)
# WhiteNoise serves STATIC_ROOT (collectstatic's output) and warns when it is missing: an empty folder of this run.
if "STATIC_ROOT" not in os.environ:
    _static = tempfile.mkdtemp(prefix="antq-test-static-")
    os.environ["STATIC_ROOT"] = _static
    atexit.register(shutil.rmtree, _static, ignore_errors=True)
