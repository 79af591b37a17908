package dev.twinstack.users;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
class UserRepository implements PanacheRepository<User> {

    /** One page in id order, plus one row to tell whether another page follows. */
    List<User> pageAfter(Long after, int limit) {
        return find("id > ?1 order by id", after == null ? 0L : after)
                .page(0, limit + 1)
                .list();
    }

    Optional<User> findByEmail(String email) {
        return find("lower(email) = lower(:email)", Parameters.with("email", email))
                .firstResultOptional();
    }
}
