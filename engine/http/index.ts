/** The one HTTP client (docs/architecture.md). */
export { DEFAULT_MAX_REDIRECTS, HttpError, httpRequest, readBody, retryableStatus } from './client';
export type { HttpMethod, HttpRequestOptions, HttpResponse, TlsOptions } from './client';
