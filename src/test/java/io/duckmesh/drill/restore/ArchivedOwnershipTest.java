package io.duckmesh.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.restore.ArchivedOwnership.Owned;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchivedOwnershipTest {

    private static final List<String> TOC = List.of(
            "6; 2615 33844 SCHEMA - kinds postgres",
            "215; 1259 32769 TABLE kinds accounts postgres",
            "216; 1259 32776 MATERIALIZED VIEW kinds balances kinds_owner",
            "217; 1259 32780 TABLE kinds my table app owner",
            "218; 1259 32790 SEQUENCE kinds accounts_id_seq postgres",
            "219; 0 0 SEQUENCE OWNED BY kinds accounts_id_seq postgres",
            "4254; 0 32769 TABLE DATA kinds accounts postgres",
            "4255; 0 0 SEQUENCE SET kinds accounts_id_seq postgres",
            "4256; 0 32776 MATERIALIZED VIEW DATA kinds balances kinds_owner",
            "4100; 0 0 TABLE ATTACH kinds p1 postgres",
            "224; 1255 33890 FUNCTION kinds abs_eq(integer, integer) postgres",
            "225; 1255 33891 AGGREGATE public group_concat(text) postgres",
            "3434; 0 0 ACL - SCHEMA kinds postgres",
            "3435; 0 0 ACL kinds TABLE accounts postgres",
            "3436; 0 0 ACL - DATABASE catalog postgres",
            "2085; 826 33932 DEFAULT ACL kinds DEFAULT PRIVILEGES FOR TABLES postgres");

    @Test
    void ownersAreReadFromEveryEntryThatOwnsAnObjectAndNoOther() {
        assertThat(ArchivedOwnership.owners(TOC, List.of("postgres", "kinds_owner", "app owner"))).containsExactly(
                new Owned("SCHEMA", "-", "kinds", "postgres"),
                new Owned("TABLE", "kinds", "accounts", "postgres"),
                new Owned("MATERIALIZED VIEW", "kinds", "balances", "kinds_owner"),
                new Owned("TABLE", "kinds", "my table", "app owner"),
                new Owned("SEQUENCE", "kinds", "accounts_id_seq", "postgres"),
                new Owned("FUNCTION", "kinds", "abs_eq(integer, integer)", "postgres"),
                new Owned("AGGREGATE", "public", "group_concat(text)", "postgres"));
    }

    @Test
    void aclEntriesAreEveryAclButTheDatabasesOwn() {
        assertThat(ArchivedOwnership.aclEntries(TOC)).containsExactly(
                "3434; 0 0 ACL - SCHEMA kinds postgres",
                "3435; 0 0 ACL kinds TABLE accounts postgres",
                "2085; 826 33932 DEFAULT ACL kinds DEFAULT PRIVILEGES FOR TABLES postgres");
    }
}
