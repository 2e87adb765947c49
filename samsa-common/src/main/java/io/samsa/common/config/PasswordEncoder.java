package io.samsa.common.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.config.ConfigException;

/**
 * Encrypts the passwords of dynamic broker configs (a TLS listener's store passwords) before they are stored in
 * ZooKeeper, with {@code password.encoder.secret}, as Kafka 3.x does and in its format: a comma-separated
 * {@code name:value} list of the encrypted password, the PBKDF2 key factory, cipher, key length, iterations, salt,
 * initialization vector (and GCM tag length) and the password's length, all of which decoding reads back from the
 * value, so a broker with other {@code password.encoder.*} settings still reads it. Immutable and thread-safe.
 */
public final class PasswordEncoder {
    private static final String ENCRYPTED_PASSWORD = "encryptedPassword";
    private static final String KEY_FACTORY_ALGORITHM = "keyFactoryAlgorithm";
    private static final String CIPHER_ALGORITHM = "cipherAlgorithm";
    private static final String KEY_LENGTH = "keyLength";
    private static final String ITERATIONS = "iterations";
    private static final String SALT = "salt";
    private static final String IV = "initializationVector";
    private static final String GCM_TAG_LENGTH = "authenticationTagLength";
    private static final String PASSWORD_LENGTH = "passwordLength";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String secret;
    private final String keyFactoryAlgorithm;
    private final String cipherAlgorithm;
    private final int keyLength;
    private final int iterations;

    PasswordEncoder(String secret, String keyFactoryAlgorithm, String cipherAlgorithm, int keyLength,
                    int iterations) {
        this.secret = secret;
        this.keyFactoryAlgorithm = keyFactoryAlgorithm;
        this.cipherAlgorithm = cipherAlgorithm;
        this.keyLength = keyLength;
        this.iterations = iterations;
    }

    /** The broker's encoder, or empty without {@code password.encoder.secret}. */
    public static Optional<PasswordEncoder> of(BrokerConfig config) {
        return config.passwordEncoderSecret().map(secret -> new PasswordEncoder(secret,
                config.passwordEncoderKeyFactoryAlgorithm(), config.passwordEncoderCipherAlgorithm(),
                config.passwordEncoderKeyLength(), config.passwordEncoderIterations()));
    }

    public String encode(String password) {
        try {
            byte[] salt = new byte[256];
            RANDOM.nextBytes(salt);
            SecretKeyFactory factory = keyFactory(keyFactoryAlgorithm);
            Cipher cipher = Cipher.getInstance(cipherAlgorithm);
            cipher.init(Cipher.ENCRYPT_MODE, key(factory, cipherAlgorithm, keyLength, salt, iterations));
            Map<String, String> out = new LinkedHashMap<>();
            out.put(ENCRYPTED_PASSWORD, base64(cipher.doFinal(password.getBytes(StandardCharsets.UTF_8))));
            out.put(KEY_FACTORY_ALGORITHM, factory.getAlgorithm());
            out.put(CIPHER_ALGORITHM, cipherAlgorithm);
            out.put(KEY_LENGTH, Integer.toString(keyLength));
            out.put(ITERATIONS, Integer.toString(iterations));
            out.put(SALT, base64(salt));
            if (cipherAlgorithm.startsWith("AES/GCM/")) {
                GCMParameterSpec gcm = cipher.getParameters().getParameterSpec(GCMParameterSpec.class);
                out.put(IV, base64(gcm.getIV()));
                out.put(GCM_TAG_LENGTH, Integer.toString(gcm.getTLen()));
            } else {
                out.put(IV, base64(cipher.getParameters().getParameterSpec(IvParameterSpec.class).getIV()));
            }
            out.put(PASSWORD_LENGTH, Integer.toString(password.length()));
            return out.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(","));
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot encode a password with " + cipherAlgorithm + ": " + e.getMessage());
        }
    }

    public String decode(String encoded) {
        Map<String, String> p = new HashMap<>();
        for (String part : encoded.split(",")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                p.put(part.substring(0, colon).trim(), part.substring(colon + 1).trim());
            }
        }
        try {
            String cipherAlg = required(p, CIPHER_ALGORITHM);
            Cipher cipher = Cipher.getInstance(cipherAlg);
            SecretKeySpec key = key(keyFactory(p.get(KEY_FACTORY_ALGORITHM)), cipherAlg,
                    Integer.parseInt(required(p, KEY_LENGTH)), unbase64(required(p, SALT)),
                    Integer.parseInt(required(p, ITERATIONS)));
            byte[] iv = unbase64(required(p, IV));
            cipher.init(Cipher.DECRYPT_MODE, key, cipherAlg.startsWith("AES/GCM/")
                    ? new GCMParameterSpec(Integer.parseInt(required(p, GCM_TAG_LENGTH)), iv)
                    : new IvParameterSpec(iv));
            String password = new String(cipher.doFinal(unbase64(required(p, ENCRYPTED_PASSWORD))),
                    StandardCharsets.UTF_8);
            if (password.length() != Integer.parseInt(required(p, PASSWORD_LENGTH))) {
                throw new ConfigException("Password could not be decoded, sanity check of length failed");
            }
            return password;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("Password could not be decoded (is password.encoder.secret the one it was "
                    + "stored with?): " + e.getMessage());
        }
    }

    private static String required(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null) {
            throw new ConfigException("Encoded password without " + name);
        }
        return value;
    }

    private static SecretKeyFactory keyFactory(String algorithm) throws GeneralSecurityException {
        if (algorithm != null) {
            return SecretKeyFactory.getInstance(algorithm);
        }
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
        } catch (GeneralSecurityException e) {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1");
        }
    }

    private SecretKeySpec key(SecretKeyFactory factory, String cipherAlg, int length, byte[] salt, int rounds)
            throws GeneralSecurityException {
        byte[] key = factory.generateSecret(new PBEKeySpec(secret.toCharArray(), salt, rounds, length)).getEncoded();
        int slash = cipherAlg.indexOf('/');
        return new SecretKeySpec(key, slash > 0 ? cipherAlg.substring(0, slash) : cipherAlg);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] unbase64(String text) {
        return Base64.getDecoder().decode(text);
    }
}
