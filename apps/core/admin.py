"""What the whole admin shares: the index page with the work queue, and CSV export of any list."""
from django.contrib import admin

from apps.core.admin_export import export_csv

# One override, in one place: the index page keeps Django's app list and adds the queue.
admin.site.index_template = "admin/core/index.html"
# Every change list can export what staff filtered and selected.
admin.site.add_action(export_csv, "export_csv")
