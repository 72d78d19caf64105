package dev.asyncrosetta.model;

/** The shop answered 404 for the user; not retried. */
public final class UserNotFoundException extends CheckoutException {
    private final String userId;

    public UserNotFoundException(String userId) {
        super("no user with id " + userId);
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }
}
