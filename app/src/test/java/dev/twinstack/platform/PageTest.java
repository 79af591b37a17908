package dev.twinstack.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keyset cursor: a query fetches limit + 1 rows, and the extra row only says that another page exists. */
class PageTest {

    private static final int LIMIT = 3;

    private record Row(long id) {}

    @Test
    void lastPageHasNoCursor() {
        List<Row> rows = List.of(new Row(4), new Row(7));

        Page<Row> page = Page.of(rows, LIMIT, Row::id);

        assertEquals(rows, page.items());
        assertNull(page.next());
    }

    @Test
    void exactlyLimitRowsIsTheLastPage() {
        List<Row> rows = List.of(new Row(4), new Row(7), new Row(9));

        Page<Row> page = Page.of(rows, LIMIT, Row::id);

        assertEquals(rows, page.items());
        assertNull(page.next());
    }

    @Test
    void oneRowMoreGivesLimitItemsAndTheLastItemsIdAsCursor() {
        List<Row> rows = List.of(new Row(4), new Row(7), new Row(9), new Row(12));

        Page<Row> page = Page.of(rows, LIMIT, Row::id);

        assertEquals(List.of(new Row(4), new Row(7), new Row(9)), page.items());
        assertEquals(9L, page.next(), "the next page starts after the last item shown, not after the extra row");
    }

    @Test
    void emptyResultIsAnEmptyLastPage() {
        Page<Row> page = Page.of(List.of(), LIMIT, Row::id);

        assertEquals(List.of(), page.items());
        assertNull(page.next());
    }

    @Test
    void itemsOfAFullPageDoNotChangeWithTheQueryResult() {
        List<Row> rows = new ArrayList<>(List.of(new Row(1), new Row(2), new Row(3), new Row(4)));

        Page<Row> page = Page.of(rows, LIMIT, Row::id);
        rows.set(0, new Row(99));

        assertEquals(new Row(1), page.items().get(0));
        assertThrows(UnsupportedOperationException.class, () -> page.items().add(new Row(5)));
    }
}
