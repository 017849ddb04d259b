# The restore drill. `make drill` runs it; `make test` runs the unit tests and self-tests.
MVN ?= mvn
MVN_FLAGS ?= -B
REPORT := reports/allure-report/index.html
IMAGE ?= duckmesh-local/postgres:15-bookworm

.PHONY: drill test backup report image clean

drill:
	@$(MVN) $(MVN_FLAGS) verify -Pdrill $(ARGS); status=$$?; \
	  echo ""; \
	  echo "HTML report: $(CURDIR)/$(REPORT)"; \
	  echo "Summary:     $(CURDIR)/reports/drill-summary.json"; \
	  exit $$status

test:
	$(MVN) $(MVN_FLAGS) verify $(ARGS)

# A backup of drill.source.url with its manifest, in drill.dump.dir, that make drill can verify later.
backup:
	$(MVN) $(MVN_FLAGS) -q -Pbackup $(ARGS)

# Renders reports/allure-results again into the single-file HTML report.
report:
	$(MVN) $(MVN_FLAGS) -Pdrill dependency:unpack@unpack-allure-commandline exec:exec@allure-single-file-report
	@echo "HTML report: $(CURDIR)/$(REPORT)"

# A PostgreSQL 15 image from Debian's packages (debootstrap + docker import), for drill.target=container.
image:
	bash images/postgres15/build.sh $(IMAGE)

clean:
	$(MVN) $(MVN_FLAGS) clean
	rm -rf reports
