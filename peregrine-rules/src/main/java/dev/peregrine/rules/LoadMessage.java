package dev.peregrine.rules;

/**
 * One error or warning of a load, with where it was found.
 *
 * @param code     Falco's code (its {@link LoadCode#isError()} says whether this is an error)
 * @param text     what is wrong
 * @param file     the rules file's name as given to the loader, or null when the problem is not in one file
 * @param line     the 1-based line of the item (or of the key inside it) the problem is about, 0 if unknown
 * @param itemType "rule", "macro", "list", "exception", ... or null for file-level problems
 * @param itemName the item's name, or null
 * @param detail   where inside the item, e.g. the condition with a caret under the problem; null if nothing to add
 */
public record LoadMessage(LoadCode code, String text, String file, int line, String itemType, String itemName,
                          String detail) {
    public LoadMessage(LoadCode code, String text, String file, int line, String itemType, String itemName) {
        this(code, text, file, line, itemType, itemName, null);
    }

    public boolean isError() {
        return code.isError();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file);
            if (line > 0) {
                b.append(':').append(line);
            }
            b.append(": ");
        }
        if (itemType != null) {
            b.append(itemType);
            if (itemName != null) {
                b.append(" '").append(itemName).append('\'');
            }
            b.append(": ");
        }
        return b.append(code.isError() ? "error " : "warning ").append(code.name()).append(" (")
                .append(code.description()).append("): ").append(text).append(detail == null ? "" : "\n" + detail)
                .toString();
    }
}
