package dev.asyncrosetta.backend;

import dev.asyncrosetta.model.Step;

/** The shop's four business routes, as the ledger and the fault rules name them. */
public enum Route {
    USER("GET", "/users/{id}", Step.USER),
    ORDERS("GET", "/users/{id}/orders", Step.ORDERS),
    DETAILS("GET", "/orders/{id}/details", Step.DETAILS),
    PAYMENT("POST", "/payments", Step.PAYMENT);

    private final String method;
    private final String template;
    private final Step step;

    Route(String method, String template, Step step) {
        this.method = method;
        this.template = template;
        this.step = step;
    }

    public String method() {
        return method;
    }

    public String template() {
        return template;
    }

    /** The workflow step that calls this route. */
    public Step step() {
        return step;
    }

    public static Route of(Step step) {
        for (Route route : values()) {
            if (route.step == step) return route;
        }
        throw new IllegalArgumentException(String.valueOf(step));
    }
}
