package dev.twinstack.fork;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rename command on a copy of this project: afterwards nothing anywhere (content or path) still says the old
 * name, outside the allow-list below; the renamed project knows its new identity (so it can be renamed again); every
 * Java file sits in the directory of its package; and renaming back gives the original, byte for byte. Building and
 * testing the renamed copy is {@link RenamedForkIT}'s part.
 */
class RenameTest {

    static final Rename.Identity FORK = new Rename.Identity("io.example", "io.example.shop", "shopapi");

    /** Where the old name may survive a rename, and why. Keep it small: each entry is something a fork inherits. */
    static final Map<String, String> ALLOWED_LEFTOVERS = Map.of();

    @TempDir
    static Path copy;

    private static Rename.Identity original;

    @BeforeAll
    static void renameACopy() throws IOException {
        original = Rename.Identity.of(Project.ROOT);
        Project.copyTo(copy);
        new Rename(original, FORK).applyTo(copy);
    }

    @Test
    void leavesTheOldNameNowhere() throws IOException {
        Pattern old = Pattern.compile(Pattern.quote(original.name()), Pattern.CASE_INSENSITIVE);
        List<String> leftovers = leftovers(copy, old);

        assertEquals(List.of(), leftovers, "the old name survived the rename");
    }

    @Test
    void renamedProjectKnowsItsNewIdentity() throws IOException {
        assertEquals(FORK, Rename.Identity.of(copy));
        assertTrue(Files.readString(copy.resolve("pom.xml")).contains("<groupId>io.example</groupId>"));
        assertTrue(Files.isDirectory(copy.resolve("app/src/main/java/io/example/shop/users")));
    }

    @Test
    void everyJavaFileSitsInItsPackagesDirectory() throws IOException {
        Pattern declaration = Pattern.compile("^package ([a-z0-9_.]+);", Pattern.MULTILINE);
        List<Path> java = Rename.files(copy).stream()
                .filter(f -> f.toString().endsWith(".java"))
                .toList();

        assertTrue(java.size() > 50, "the Java sources were copied: " + java.size());
        assertAll(java.stream().map(file -> () -> {
            Matcher m = declaration.matcher(Files.readString(file));
            assertTrue(m.find(), file + " declares a package");
            assertTrue(
                    file.getParent().toString().replace('/', '.').endsWith(m.group(1)),
                    file + " is in the directory of package " + m.group(1));
        }));
    }

    /** A name in none of the project's files in any spelling, so that renaming back is unambiguous. */
    @Test
    void renamingBackRestoresTheProjectByteForByte(@TempDir Path back) throws IOException {
        String unused =
                "rt" + Long.toString(System.nanoTime() % 1_000_000_007L, 36).replaceAll("[0-9]", "q");
        Rename.Identity elsewhere = new Rename.Identity("org." + unused, "org." + unused + ".core", unused + "x");
        assertEquals(
                List.of(),
                leftovers(Project.ROOT, Pattern.compile(Pattern.quote(unused), Pattern.CASE_INSENSITIVE)),
                "the name must be unused");
        Project.copyTo(back);

        new Rename(original, elsewhere).applyTo(back);
        new Rename(elsewhere, original).applyTo(back);

        List<Path> originals = Rename.files(Project.ROOT);
        List<Path> restored = Rename.files(back);
        assertEquals(originals.size(), restored.size());
        assertAll(originals.stream()
                .map(file -> () -> assertArrayEquals(
                        Files.readAllBytes(file),
                        Files.readAllBytes(
                                back.resolve(Project.ROOT.relativize(file).toString())),
                        Project.ROOT.relativize(file).toString())));
    }

    @Test
    void spellsTheNameAsEachPlaceNeedsIt() {
        Rename rename = new Rename(new Rename.Identity("dev.old", "dev.old", "old"), FORK);

        assertEquals("<groupId>io.example</groupId>", rename.apply("<groupId>dev.old</groupId>"));
        assertEquals("io.example:shopapi-app:zip", rename.apply("dev.old:old-app:zip"));
        assertEquals("import io.example.shop.users.UserApi;", rename.apply("import dev.old.users.UserApi;"));
        assertEquals("src/main/java/io/example/shop/k8s", rename.apply("src/main/java/dev/old/k8s"));
        assertEquals("example.io/database-connection-share", rename.apply("old.dev/database-connection-share"));
        assertEquals("SHOPAPI_SEED_USERS", rename.apply("OLD_SEED_USERS"));
        assertEquals("class ShopapiConfig", rename.apply("class OldConfig"));
        assertEquals("shopapi_admission_refused_total", rename.apply("old_admission_refused_total"));
        assertEquals("name: shopapi-migrate-release", rename.apply("name: old-migrate-release"));
    }

    @Test
    void refusesNamesThatCannotBeSpelledEverywhere() {
        assertThrows(IllegalArgumentException.class, () -> new Rename.Identity("io.example", "io.example", "Shop"));
        assertThrows(IllegalArgumentException.class, () -> new Rename.Identity("io.example", "io.example", "shop_api"));
        assertThrows(IllegalArgumentException.class, () -> new Rename.Identity("io.example", "io.example", "shop-api"));
        assertThrows(IllegalArgumentException.class, () -> new Rename.Identity("io.Example", "io.example", "shop"));
    }

    /** Files whose path or content still matches {@code old}, with the lines, minus the allowed ones. */
    static List<String> leftovers(Path root, Pattern old) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : Rename.files(root)) {
            String path = root.relativize(file).toString();
            if (ALLOWED_LEFTOVERS.containsKey(path)) {
                continue;
            }
            if (old.matcher(path).find()) {
                found.add(path + " (path)");
            }
            String text = Rename.text(file);
            if (text != null) {
                text.lines()
                        .filter(line -> old.matcher(line).find())
                        .forEach(line -> found.add(path + ": " + line.strip()));
            } else if (old.matcher(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .toLowerCase(Locale.ROOT))
                    .find()) {
                found.add(path + " (binary)");
            }
        }
        return found;
    }
}
