package dev.twinstack.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.orders.OrderApi.OrderRequest;
import org.junit.jupiter.api.Test;

/**
 * The idempotency fingerprint of an order request: a retry is the same request whatever its bytes (field order,
 * whitespace), and any change of meaning is another request.
 */
class RequestFingerprintTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COMPACT =
            "{\"userId\":7,\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-2\",\"qty\":1}]}";
    private static final String REORDERED_AND_SPACED = """
            {
              "items" : [ { "qty" : 2, "sku" : "A-1" },
                          { "qty" : 1,   "sku" : "B-2" } ],
              "userId" : 7
            }
            """;

    @Test
    void ignoresFieldOrderAndWhitespace() throws Exception {
        assertEquals(fingerprint(COMPACT), fingerprint(REORDERED_AND_SPACED));
    }

    @Test
    void isAHexSha256() throws Exception {
        assertEquals(64, fingerprint(COMPACT).length());
        assertEquals(fingerprint(COMPACT), fingerprint(COMPACT).replaceAll("[^0-9a-f]", ""));
    }

    @Test
    void changesWithTheUser() throws Exception {
        assertNotEquals(fingerprint(COMPACT), fingerprint(COMPACT.replace("\"userId\":7", "\"userId\":8")));
    }

    @Test
    void changesWithAQuantityOrASku() throws Exception {
        assertNotEquals(fingerprint(COMPACT), fingerprint(COMPACT.replace("\"qty\":2", "\"qty\":3")));
        assertNotEquals(fingerprint(COMPACT), fingerprint(COMPACT.replace("A-1", "A-2")));
    }

    @Test
    void changesWithTheOrderOfItems() throws Exception {
        String swapped = "{\"userId\":7,\"items\":[{\"sku\":\"B-2\",\"qty\":1},{\"sku\":\"A-1\",\"qty\":2}]}";

        assertNotEquals(fingerprint(COMPACT), fingerprint(swapped), "the items' order is part of the order");
    }

    @Test
    void keepsItemBoundariesApart() throws Exception {
        String one = "{\"userId\":7,\"items\":[{\"sku\":\"A\",\"qty\":12}]}";
        String other = "{\"userId\":7,\"items\":[{\"sku\":\"A1\",\"qty\":2}]}";

        assertNotEquals(fingerprint(one), fingerprint(other));
    }

    private static String fingerprint(String body) throws Exception {
        return OrderService.fingerprint(JSON.readValue(body, OrderRequest.class));
    }
}
