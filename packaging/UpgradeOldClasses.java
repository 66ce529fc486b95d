import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * bin/package's step before the AOT training run: rewrites the class files older than Java 6 (major version 50)
 * in the jars of a folder as Java 8 class files (major 52) with stack maps computed from their code, which is left
 * as it is. The JVM's AOT cache and class-data sharing cannot hold pre-Java 6 classes (they need the old
 * verifier), so a library compiled for Java 5 (picocli) would be read, verified and linked again on every start:
 * 70 ms of each command here. Usage: java packaging/UpgradeOldClasses.java LIB_FOLDER
 */
public final class UpgradeOldClasses {
    private static final int FIRST_ARCHIVABLE = 50;
    private static final int TARGET = 52;

    public static void main(String[] args) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                int upgraded = upgrade(jar);
                if (upgraded > 0) {
                    System.err.println("bin/package: " + jar.getFileName() + ": " + upgraded
                            + " class files upgraded to Java 8's format for the AOT cache");
                }
            }
        }
    }

    /** Rewrites the jar in place when it holds old class files; returns how many were rewritten. */
    private static int upgrade(Path jar) throws IOException {
        if (isSigned(jar)) {
            return 0; // rewriting would break its signature
        }
        Path out = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        // the jar itself resolves the superclasses that stack maps name; the JDK's own come first
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null);
             InputStream raw = Files.newInputStream(jar);
             ZipInputStream in = new ZipInputStream(raw);
             OutputStream rawOut = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(rawOut)) {
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (isOldClass(entry, bytes)) {
                    ClassModel model = classFile.parse(bytes);
                    bytes = classFile.transformClass(model,
                            ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                    .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET, 0))));
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        if (upgraded > 0) {
            Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(out);
        }
        return upgraded;
    }

    private static boolean isSigned(Path jar) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return z.stream().anyMatch(e -> e.getName().startsWith("META-INF/") && e.getName().endsWith(".SF"));
        }
    }

    private static boolean isOldClass(ZipEntry entry, byte[] bytes) {
        if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/") || bytes.length < 8) {
            return false;
        }
        int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
        return major < FIRST_ARCHIVABLE;
    }
}
