.PHONY: run test
run:   ## install, migrate, load the demo city and serve all nine listeners
	scripts/run.sh
test:  ## install and run the whole test suite
	scripts/test.sh
