package io.duckmesh.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The entries of a table of contents only a superuser can restore, read from pg_restore --list as it prints them. */
class SuperuserEntriesTest {

    private static final List<String> TOC = List.of(
            ";",
            "; Archive created at 2026-12-02 21:23:39 UTC",
            "2; 3079 16385 EXTENSION - pgcrypto ",
            "4201; 0 0 COMMENT - EXTENSION pgcrypto ",
            "3; 3079 16422 EXTENSION - postgis ",
            "5; 3079 16999 EXTENSION - made_up ",
            "215; 1259 16450 TABLE public accounts app_owner",
            "216; 1255 16460 FUNCTION public \"EVENT TRIGGER - x\"() app_owner",
            "3350; 3466 16470 EVENT TRIGGER - audit_ddl postgres",
            "1200; 2616 16480 OPERATOR CLASS public abs_int_ops postgres",
            "1201; 2617 16481 OPERATOR kinds ===(integer, integer) postgres",
            "1202; 2328 16482 FOREIGN DATA WRAPPER - wrapper postgres",
            "1203; 1417 16483 SERVER - remote postgres",
            "4300; 0 0 ACL - FOREIGN DATA WRAPPER wrapper postgres");

    @Test
    void namesEachEntryWithWhyAndLeavesTrustedExtensionsAndEveryOtherEntry() {
        assertThat(SuperuserEntries.of(TOC, Set.of("pgcrypto", "plpgsql"), Set.of("pgcrypto", "plpgsql", "postgis"))).containsExactly(
                "EXTENSION - postgis (an extension the restore server does not trust)",
                "EXTENSION - made_up (an extension the restore server does not have installed)",
                "EVENT TRIGGER - audit_ddl postgres (an event trigger runs its function on DDL of every role)",
                "OPERATOR CLASS public abs_int_ops postgres (an operator class)",
                "FOREIGN DATA WRAPPER - wrapper postgres (a foreign-data wrapper)");
    }

    @Test
    void aCatalogOfTablesFunctionsAndTrustedExtensionsNeedsNone() {
        assertThat(SuperuserEntries.of(TOC.subList(0, 4), Set.of("pgcrypto"), Set.of("pgcrypto"))).isEmpty();
        assertThat(SuperuserEntries.of(List.of("215; 1259 16450 TABLE public accounts app_owner"), Set.of(), Set.of())).isEmpty();
    }
}
