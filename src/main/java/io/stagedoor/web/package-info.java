/**
 * The one error advice (problem+json) and shared web configuration: a shared module that every
 * feature may use (its rejections, ids and client address), and that uses none.
 */
@ApplicationModule(allowedDependencies = {})
package io.stagedoor.web;

import org.springframework.modulith.ApplicationModule;
