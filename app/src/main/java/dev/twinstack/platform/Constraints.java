package dev.twinstack.platform;

import org.hibernate.exception.ConstraintViolationException;

/** Tells which database constraint refused a write, so a service can answer with the client's fault. */
public final class Constraints {

    private Constraints() {}

    public static boolean violated(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && constraint.equals(c.getConstraintName())) {
                return true;
            }
        }
        return false;
    }
}
