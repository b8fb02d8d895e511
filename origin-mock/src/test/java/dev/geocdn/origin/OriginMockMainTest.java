package dev.geocdn.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginMockMainTest {

    @Test
    void noFlags_meanPort9000OnLoopback() {
        OriginMockConfig config = OriginMockMain.parse(new String[0]);

        assertThat(config).isEqualTo(new OriginMockConfig("127.0.0.1", 9000, null));
    }

    @Test
    void flags_setPortHostAndStaticRoot(@TempDir Path root) {
        OriginMockConfig config = OriginMockMain.parse(new String[] {"--port=0", "--host=0.0.0.0", "--static-root=" + root});

        assertThat(config).isEqualTo(new OriginMockConfig("0.0.0.0", 0, root));
    }

    @Test
    void tlsFlags_setTheKeystoreAndPassword(@TempDir Path dir) throws Exception {
        Path keystore = java.nio.file.Files.createFile(dir.resolve("origin.p12"));

        OriginMockConfig config = OriginMockMain.parse(new String[] {"--port=0", "--tls-keystore=" + keystore, "--tls-password=pw"});

        assertThat(config).isEqualTo(new OriginMockConfig("127.0.0.1", 0, null, new OriginMockConfig.Tls(keystore, "pw")));
    }

    @Test
    void tlsFlags_comeInPairs_andNeedAnExistingFile(@TempDir Path dir) throws Exception {
        Path keystore = java.nio.file.Files.createFile(dir.resolve("origin.p12"));

        assertThatThrownBy(() -> OriginMockMain.parse(new String[] {"--tls-keystore=" + keystore}))
                .hasMessageContaining("--tls-keystore needs --tls-password");
        assertThatThrownBy(() -> OriginMockMain.parse(new String[] {"--tls-password=pw"}))
                .hasMessageContaining("--tls-password needs --tls-keystore");
        assertThatThrownBy(() -> OriginMockMain.parse(new String[] {"--tls-keystore=" + dir.resolve("none.p12"), "--tls-password=pw"}))
                .hasMessageContaining("--tls-keystore is not a file");
        assertThatThrownBy(() -> OriginMockMain.parse(new String[] {"--tls-keystore"})).hasMessageContaining("needs a value");
    }

    @Test
    void help_returnsNoConfig() {
        assertThat(OriginMockMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void badFlags_areRejectedWithAClearMessage() {
        assertThatThrownBy(() -> OriginMockMain.parse(new String[] {"--port=abc"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> OriginMockMain.parse(new String[] {"--port=70000"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> OriginMockMain.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> OriginMockMain.parse(new String[] {"--verbose"})).hasMessageContaining("unknown option '--verbose'");
        assertThatThrownBy(() -> OriginMockMain.parse(new String[] {"--static-root=/no/such/dir"}))
                .hasMessageContaining("not a directory");
    }
}
