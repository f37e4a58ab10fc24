package io.stagedoor.admin;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator page at {@code /admin}: a static page (static/admin.html and its module admin.js)
 * that asks for the admin key and then uses only the admin API, so the page itself holds nothing to
 * protect and every figure and change stays behind {@code X-Admin-Key}.
 */
@RestController
class OperatorPageController {

	private static final Resource PAGE = new ClassPathResource("static/admin.html");

	@GetMapping(path = "/admin", produces = MediaType.TEXT_HTML_VALUE)
	Mono<ResponseEntity<Resource>> page() {
		// no-cache: a new release's page is never mixed with an old cached one
		return Mono.just(ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(PAGE));
	}

}
