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
