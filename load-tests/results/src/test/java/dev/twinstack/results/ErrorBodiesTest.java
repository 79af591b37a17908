package dev.twinstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which error bodies leak the service's internals: its own problem details never do; escaped failures do. */
class ErrorBodiesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,\"detail\":\"unexpected"
                        + " failure, reference 3f2a9c1e-5b7d-4e1a-9c3b-2d4e6f8a0b1c\"}",
                "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"the database"
                        + " is unavailable; retry later\"}",
                "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"an earlier request with"
                        + " this Idempotency-Key is still being processed; retry after 1 s\"}",
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"the request body is"
                        + " not valid\",\"errors\":[{\"field\":\"items[0].qty\",\"detail\":\"must be between 1 and"
                        + " 1000\"}]}",
                "{\"message\":\"Internal Server Error\"}",
                "{\"message\":\"Service Unavailable\"}",
                "no healthy upstream",
                ""
            })
    void findsNothingInTheServicesOwnProblemsOrAGatewaysWords(String body) {
        assertEquals(Optional.empty(), ErrorBodies.leak(body));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"detail":"org.hibernate.exception.JDBCConnectionException: could not prepare statement"} | an exception (org.hibernate.exception.JDBCConnectionException)
            {"error":"NullPointerException"} | an exception (NullPointerException)
            java.lang.OutOfMemoryError: Java heap space | an exception (java.lang.OutOfMemoryError)
            {"trace":"\\tat dev.twinstack.orders.OrderService.place(OrderService.java:42)"} | a stack frame (at dev.twinstack.orders.OrderService.place(OrderService.java:42))
            at jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method) | a stack frame (at jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method))
            {"detail":"could not execute statement [SQL state: 23505]"} | a SQL state (SQL state)
            {"detail":"ERROR: duplicate key value violates unique constraint \\"idempotency_keys_pkey\\""} | a SQL state (ERROR: d)
            {"detail":"ERROR: relation \\"orders\\" does not exist"} | a SQL state (ERROR: r)
            {"detail":"could not execute: insert into orders (user_id, status) values (?, ?)"} | SQL (insert into orders)
            {"detail":"select o.id, o.user_id from orders o where o.id=?"} | SQL (select o.id, o.user_id from orders)
            """)
    void namesWhatABodyLeaked(String body, String finding) {
        assertEquals(Optional.of(finding), ErrorBodies.leak(body));
    }
}
