// The remote jslib modules the scripts import by URL: k6 fetches them at run time, TypeScript
// cannot, so their shape is declared here (https://grafana.com/docs/k6/latest/javascript-api/jslib/utils/textsummary/).
declare module 'https://jslib.k6.io/k6-summary/0.0.2/index.js' {
	export function textSummary(data: object, options?: { indent?: string; enableColors?: boolean }): string;
	export function jUnit(data: object, options?: object): string;
}
