package dev.twinstack.users;

import dev.twinstack.platform.KeyReads;
import dev.twinstack.users.UserApi.UserResponse;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;

/**
 * Reads answer with {@link UserResponse} projections (a constructor expression in one {@code SELECT}, or for the
 * primary-key read the row itself), never with managed entities. Each runs in a stateless session of its own, closed when the query is done: outside a transaction
 * the connection stays in autocommit (the database sees the {@code SELECT} alone), and it goes back to the pool at
 * once, not when the request ends, after the response (where the server's admission bound has already let the next
 * request in).
 */
@ApplicationScoped
class UserRepository implements PanacheRepository<User> {

    private static final String RESPONSE = "select new " + UserResponse.class.getName()
            + "(u.id, u.email, u.name, u.subject, u.createdAt) from User u ";

    private final SessionFactory sessions;
    private final KeyReads keyReads;

    UserRepository(SessionFactory sessions, KeyReads keyReads) {
        this.sessions = sessions;
        this.keyReads = keyReads;
    }

    /** The primary-key read: see {@link KeyReads} for why it is plain JDBC. */
    Optional<UserResponse> findResponse(long id) {
        return keyReads
                .rows(
                        "SELECT id, email, name, subject, created_at FROM users WHERE id = ?",
                        id,
                        rs -> new UserResponse(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getObject(5, OffsetDateTime.class).toInstant()))
                .stream()
                .findFirst();
    }

    /** One page in id order, plus one row to tell whether another page follows. */
    List<UserResponse> pageAfter(Long after, int limit) {
        return sessions.fromStatelessSession(
                s -> s.createSelectionQuery(RESPONSE + "where u.id > :after order by u.id", UserResponse.class)
                        .setParameter("after", after == null ? 0L : after)
                        .setMaxResults(limit + 1)
                        .getResultList());
    }

    Optional<UserResponse> findByEmail(String email) {
        return sessions.fromStatelessSession(
                s -> s.createSelectionQuery(RESPONSE + "where lower(u.email) = lower(:email)", UserResponse.class)
                        .setParameter("email", email)
                        .setMaxResults(1)
                        .uniqueResultOptional());
    }
}
