package io.stagedoor;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages keep to their declared seams. Each package under {@code io.stagedoor} is an
 * application module; its {@code package-info.java} lists the modules, and the named interfaces of
 * them, that it may use ({@code web} and {@code support} are shared by all, see
 * {@link StagedoorApplication}). A feature that uses another's type outside those interfaces, or
 * a module that the declaration leaves out, fails here naming both types; so does a cycle between
 * modules. What is not meant for other features is package-private, which the compiler guards.
 */
class ModularityTest {

	static final ApplicationModules MODULES = ApplicationModules.of(StagedoorApplication.class);

	@Test
	void featuresUseEachOtherOnlyThroughTheirDeclaredInterfaces() {
		MODULES.verify();
	}

	/**
	 * A module without {@code allowedDependencies} may use every public type of every other: a new
	 * feature package must say what it uses, or the check above would not bite on it.
	 */
	@Test
	void everyModuleDeclaresWhatItMayUse() {
		MODULES.forEach(module -> {
			String name = module.getBasePackage().getName();
			ApplicationModule declared = declaration(name);
			assertThat(declared).as("%s/package-info.java declares @ApplicationModule", name).isNotNull();
			assertThat(declared.allowedDependencies()).as("allowedDependencies of %s", name)
				.doesNotContain(ApplicationModule.OPEN_TOKEN);
		});
	}

	private static ApplicationModule declaration(String packageName) {
		try {
			return Class.forName(packageName + ".package-info").getAnnotation(ApplicationModule.class);
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

}
