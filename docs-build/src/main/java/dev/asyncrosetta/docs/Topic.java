package dev.asyncrosetta.docs;

import java.util.List;
import java.util.Optional;

/**
 * One thing docs/side-by-side.md shows in every style: a step of the workflow, or a rule every call
 * follows. Every style module must mark a region for each of them; the order here is the document's.
 *
 * @param id the name its markers use: {@code // side-by-side: begin <id>}
 * @param title the heading it gets in the document
 */
record Topic(String id, String title) {

    static final List<Topic> ALL = List.of(
            new Topic("workflow", "The workflow: four steps, composed"),
            new Topic("fetch-user", "Fetch the user"),
            new Topic("fetch-orders", "Fetch the open orders"),
            new Topic("fetch-details", "Fetch every order's details: the bounded, ordered fan-out"),
            new Topic("pay", "Take the payment"),
            new Topic("retries", "Retry transient failures, with a doubling backoff"),
            new Topic("timeout", "The per-call timeout, which must really abort the call"),
            new Topic("deadline", "The deadline on the whole checkout"),
            new Topic("cancellation", "Cancellation, all the way down to the socket"),
            new Topic("http-call", "One HTTP call in the style's idiom, errors mapped at the edge"),
            new Topic("threads", "Whose threads run it"),
            new Topic("admission", "Admission control: a checkout beyond capacity refused at once"));

    static Optional<Topic> byId(String id) {
        return ALL.stream().filter(topic -> topic.id.equals(id)).findFirst();
    }
}
