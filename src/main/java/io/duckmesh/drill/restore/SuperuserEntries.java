package io.duckmesh.drill.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entries of an archive's table of contents that only a superuser can restore: PostgreSQL refuses
 * them to any other role, whatever it owns. An extension counts only when the restore server does not
 * trust it (CREATE EXTENSION of a trusted one needs CREATE on the database, which the restore role has
 * as its owner). What the list cannot show (a function in C, a base type) pg_restore refuses by itself,
 * and Restore's message names the setting then too.
 */
public final class SuperuserEntries {

    /** Kinds of entry PostgreSQL lets only a superuser create, each with its reason. */
    private static final List<List<String>> KINDS = List.of(
            List.of("EVENT TRIGGER", "an event trigger runs its function on DDL of every role"),
            List.of("PROCEDURAL LANGUAGE", "a procedural language"),
            List.of("FOREIGN DATA WRAPPER", "a foreign-data wrapper"),
            List.of("SUBSCRIPTION", "a subscription"),
            List.of("OPERATOR CLASS", "an operator class"),
            List.of("OPERATOR FAMILY", "an operator family"),
            List.of("TEXT SEARCH PARSER", "a text search parser"),
            List.of("TEXT SEARCH TEMPLATE", "a text search template"),
            List.of("ACCESS METHOD", "an access method"));
    private static final Pattern ENTRY = Pattern.compile("^\\d+; \\d+ \\d+ (.+)$");
    private static final Pattern EXTENSION = Pattern.compile("^EXTENSION - (\\S+).*$");

    private SuperuserEntries() {
    }

    /**
     * Each entry of {@code toc} (pg_restore --list) only a superuser can restore, as "EVENT TRIGGER - audit_ddl postgres (an
     * event trigger ...)"; empty when a role that is not one can restore the whole archive.
     *
     * @param trusted   the extensions the restore server marks trusted (pg_available_extension_versions)
     * @param available the extensions the restore server has installed at all
     */
    public static List<String> of(List<String> toc, Set<String> trusted, Set<String> available) {
        List<String> needing = new ArrayList<>();
        for (String line : toc) {
            Matcher matcher = ENTRY.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            String entry = matcher.group(1).strip();
            Matcher extension = EXTENSION.matcher(entry);
            if (extension.matches()) {
                String name = extension.group(1);
                if (!trusted.contains(name)) {
                    needing.add(entry + " (" + (available.contains(name) ? "an extension the restore server does not trust"
                            : "an extension the restore server does not have installed") + ")");
                }
                continue;
            }
            KINDS.stream().filter(kind -> entry.startsWith(kind.get(0) + " ")).findFirst()
                    .ifPresent(kind -> needing.add(entry + " (" + kind.get(1) + ")"));
        }
        return needing;
    }
}
