package io.taurusreplicationwatch.polling;

/**
 * What the {@code offset} query parameter counts. The API page documents records skipped (default 0), as the
 * vendor's Terraform provider uses it, but its own example sends {@code offset=1} for the first page.
 */
public enum OffsetMode {
    /** {@code offset} = records already read: 0, limit, 2 × limit, … */
    RECORDS,
    /** {@code offset} = 1-based page number: 1, 2, 3, … */
    PAGES
}
