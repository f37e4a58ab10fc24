package io.stagedoor.security;

import org.springframework.modulith.NamedInterface;

/**
 * The seller's site's word that its signed-in user may enter a concert's line, as given in the
 * body of token issuance: {@code "entry":{"issuedAt":…,"nonce":"…","signature":"…"}}.
 *
 * @param issuedAt when the seller's site signed it, in epoch seconds
 * @param nonce 1 to 64 characters of {@code A-Z a-z 0-9 _ -}, fresh for each entry, so two
 * entries signed in the same second differ
 * @param signature HMAC-SHA256, in hex, over {@code v1|<userId>|<concertId>|<issuedAt>|<nonce>}
 * (see {@link SignedEntries#canonical})
 */
@NamedInterface("signing")
public record SignedEntry(Long issuedAt, String nonce, String signature) {

	@Override
	public String toString() {
		return "SignedEntry[issuedAt=" + this.issuedAt + "]";
	}

}
