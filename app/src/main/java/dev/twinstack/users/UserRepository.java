package dev.twinstack.users;

import dev.twinstack.users.UserApi.UserResponse;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Reads answer with {@link UserResponse} projections (a constructor expression in one {@code SELECT}), never with
 * managed entities: nothing is put in the persistence context, and nothing is there to dirty-check or flush.
 */
@ApplicationScoped
class UserRepository implements PanacheRepository<User> {

    Optional<UserResponse> findResponse(long id) {
        return find("id", id).project(UserResponse.class).singleResultOptional();
    }

    /** One page in id order, plus one row to tell whether another page follows. */
    List<UserResponse> pageAfter(Long after, int limit) {
        return find("id > ?1 order by id", after == null ? 0L : after)
                .page(0, limit + 1)
                .project(UserResponse.class)
                .list();
    }

    Optional<UserResponse> findByEmail(String email) {
        return find("lower(email) = lower(:email)", Parameters.with("email", email))
                .project(UserResponse.class)
                .firstResultOptional();
    }
}
