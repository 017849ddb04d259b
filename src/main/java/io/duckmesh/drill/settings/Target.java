package io.duckmesh.drill.settings;

import java.util.Arrays;
import java.util.Locale;

/** drill.target: where the source and the restored copy live, as the setting names it. */
public enum Target {
    /** Two embedded PostgreSQL servers the drill starts; the source loaded from a fixture. */
    EMBEDDED,
    /** One PostgreSQL container the drill starts; the source loaded from a fixture, the client programs inside it. */
    CONTAINER,
    /** A real source and a verification server someone else runs; throwaway databases on the latter. */
    SERVER;

    /** The setting's value: "embedded", "container", "server". */
    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The drill starts the restore server and is its superuser: it may create the source's roles there. */
    public boolean ownsRestoreServer() {
        return this != SERVER;
    }

    /** The drill loads the source from a fixture rather than reaching one that exists. */
    public boolean loadsFixture() {
        return this != SERVER;
    }

    /** The target a valid drill.target value names. */
    public static Target of(String setting) {
        return Arrays.stream(values()).filter(target -> target.setting().equals(setting)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("drill.target=" + setting + " is not one of embedded, container, server"));
    }
}
