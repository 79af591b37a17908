package dev.twinstack.docs;

import java.nio.file.Path;

/**
 * One thing a document or comment names that the project does not have (or the reverse): what kind of item, the item
 * itself, the file and line it was found on, and what is wrong, so that a failing build says exactly what to fix.
 */
record Finding(Path file, int line, String kind, String item, String problem) {

    @Override
    public String toString() {
        return file.toString().replace('\\', '/') + ":" + line + ": " + kind + " '" + item + "' " + problem;
    }
}
