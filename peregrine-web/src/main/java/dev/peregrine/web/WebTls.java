package dev.peregrine.web;

import dev.peregrine.outputs.Pem;
import dev.peregrine.outputs.PemException;
import dev.peregrine.outputs.TlsMaterial;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * The {@link SSLContext} of Falco's {@code webserver.ssl_certificate}: one PEM file with the certificate (then any
 * chain) and its unencrypted private key, in any form {@link Pem} reads. Every failure is one line naming the file.
 */
final class WebTls {

    private WebTls() {
    }

    static SSLContext context(String file) {
        try {
            Path path = Path.of(file);
            Pem.Identity identity = Pem.identity(path, "webserver.ssl_certificate", path, "webserver.ssl_certificate");
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(TlsMaterial.keyManagers(identity), null, null);
            return context;
        } catch (InvalidPathException e) {
            throw fail(file, "cannot read it (" + e.getMessage() + ")", e);
        } catch (PemException e) {
            throw fail(file, e.reason(), e);
        } catch (GeneralSecurityException e) {
            throw fail(file, "cannot set up TLS (" + e.getMessage() + ")", e);
        }
    }

    private static WebServerException fail(String file, String why, Exception cause) {
        return new WebServerException("webserver: SSL certificate " + file + ": " + why, cause);
    }
}
