package io.taurusreplicationwatch.simulator;

/** How the simulated service reads the {@code offset} query parameter. */
public enum OffsetMode {
    /** {@code offset} counts the records to skip, as the API page's text and the vendor's Terraform provider use it. */
    RECORDS,
    /** {@code offset} is a 1-based page number, as the API page's example ({@code offset=1} for the first page) reads; 0 means 1. */
    PAGES
}
