package io.samsa.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordEncoderTest {

    @ParameterizedTest
    @ValueSource(strings = {"AES/CBC/PKCS5Padding", "AES/GCM/NoPadding"})
    void aPasswordIsStoredEncryptedInKafkasFormatAndReadBackWithTheSameSecretOnly(String cipher) {
        PasswordEncoder encoder = new PasswordEncoder("the-secret", null, cipher, 128, 4096);
        String encoded = encoder.encode("keystore-pässword");
        assertThat(encoded).doesNotContain("keystore").contains("encryptedPassword:").contains("salt:")
                .contains("initializationVector:").contains("cipherAlgorithm:" + cipher)
                .contains("keyFactoryAlgorithm:PBKDF2WithHmacSHA512").contains("passwordLength:17");
        assertThat(encoder.encode("keystore-pässword")).as("salted: never the same twice").isNotEqualTo(encoded);

        // Decoding reads the algorithm settings from the value, not from the decoding broker's own settings.
        assertThat(new PasswordEncoder("the-secret", "PBKDF2WithHmacSHA1", "AES/CBC/PKCS5Padding", 256, 8192)
                .decode(encoded)).isEqualTo("keystore-pässword");
        assertThatThrownBy(() -> new PasswordEncoder("another-secret", null, cipher, 128, 4096).decode(encoded))
                .isInstanceOf(ConfigException.class).hasMessageContaining("password.encoder.secret");
    }
}
