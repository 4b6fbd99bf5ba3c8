"""A server process freezes its start-up heap, so full collections skip it."""
import subprocess
import sys

from tests.servers import BASE_DIR


def test_loading_the_asgi_application_freezes_what_start_up_built(tmp_path):
    script = ("import gc; assert gc.get_freeze_count() == 0; import civicmind.asgi; "
              "print(gc.get_freeze_count())")
    done = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "civicmind.settings",
                               "CIVICMIND_VAR_DIR": str(tmp_path), "DEBUG": "true"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) > 50_000  # Django, the apps, the registry: all of it
