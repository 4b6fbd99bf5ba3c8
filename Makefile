.PHONY: run test api-key
run:   ## install, migrate, load the demo city and serve all nine listeners
	scripts/run.sh
test:  ## install and run the whole test suite
	scripts/test.sh
# The venv's Python, so it works from any shell: make api-key NAME="Parking tablets" OWNER=admin SCOPES=parking LEVEL=staff
api-key:  ## create an API key (SCOPES: domains separated by spaces; LEVEL: public, resident or staff)
	@test -n "$(NAME)" -a -n "$(OWNER)" || { echo 'usage: make api-key NAME="what it is for" OWNER=username [SCOPES="parking permits"] [LEVEL=staff] [DAYS=90]' >&2; exit 2; }
	SECRET_KEY="$${SECRET_KEY:-$$(cat $${CIVICMIND_VAR_DIR:-var}/secret_key 2>/dev/null)}" .venv/bin/python manage.py create_api_key \
	  --name "$(NAME)" --owner "$(OWNER)" $(if $(SCOPES),--scopes $(SCOPES)) $(if $(LEVEL),--level $(LEVEL)) $(if $(DAYS),--expires-in-days $(DAYS))
