# The restore drill. `make drill` runs it; `make test` runs the unit tests and self-tests.
MVN ?= mvn
MVN_FLAGS ?= -B
REPORT := reports/allure-report/index.html
IMAGE ?= duckmesh-local/postgres:15-bookworm

.PHONY: drill test backup bench report image clean

# bin/drill exits 0 when the backup restores and is the same catalog, 1 when it is not, 2 when the
# drill could not judge it; make reports any failure as its own exit status 2.
drill:
	@MVN="$(MVN)" MVN_FLAGS="$(MVN_FLAGS)" bin/drill $(ARGS)

test:
	$(MVN) $(MVN_FLAGS) verify $(ARGS)

# A backup of drill.source.url with its manifest, in drill.dump.dir, that make drill can verify later.
backup:
	$(MVN) $(MVN_FLAGS) -q -Pbackup $(ARGS)

# The drill against its floor (bare pg_dump + pg_restore) at two scales, 3 runs each; writes BENCHMARKS.md.
BENCH_SCALES ?= 1000000,10000000
BENCH_RUNS ?= 3
# pg_restore --jobs and check sessions of the floor and the drill (empty: the machine's cores), and where the tables go
BENCH_JOBS ?=
BENCH_OUTPUT ?= BENCHMARKS.md
bench:
	@echo "bench: a dry-run make drill first, so that the measured ones find the build up to date"
	@DUCKMESH_RESTORE_DRILL_REPORTS_DIR=target/bench/warm-up MVN="$(MVN)" MVN_FLAGS="$(MVN_FLAGS)" bin/drill -Ddrill.dry-run=true > target/bench-warm-up.log 2>&1 \
	  || { tail -n 30 target/bench-warm-up.log; exit 2; }
	$(MVN) $(MVN_FLAGS) -Pbench -Dbench.scales=$(BENCH_SCALES) -Dbench.runs=$(BENCH_RUNS) -Dbench.jobs=$(BENCH_JOBS) -Dbench.output=$(BENCH_OUTPUT)

# Renders reports/allure-results again into the single-file HTML report.
report:
	$(MVN) $(MVN_FLAGS) -q process-test-resources
	java -cp target/classes io.duckmesh.drill.evidence.HtmlReport "$$(ls -d target/allure-commandline/allure-* | tail -n 1)" reports/allure-results reports

# A PostgreSQL 15 image from Debian's packages (debootstrap + docker import), for drill.target=container.
image:
	bash images/postgres15/build.sh $(IMAGE)

clean:
	$(MVN) $(MVN_FLAGS) clean
	rm -rf reports
