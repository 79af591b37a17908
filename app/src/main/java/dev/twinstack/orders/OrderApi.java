package dev.twinstack.orders;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the orders API: entities never leave the service. */
final class OrderApi {

    private OrderApi() {}

    static final int MAX_ITEMS = 100;

    record OrderRequest(
            @NotNull @Min(1) Long userId,
            @NotNull @Size(min = 1, max = MAX_ITEMS) List<@NotNull @Valid LineItemRequest> items) {}

    record LineItemRequest(
            @NotNull
            @Size(min = 1, max = 64)
            @Pattern(regexp = "[A-Za-z0-9._-]*", message = "may contain only letters, digits, '.', '_' and '-'")
            String sku,

            @NotNull @Min(1) @Max(1000) Integer qty) {}

    record LineItemResponse(String sku, int qty) {}

    record OrderResponse(
            long id,
            long userId,
            @Schema(enumeration = {"PLACED", "CANCELLED"}) String status,
            Instant createdAt,
            List<LineItemResponse> items) {

        static OrderResponse of(Order order) {
            return new OrderResponse(
                    order.id,
                    order.userId,
                    order.status.name(),
                    order.createdAt,
                    order.items.stream()
                            .map(i -> new LineItemResponse(i.sku, i.qty))
                            .toList());
        }
    }
}
