# The restore drill. `make drill` runs it; `make test` runs the unit tests and self-tests.
MVN ?= mvn
MVN_FLAGS ?= -B
REPORT := reports/allure-report/index.html
IMAGE ?= duckmesh-local/postgres:15-bookworm

.PHONY: drill test backup report image clean

# Exit code: 0 the backup restores and is the same catalog; 1 it does not (a check, the backup or the
# restore failed); 2 the drill could not judge it (configuration or infrastructure). The code comes
# from reports/drill-summary.json; without one (the build broke before Cleanup) it is 2.
drill:
	@rm -f reports/drill-summary.json; \
	  $(MVN) $(MVN_FLAGS) verify -Pdrill $(ARGS); status=$$?; \
	  code=$$(sed -n 's/^ *"exitCode" *: *\([0-9]*\).*/\1/p' reports/drill-summary.json 2>/dev/null | head -n 1); \
	  if [ -z "$$code" ]; then code=2; elif [ "$$status" -ne 0 ] && [ "$$code" -eq 0 ]; then code=2; fi; \
	  echo ""; \
	  echo "HTML report: $(CURDIR)/$(REPORT)"; \
	  echo "Summary:     $(CURDIR)/reports/drill-summary.json (exit code $$code)"; \
	  exit $$code

test:
	$(MVN) $(MVN_FLAGS) verify $(ARGS)

# A backup of drill.source.url with its manifest, in drill.dump.dir, that make drill can verify later.
backup:
	$(MVN) $(MVN_FLAGS) -q -Pbackup $(ARGS)

# Renders reports/allure-results again into the single-file HTML report.
report:
	$(MVN) $(MVN_FLAGS) -Pdrill dependency:unpack@unpack-allure-commandline exec:exec@allure-history-report exec:exec@allure-single-file-report exec:exec@allure-keep-history
	@echo "HTML report: $(CURDIR)/$(REPORT)"

# A PostgreSQL 15 image from Debian's packages (debootstrap + docker import), for drill.target=container.
image:
	bash images/postgres15/build.sh $(IMAGE)

clean:
	$(MVN) $(MVN_FLAGS) clean
	rm -rf reports
