package io.duckmesh.drill.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgSessions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Sessions that split amcheck's work check every index and table once between them, and find corruption in their share. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmcheckCheckTest {

    private EmbeddedServer server;
    private Connection connection;

    @BeforeAll
    void createTables() throws Exception {
        server = EmbeddedServer.start("amcheck test", Duration.ofSeconds(60));
        connection = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(60)).openWritable(server.endpoint("postgres"));
        try (Statement statement = connection.createStatement()) {
            for (int i = 1; i <= 5; i++) {
                statement.execute("CREATE TABLE t" + i + " (id bigint PRIMARY KEY, v text); CREATE INDEX t" + i + "_v ON t" + i + " (v);"
                        + " INSERT INTO t" + i + " SELECT g, md5(g::text) FROM generate_series(1, " + (i * 1000) + ") g");
            }
            statement.execute("CREATE FUNCTION drill_key(x bigint) RETURNS bigint IMMUTABLE LANGUAGE sql AS 'SELECT x';"
                    + " CREATE INDEX t3_corrupt ON t3 (drill_key(id));"
                    + " CREATE OR REPLACE FUNCTION drill_key(x bigint) RETURNS bigint IMMUTABLE LANGUAGE sql AS 'SELECT -x'");
        }
        assertThat(new AmcheckCheck().install(connection)).isEmpty();
    }

    @AfterAll
    void stop() throws Exception {
        connection.close();
        server.close();
    }

    @Test
    void twoSharesCoverEveryObjectOnceAndOneOfThemFindsTheCorruptIndex() throws Exception {
        CheckResult whole = new AmcheckCheck().check(connection, List.of("public"));
        CheckResult first = new AmcheckCheck().check(connection, List.of("public"), 0, 2);
        CheckResult second = new AmcheckCheck().check(connection, List.of("public"), 1, 2);

        assertThat(whole.scope()).isEqualTo("11 indexes and 5 tables");
        assertThat(first.evidence().rows().size() + second.evidence().rows().size()).isEqualTo(whole.evidence().rows().size());
        assertThat(first.evidence().rows()).doesNotContainAnyElementsOf(second.evidence().rows());
        assertThat(first.findings().size() + second.findings().size()).isEqualTo(1);
        assertThat(whole.findings()).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo("index public.t3_corrupt"));
    }
}
