package dev.asyncrosetta.callbacks;

/**
 * What a started asynchronous operation hands back so that it can be stopped: an HTTP exchange,
 * a timer, a whole checkout. Aborting something that has already ended does nothing.
 */
@FunctionalInterface
public interface Abortable {

    void abort();
}
