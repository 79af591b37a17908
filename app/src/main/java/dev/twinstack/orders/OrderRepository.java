package dev.twinstack.orders;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class OrderRepository implements PanacheRepository<Order> {

    /** A user's orders, newest first, keyset-paginated on id; one extra row tells whether another page follows. */
    List<Order> pageForUser(long userId, Long after, int limit) {
        return find("userId = ?1 and id < ?2 order by id desc", userId, after == null ? Long.MAX_VALUE : after)
                .page(0, limit + 1)
                .list();
    }
}
