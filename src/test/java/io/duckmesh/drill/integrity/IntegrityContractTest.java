package io.duckmesh.drill.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.check.IntegrityRunCheck;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.Secret;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract's samples (fixtures/integrity-api/samples) are what the drill's client sends and understands. */
class IntegrityContractTest {

    private static final Path SAMPLES = Path.of("fixtures/integrity-api/samples");
    private HttpServer server;
    private String runSample = "run-failed.json";

    @BeforeEach
    void serveTheSamples() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = Files.readAllBytes(SAMPLES.resolve(exchange.getRequestMethod().equals("POST") ? "started-run.json" : runSample));
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 202 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theStartRequestHasTheSampleShapeAndCarriesThePasswordOnlyWhenThereIsOne() throws Exception {
        IntegrityClient client = new IntegrityClient(settings("catalog"), List.of());
        ObjectMapper json = new ObjectMapper();

        JsonNode sent = json.readTree(client.startBody(new PgEndpoint("verify-db", 5432, "drill_x", "drill_restore", Optional.empty()), "r1"));
        JsonNode sample = json.readTree(SAMPLES.resolve("start-request.json").toFile());
        JsonNode withPassword = json.readTree(client.startBody(new PgEndpoint("h", 1, "d", "u", Optional.of(new Secret("pw"))), "r1"));

        assertThat(fields(sent)).isEqualTo(fields(sample));
        assertThat(fields(sent.get("catalog"))).isEqualTo(fields(sample.get("catalog")));
        assertThat(withPassword.path("catalog").path("password").asText()).isEqualTo("pw");
    }

    @Test
    void theSampleAnswersParseAndAFailedRunNamesEachFailingCheck() {
        IntegrityClient client = new IntegrityClient(settings("catalog"), List.of());

        IntegrityClient.StartedRun run = client.start(new PgEndpoint("h", 1, "d", "u", Optional.empty()), "r1").value().orElseThrow();
        RunState state = client.read(run).value().orElseThrow();
        CheckResult result = new IntegrityRunCheck().evaluate(state);

        assertThat(run).isEqualTo(new IntegrityClient.StartedRun("run-8812", "http://127.0.0.1:" + port() + "/v1/integrity-runs/run-8812"));
        assertThat(state.status()).isEqualTo("failed");
        assertThat(result.findings()).extracting(f -> f.subject())
                .containsExactly("data files belong to an existing snapshot", "record counts are not negative");
    }

    @Test
    void aRunThatEndedInErrorIsOneFindingWithTheApisMessage() {
        runSample = "run-error.json";
        IntegrityClient client = new IntegrityClient(settings("catalog"), List.of());

        RunState state = client.read(new IntegrityClient.StartedRun("run-8814", "http://127.0.0.1:" + port() + "/v1/integrity-runs/run-8814"))
                .value().orElseThrow();

        assertThat(new IntegrityRunCheck().evaluate(state).describe())
                .contains("integrity run run-8814: ended error", "error: cannot check the catalog: connection refused");
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(2));

        assertThat(IntegrityClient.retryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(IntegrityClient.retryAfter(inTwoMinutes)).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(100),
                Duration.ofSeconds(121)));
        assertThat(IntegrityClient.retryAfter("soon")).isEmpty();
        assertThat(IntegrityClient.retryAfter(null)).isEmpty();
    }

    private IntegrityApiSettings settings(String field) {
        return new IntegrityApiSettings("http://127.0.0.1:" + port(), Optional.empty(), "/v1/integrity-runs", field,
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static TreeSet<String> fields(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
