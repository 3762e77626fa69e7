package io.corio.servers.config.internal;

import io.corio.servers.config.ConfigException;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns YAML text into one node tree (SnakeYAML Engine's composer, core schema) with marks on every node, and
 * refuses documents built to exhaust the loader, each with a {@link ConfigException} at the offending place:
 * more than {@link #MAX_CODE_POINTS} characters, nesting deeper than {@link #MAX_DEPTH}, more than
 * {@link #MAX_COLLECTION_ALIASES} aliases to lists or mappings (the "billion laughs"), recursive aliases.
 */
public final class YamlInput {
    /** Longest document, in Unicode code points (1 MiB). */
    public static final int MAX_CODE_POINTS = 1 << 20;
    /** Deepest nesting of lists and mappings. */
    public static final int MAX_DEPTH = 32;
    /** Most aliases ({@code *name}) that point at a list or mapping. Aliases of plain values are not counted. */
    public static final int MAX_COLLECTION_ALIASES = 50;

    private YamlInput() {
    }

    /** The root node of the single document in {@code text}, or {@code null} if the document is empty. */
    public static Node compose(String text, String source) {
        long codePoints = text.codePointCount(0, text.length());
        if (codePoints > MAX_CODE_POINTS) {
            throw new ConfigException(source, 0, 0, null, "the document has " + codePoints
                    + " characters, more than the limit of " + MAX_CODE_POINTS + " (1 Mi): refused");
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS + 1)
                .setUseMarks(true)
                .build();
        var parser = new GuardedParser(new ParserImpl(settings, new StreamReader(settings, text)), source);
        try {
            Optional<Node> root = new Composer(settings, parser).getSingleNode();
            return root.orElse(null);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String problem = oneLine(e.getProblem());
            String context = e.getContext() == null || e.getContext().isBlank() ? null : oneLine(e.getContext());
            String message = context == null ? problem
                    : problem.startsWith("but ") ? context + ", " + problem : problem + " (" + context + ")";
            throw at(source, mark, null, "YAML syntax: " + message);
        } catch (YamlEngineException e) {
            throw at(source, parser.lastMark, null, "YAML: " + oneLine(e.getMessage()));
        } catch (ConfigException e) {
            throw e; // the guard's refusals
        } catch (RuntimeException e) {
            // SnakeYAML Engine 3.2 throws plain IllegalArgumentException for some malformed input, such as the
            // tag "!%a" ("Tag must not contain leading or trailing spaces"): still the user's YAML, not our fault.
            throw at(source, parser.lastMark, null, "YAML: " + oneLine(e.getMessage()));
        }
    }

    static ConfigException at(String source, Optional<Mark> mark, String key, String problem) {
        return mark.map(m -> new ConfigException(source, m.getLine() + 1, m.getColumn() + 1, key, problem))
                .orElseGet(() -> new ConfigException(source, 0, 0, key, problem));
    }

    private static String oneLine(String s) {
        return s == null ? "(no detail)" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Watches the events on their way to the composer: counts nesting and aliases of collections, so a bomb is
     * refused before anything is expanded or the composer's recursion gets deep.
     */
    private static final class GuardedParser implements Parser {
        private final Parser delegate;
        private final String source;
        private final Set<Anchor> collectionAnchors = new HashSet<>();
        private final ArrayList<Anchor> open = new ArrayList<>(); // anchors of the collections not yet ended
        private int depth;
        private int collectionAliases;
        Optional<Mark> lastMark = Optional.empty();

        GuardedParser(Parser delegate, String source) {
            this.delegate = delegate;
            this.source = source;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return delegate.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public Event next() {
            Event event = delegate.next();
            lastMark = event.getStartMark();
            switch (event) {
                case CollectionStartEvent start -> {
                    if (++depth > MAX_DEPTH) {
                        throw at(source, lastMark, null, "lists and mappings nested deeper than " + MAX_DEPTH
                                + " levels: refused");
                    }
                    start.getAnchor().ifPresent(collectionAnchors::add);
                    start.getAnchor().ifPresent(this::shadow);
                    open.add(start.getAnchor().orElse(null));
                }
                case AliasEvent alias -> {
                    // The composer merges "<<: *a" while it builds the mapping; inside &a itself that loops
                    // for ever (SnakeYAML Engine 3.2), so a recursive alias is refused here, before composing.
                    if (alias.getAlias() != null && open.contains(alias.getAlias())) {
                        throw at(source, lastMark, null, "an alias refers to a node that contains it (recursive): "
                                + "refused");
                    }
                    if (alias.getAlias() != null && collectionAnchors.contains(alias.getAlias())
                            && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                        throw at(source, lastMark, null, "more than " + MAX_COLLECTION_ALIASES
                                + " aliases to lists or mappings (a YAML bomb?): refused");
                    }
                }
                case NodeEvent scalar -> {
                    scalar.getAnchor().ifPresent(collectionAnchors::remove);
                    scalar.getAnchor().ifPresent(this::shadow);
                }
                default -> {
                    if (event.getEventId() == Event.ID.SequenceEnd || event.getEventId() == Event.ID.MappingEnd) {
                        depth--;
                        if (!open.isEmpty()) {
                            open.removeLast();
                        }
                    }
                }
            }
            return event;
        }

        /** A new definition of {@code anchor}: aliases after it name the new node, not an open collection. */
        private void shadow(Anchor anchor) {
            open.replaceAll(a -> anchor.equals(a) ? null : a);
        }
    }
}
