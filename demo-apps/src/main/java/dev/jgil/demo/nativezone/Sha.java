package dev.jgil.demo.nativezone;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest itself: JDK code, never designated (the "C library"). */
final class Sha {
    private static final ThreadLocal<MessageDigest> MD = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Sha() {
    }

    static byte[] digest(byte[] data, int len) {
        MessageDigest md = MD.get();
        md.update(data, 0, len);
        return md.digest();
    }
}
