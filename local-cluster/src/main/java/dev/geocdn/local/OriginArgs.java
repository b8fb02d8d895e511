package dev.geocdn.local;

import dev.geocdn.origin.OriginMockConfig;

/**
 * How the origin behind the world is chosen: origin-mock on {@code --origin-port}, unless the
 * user put their own origin behind the CDN ({@code --origin=URL}), in which case nothing starts.
 */
final class OriginArgs {

    private OriginArgs() {
    }

    /** Whether the world starts origin-mock (rather than using the user's origin). */
    static boolean startsOriginMock(WorldConfig config) {
        return config.originUrl() == null;
    }

    /** origin-mock's configuration: its defaults, on the world's origin port. */
    static OriginMockConfig mock(WorldConfig config) {
        return OriginMockConfig.defaults().withPort(config.originPort());
    }
}
