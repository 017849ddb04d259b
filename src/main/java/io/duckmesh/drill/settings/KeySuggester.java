package io.duckmesh.drill.settings;

import java.util.Comparator;
import java.util.List;

/** Finds the valid name closest to a mistyped one, so an unknown-setting message can suggest it. */
final class KeySuggester {

    private KeySuggester() {
    }

    static String closest(String typed, List<String> candidates) {
        return candidates.stream()
                .min(Comparator.comparingInt((String candidate) -> distance(typed, candidate)).thenComparing(c -> c))
                .orElseThrow();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
