package dev.geocdn.gateway.routing.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.record.Country;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The client's address looked up in a MaxMind GeoLite2/GeoIP2 database (Country, City or
 * Enterprise, given by path): its country is mapped to a region by the country table, or,
 * for countries the table does not name, its continent by the continent table.
 *
 * <p>The database is memory-mapped and read through MaxMind's own reader with its small
 * decoded-record cache, so a lookup costs a few microseconds and no allocation per request
 * beyond the answer. Addresses the database does not know (private ranges, loopback) are not
 * placed here and fall through to the next source; so does any error reading the file,
 * because a damaged database must cost placement accuracy, never requests.
 */
public final class MaxMindSource implements GeoSource, Closeable {

    private final DatabaseReader reader;
    private final Map<String, String> countries;
    private final Map<String, String> continents;

    MaxMindSource(DatabaseReader reader, Map<String, String> countries, Map<String, String> continents) {
        this.reader = reader;
        this.countries = upperKeys(countries);
        this.continents = upperKeys(continents);
    }

    /**
     * Opens the database at {@code database}.
     *
     * @throws IllegalArgumentException naming the file and the reason when it cannot be read
     *                                  or is not a MaxMind database, so that start-up fails
     *                                  with a message instead of placing nobody
     */
    public static MaxMindSource open(Path database, Map<String, String> countries, Map<String, String> continents) {
        if (!Files.isReadable(database)) {
            throw new IllegalArgumentException("cdn.gateway.placement.maxmind.database: cannot read " + database);
        }
        try {
            DatabaseReader reader = new DatabaseReader.Builder(database.toFile()).withCache(new CHMCache()).build();
            return new MaxMindSource(reader, countries, continents);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cdn.gateway.placement.maxmind.database: " + database
                    + " is not a MaxMind database: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "maxmind";
    }

    @Override
    public Optional<Placement> place(ClientInfo client) {
        Optional<CountryResponse> found;
        try {
            found = reader.tryCountry(client.clientAddress());
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            return Optional.empty();
        }
        return found.flatMap(this::region);
    }

    private Optional<Placement> region(CountryResponse response) {
        String iso = isoCode(response.country()).or(() -> isoCode(response.registeredCountry())).orElse(null);
        if (iso != null && countries.containsKey(iso)) {
            return Optional.of(new Placement(countries.get(iso), name(), "country=" + iso));
        }
        String continent = response.continent() == null ? null : response.continent().code();
        if (continent != null && continents.containsKey(continent.toUpperCase(Locale.ROOT))) {
            return Optional.of(new Placement(continents.get(continent.toUpperCase(Locale.ROOT)), name(),
                    "continent=" + continent));
        }
        return Optional.empty();
    }

    /** The database's type as its metadata names it ({@code GeoLite2-Country}, ...). */
    public String databaseType() {
        return reader.metadata().databaseType();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static Optional<String> isoCode(Country country) {
        return country == null || country.isoCode() == null ? Optional.empty()
                : Optional.of(country.isoCode().toUpperCase(Locale.ROOT));
    }

    private static Map<String, String> upperKeys(Map<String, String> map) {
        java.util.HashMap<String, String> upper = new java.util.HashMap<>();
        map.forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
        return Map.copyOf(upper);
    }
}
