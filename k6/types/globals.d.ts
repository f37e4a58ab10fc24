// k6 gives every script a console (https://grafana.com/docs/k6/latest/javascript-api/#console);
// @types/k6 2.3.0 leaves it to the DOM library, which a k6 script does not have.
declare const console: {
	log(...args: unknown[]): void;
	info(...args: unknown[]): void;
	warn(...args: unknown[]): void;
	error(...args: unknown[]): void;
	debug(...args: unknown[]): void;
};
