package dev.twinstack.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
class LineItem {

    @Column(nullable = false, length = 64)
    String sku;

    @Column(nullable = false)
    int qty;

    LineItem() {}

    LineItem(String sku, int qty) {
        this.sku = sku;
        this.qty = qty;
    }
}
