package io.taurusreplicationwatch.simulator;

/** How the simulated service writes {@code total_count}, {@code percentage} and {@code catchup_percentage}. */
public enum NumberStyle {
    /** JSON numbers, like the API page's response example. */
    NUMBERS,
    /** JSON strings ({@code "100"}), as the page's parameter tables and the generated SDK declare them. */
    STRINGS
}
