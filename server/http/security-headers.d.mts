/** The security headers of every response; `dev` relaxes scripts and connections for hot reload. */
export function securityHeaders(dev: boolean): Array<{ key: string; value: string }>;
