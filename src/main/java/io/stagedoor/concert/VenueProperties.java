package io.stagedoor.concert;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code stagedoor.time-zone} and {@code stagedoor.demo-data}.
 *
 * @param timeZone the venue's zone: concert dates and "today" are in it, whatever the JVM's or the
 * database's zone
 * @param demoData seed concert 1, on sale from start-up, with dates today+7, +8 and +9 (on by
 * default only in the embedded mode)
 */
@ConfigurationProperties("stagedoor")
record VenueProperties(@DefaultValue("Asia/Seoul") ZoneId timeZone, @DefaultValue("false") boolean demoData) {
}
