package dev.twinstack.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown page as the checks read it: the code it shows (inline code spans and the lines of fenced blocks, where
 * commands, properties, paths and class names are written), its relative links, and its prose paragraphs.
 */
final class Markdown {

    /** Text shown as code, with the line it starts on. */
    record Code(int line, String text, boolean fenced, int block) {}

    record Link(int line, String target) {}

    /** A paragraph (or table row, or list item) of prose with the line it starts on. */
    record Paragraph(int line, String text) {}

    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private final List<String> lines;
    private final List<Code> code = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final List<Paragraph> paragraphs = new ArrayList<>();

    Markdown(String text) {
        this.lines = List.of(text.split("\n", -1));
        parse();
    }

    private void parse() {
        boolean fenced = false;
        int block = 0;
        StringBuilder paragraph = new StringBuilder();
        int paragraphLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                block++;
                continue;
            }
            if (fenced) {
                code.add(new Code(number, line, true, block));
                continue;
            }
            Matcher inline = INLINE_CODE.matcher(line);
            while (inline.find()) {
                code.add(new Code(number, inline.group(2), false, 0));
            }
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                links.add(new Link(number, link.group(1)));
            }
            boolean breaks = line.isBlank() || line.startsWith("|") || line.startsWith("#") || line.startsWith("- ");
            if (breaks && paragraph.length() > 0) {
                paragraphs.add(new Paragraph(paragraphLine, paragraph.toString()));
                paragraph.setLength(0);
            }
            if (line.isBlank()) {
                continue;
            }
            if (paragraph.length() == 0) {
                paragraphLine = number;
            } else {
                paragraph.append(' ');
            }
            paragraph.append(line.strip());
            if (line.startsWith("|") || line.startsWith("#")) {
                paragraphs.add(new Paragraph(paragraphLine, paragraph.toString()));
                paragraph.setLength(0);
            }
        }
        if (paragraph.length() > 0) {
            paragraphs.add(new Paragraph(paragraphLine, paragraph.toString()));
        }
    }

    List<Code> code() {
        return code;
    }

    List<Link> links() {
        return links;
    }

    List<Paragraph> paragraphs() {
        return paragraphs;
    }

    /** The line (1-based) of a paragraph on which {@code fragment} first occurs. */
    int lineOf(Paragraph paragraph, String fragment) {
        for (int i = paragraph.line() - 1; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i + 1;
            }
        }
        return paragraph.line();
    }

    String text() {
        return String.join("\n", lines);
    }
}
