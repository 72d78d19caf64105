package dev.asyncrosetta.app.bench;

import java.util.List;

/**
 * One workload's results, every style, under a heading that says what the workload was.
 *
 * @param quick whether these are a quick run's: it does not wait for its checkouts to end before
 *     closing a style, so that is not worth a note
 */
record Section(Workload workload, String heading, List<Result> results, boolean quick) {}
