package dev.twinstack.users;

import dev.twinstack.platform.Constraints;
import dev.twinstack.platform.Page;
import dev.twinstack.platform.ProblemException;
import dev.twinstack.users.UserApi.UserRequest;
import dev.twinstack.users.UserApi.UserResponse;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

/**
 * Writes run in a transaction. Reads run without one: each is one SELECT, atomic on its own, so the connection stays in
 * autocommit and the database sees that statement alone, not begin, select, commit (two round trips).
 */
@ApplicationScoped
class UserService {

    private final UserRepository users;

    UserService(UserRepository users) {
        this.users = users;
    }

    @Transactional
    @WithSpan
    UserResponse create(UserRequest request) {
        User user = new User();
        user.email = request.email();
        user.name = request.name();
        user.subject = request.subject();
        persist(user);
        return UserResponse.of(user);
    }

    UserResponse get(long id) {
        return users.findResponse(id).orElseThrow(() -> ProblemException.notFound("user", id));
    }

    Page<UserResponse> findByEmail(String email) {
        return new Page<>(users.findByEmail(email).stream().toList(), null);
    }

    Page<UserResponse> list(Long after, int limit) {
        return Page.of(users.pageAfter(after, limit), limit, UserResponse::id);
    }

    @Transactional
    UserResponse update(long id, UserRequest request) {
        User user = find(id);
        user.email = request.email();
        user.name = request.name();
        user.subject = request.subject();
        persist(user);
        return UserResponse.of(user);
    }

    @Transactional
    void delete(long id) {
        User user = find(id);
        try {
            users.delete(user);
            users.flush();
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "orders_user_id_fkey")) {
                throw ProblemException.conflict(null, "user " + id + " has orders and cannot be deleted");
            }
            throw e;
        }
    }

    private User find(long id) {
        return users.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("user", id));
    }

    private void persist(User user) {
        try {
            users.persistAndFlush(user);
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "users_email_key")) {
                throw ProblemException.conflict("email", "a user with this email already exists");
            }
            if (Constraints.violated(e, "users_subject_key")) {
                throw ProblemException.conflict("subject", "another user has this subject");
            }
            throw e;
        }
    }
}
