package dev.asyncrosetta.app.bench;

import java.util.List;

/** One workload's results, every style, under a heading that says what the workload was. */
record Section(Workload workload, String heading, List<Result> results) {}
