package io.duckmesh.drill.result;

import java.util.Locale;

/** How an enum constant's name reads: ROW_COUNT_PARITY as "row count parity" or as "RowCountParity". */
public final class EnumNames {

    private EnumNames() {
    }

    /** "row count parity": for labels a person reads. */
    public static String words(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** "RowCountParity": for class names, titles and anchors. */
    public static String camel(Enum<?> constant) {
        StringBuilder name = new StringBuilder();
        for (String word : words(constant).split(" ")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.toString();
    }
}
