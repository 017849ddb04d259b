package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.Figure;
import io.duckmesh.drill.check.IntegrityRunCheck;
import io.duckmesh.drill.integrity.IntegrityApiSettings;
import io.duckmesh.drill.integrity.IntegrityClient;
import io.duckmesh.drill.integrity.IntegrityRunner;
import io.duckmesh.drill.integrity.RunState;
import io.qameta.allure.restassured.AllureRestAssured;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import io.duckmesh.drill.pipeline.StageScope;
import io.duckmesh.drill.pipeline.StageStep;

/**
 * 80 IntegrityRun: duckmesh's own integrity run of the restored copy, through its HTTP API. On this side
 * of the line (src/test) because its client is REST Assured with Allure's request and response attachments.
 */
final class IntegrityRun implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) {
        IntegrityApiSettings api = drill.settings().integrityApi().orElse(null);
        if (api == null) {
            stage.skip("integrity run not configured: set drill.integrity.api-url"
                    + " (DUCKMESH_RESTORE_DRILL_INTEGRITY_API_URL) to have duckmesh check the restored copy");
        }
        IntegrityClient client = new IntegrityClient(api, List.of(new AllureRestAssured()
                .setRequestTemplate("drill-http-request.ftl").setRequestAttachmentName("integrity API request")
                .setResponseAttachmentName("integrity API response")));
        if (drill.dryRun()) {
            stage.plan("start an integrity run of the restored copy" + api.token().map(t -> " (bearer token)").orElse(""),
                    "POST " + api.startUrl() + " " + client.startBody(new io.duckmesh.drill.postgres.PgEndpoint("<restore host>", 5432,
                            "<throwaway database>", "<user>", java.util.Optional.empty()), drill.runId()));
            stage.plan("read its state every " + api.pollInterval() + " until passed, failed or error, at most " + api.timeout(),
                    "GET <statusUrl from the start answer>");
            return;
        }
        AtomicReference<String> lastStatus = new AtomicReference<>("");
        IntegrityRunner.Outcome outcome = drill.evidence().step("integrity run of " + drill.restored() + " through " + api.baseUrl(),
                () -> new IntegrityRunner(client, api).run(drill.restored(), drill.runId(), state -> {
                    if (!state.status().equals(lastStatus.getAndSet(state.status()))) {
                        drill.evidence().console("integrity run " + state.id() + ": " + state.status());
                    }
                }));
        for (RunState.Check check : outcome.state().checks()) {
            drill.evidence().outcome("integrity check " + check.name() + ": " + check.status(), check.passed(), check.detail());
        }
        drill.record(Figure.INTEGRITY_RUN, java.util.Map.of("id", outcome.run().id(), "status", outcome.state().status(),
                "seconds", outcome.waited().toMillis() / 1000.0, "checks", outcome.state().checks().size()));
        drill.evidence().console(String.format("integrity run %s %s after %.1f s, %d checks, %d retried requests",
                outcome.run().id(), outcome.state().status(), outcome.waited().toMillis() / 1000.0, outcome.state().checks().size(),
                outcome.retries()));
        stage.verify(new IntegrityRunCheck().evaluate(outcome.state()));
    }
}
